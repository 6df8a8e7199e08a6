import ArgumentParser
import Extraction
import Foundation
import Logging
import PostgresNIO
import Storage

/// `--database-url` (else `DATABASE_URL`, else the private local cluster `scripts/run` starts), and where the
/// migrations are.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (env DATABASE_URL; default \(DatabaseConfiguration.defaultURL)).")
    var databaseURL: String?

    @Option(help: "The folder of NNNN_name.sql migrations.")
    var migrations = "migrations"

    func add(to flags: inout FlagValues) {
        flags.set(SettingKey.databaseURL, databaseURL, secret: true)
    }
}

extension Settings {
    func databaseConfiguration() throws -> DatabaseConfiguration {
        do {
            return try DatabaseConfiguration(url: databaseURL)
        } catch let error as StorageError {
            throw CommandFailure(error.message)
        }
    }

    /// Runs `body` with a connected client, then shuts the client down.
    func withDatabase<T: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(
            configuration: try databaseConfiguration().clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            let result = try await body(client)
            return result
        }
    }
}

/// A failure the command explains in one sentence (ArgumentParser prints it as `Error: …`).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Migrates with a deadline: a database that is not there would otherwise be waited on forever by the pool.
func migrateOrExplain(
    _ runner: MigrationRunner, logger: Logger, deadline: Duration = .seconds(30)
) async throws -> [String] {
    do {
        return try await withDeadline(
            deadline,
            timeoutError: CommandFailure(
                "The database did not answer within \(deadline). Is PostgreSQL running at DATABASE_URL? (scripts/run starts one.)"
            )
        ) { try await runner.migrate() }
    } catch let error as StorageError {
        throw CommandFailure(error.message)
    }
}
