import ArgumentParser
import Storage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the migrations that are not applied yet.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var flags = FlagValues()
        database.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.migrate")
        let directory = database.migrations
        let applied = try await settings.withDatabase(logger: logger) { client in
            try await migrateOrExplain(
                MigrationRunner(client: client, directory: directory, logger: logger), logger: logger)
        }
        print(applied.isEmpty ? "Up to date." : "Applied: \(applied.joined(separator: ", "))")
    }
}
