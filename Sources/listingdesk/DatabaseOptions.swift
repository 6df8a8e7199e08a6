import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import Extraction
import Storage

/// `--database-url`, else `DATABASE_URL`, else the private local cluster `scripts/run` starts.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (default: $DATABASE_URL, else \(DatabaseConfiguration.defaultURL)).")
    var databaseURL: String?

    @Option(help: "The folder of NNNN_name.sql migrations.")
    var migrations = "migrations"

    func configuration() throws -> DatabaseConfiguration {
        let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? DatabaseConfiguration.defaultURL
        return try DatabaseConfiguration(url: url)
    }

    /// Runs `body` with a connected client, then shuts the client down.
    func withClient<T: Sendable>(logger: Logger, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: try configuration().clientConfiguration, backgroundLogger: logger)
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

func makeLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}

/// A failure the command explains in one sentence (ArgumentParser prints it as `Error: …`).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Migrates with a deadline: a database that is not there would otherwise be waited on forever by the pool.
func migrateOrExplain(_ runner: MigrationRunner, logger: Logger, deadline: Duration = .seconds(30)) async throws -> [String] {
    do {
        return try await withDeadline(deadline, timeoutError: CommandFailure(
            "The database did not answer within \(deadline). Is PostgreSQL running at DATABASE_URL? (scripts/run starts one.)")
        ) { try await runner.migrate() }
    } catch let error as StorageError {
        throw CommandFailure(error.message)
    }
}
