import Foundation
import Logging
import PostgresNIO
import Storage

/// Throwaway databases on the test cluster that `scripts/test` starts: the migrations are applied once to a
/// template, and each test gets its own clone, dropped afterwards. With no cluster configured, tests fail loudly.
public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "listingdesk.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The project folder, found from this file's place in it.
    public static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var migrationsDirectory: String { projectRoot.appendingPathComponent("migrations").path }

    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "LISTINGDESK_TEST_DATABASE_URL is not set: run the tests with scripts/test, which starts a PostgreSQL cluster."
        }
    }

    static func admin() throws -> DatabaseConfiguration {
        guard let url = ProcessInfo.processInfo.environment["LISTINGDESK_TEST_DATABASE_URL"] else {
            throw NotConfigured()
        }
        return try DatabaseConfiguration(url: url)
    }

    /// Runs `body` with a client connected to a fresh, migrated database of its own.
    public static func withDatabase<T: Sendable>(
        _ body: @Sendable (PostgresClient, DatabaseConfiguration) async throws -> T
    ) async throws -> T {
        let admin = try admin()
        let name = try await Templates.shared.clone(admin: admin)
        let configuration = admin.with(database: name)
        do {
            let result = try await withClient(configuration) { try await body($0, configuration) }
            try? await drop(name, admin: admin)
            return result
        } catch {
            try? await drop(name, admin: admin)
            throw error
        }
    }

    /// An empty database with no migrations applied (for migration tests).
    public static func withEmptyDatabase<T: Sendable>(
        _ body: @Sendable (PostgresClient, DatabaseConfiguration) async throws -> T
    ) async throws -> T {
        let admin = try admin()
        let name = "empty_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await withClient(admin) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        let configuration = admin.with(database: name)
        defer { Task { try? await drop(name, admin: admin) } }
        return try await withClient(configuration) { try await body($0, configuration) }
    }

    /// Database names cannot be bound parameters; the ones these helpers splice into SQL are made here, from a UUID or
    /// the process id, never from input.
    @discardableResult
    public static func withClient<T: Sendable>(
        _ configuration: DatabaseConfiguration, _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    static func drop(_ name: String, admin: DatabaseConfiguration) async throws {
        try await withClient(admin) { client in
            try await client.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    /// Creates the migrated template once per test process and clones it. The template is made by one task that
    /// every first caller awaits: an actor's method may be entered again while it awaits, so a plain "made yet?"
    /// check let two tests make templates at once (and a clone start from one still being migrated).
    actor Templates {
        static let shared = Templates()
        private var template: Task<String, any Error>?

        func clone(admin: DatabaseConfiguration) async throws -> String {
            let template = try await templateTask(admin: admin).value
            let name = "test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            try await TestDatabase.withClient(admin) { client in
                try await client.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"), logger: logger)
            }
            return name
        }

        private func templateTask(admin: DatabaseConfiguration) -> Task<String, any Error> {
            if let template { return template }
            let task = Task {
                let name =
                    "template_\(ProcessInfo.processInfo.processIdentifier)_\(UUID().uuidString.prefix(8).lowercased())"
                try await TestDatabase.withClient(admin) { client in
                    try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
                }
                try await TestDatabase.withClient(admin.with(database: name)) { client in
                    try await MigrationRunner(client: client, directory: migrationsDirectory, logger: logger).migrate()
                }
                return name
            }
            template = task
            return task
        }
    }
}
