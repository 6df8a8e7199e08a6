import ArgumentParser
import Storage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the migrations that are not applied yet.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger("listingdesk.migrate")
        let directory = database.migrations
        let applied = try await database.withClient(logger: logger) { client in
            try await migrateOrExplain(MigrationRunner(client: client, directory: directory, logger: logger), logger: logger)
        }
        print(applied.isEmpty ? "Up to date." : "Applied: \(applied.joined(separator: ", "))")
    }
}
