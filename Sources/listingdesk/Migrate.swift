import ArgumentParser
import Storage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the migrations that are not applied yet.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger("listingdesk.migrate")
        let directory = database.migrations
        do {
            let applied = try await database.withClient(logger: logger) { client in
                try await MigrationRunner(client: client, directory: directory, logger: logger).migrate()
            }
            print(applied.isEmpty ? "Up to date." : "Applied: \(applied.joined(separator: ", "))")
        } catch let error as StorageError {
            throw ValidationError(error.message)
        }
    }
}
