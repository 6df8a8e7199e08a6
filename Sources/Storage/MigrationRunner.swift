import Foundation
import Logging
import PostgresNIO

/// Applies `migrations/NNNN_name.sql` in order, each in its own transaction, recorded with a SHA-256 checksum in
/// `schema_migrations`. A file that changed after it was applied is an error naming the file; it is never re-run.
public struct MigrationRunner: Sendable {
    public struct Migration: Sendable {
        public var name: String
        public var sql: String
    }

    let client: PostgresClient
    let directory: String
    let logger: Logger

    public init(client: PostgresClient, directory: String, logger: Logger) {
        self.client = client
        self.directory = directory
        self.logger = logger
    }

    /// The migration files, in name order. Files that do not look like `NNNN_name.sql` are ignored.
    public func load() throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw StorageError(.migrationsMissing, "The migrations folder \(directory) cannot be read.")
        }
        let files = names.filter { $0.wholeMatch(of: /[0-9]{4}_[A-Za-z0-9_\-]+\.sql/) != nil }.sorted()
        guard !files.isEmpty else {
            throw StorageError(.migrationsMissing, "The migrations folder \(directory) has no NNNN_name.sql files.")
        }
        return try files.map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let sql = String(data: data, encoding: .utf8)
            else {
                throw StorageError(.migrationsMissing, "The migration \(name) cannot be read as UTF-8.")
            }
            return Migration(name: name, sql: sql)
        }
    }

    /// Applies what is not applied yet; returns the names applied now.
    @discardableResult
    public func migrate() async throws -> [String] {
        let migrations = try load()
        return try await client.withConnection { connection in
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name TEXT PRIMARY KEY,
                    checksum TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            // One migrator at a time: two servers starting together must not both apply a file.
            try await connection.query("SELECT pg_advisory_lock(7201001)", logger: logger)
            do {
                let applied = try await appliedChecksums(connection)
                var appliedNow: [String] = []
                for migration in migrations {
                    let checksum = Self.checksum(migration.sql)
                    if let recorded = applied[migration.name] {
                        guard recorded == checksum else {
                            throw StorageError(
                                .migrationChanged,
                                "Migration \(migration.name) was changed after it was applied "
                                    + "(checksum \(recorded.prefix(12))… now \(checksum.prefix(12))…). "
                                    + "Never edit an applied migration: add a new one.")
                        }
                        continue
                    }
                    try await apply(migration, checksum: checksum, on: connection)
                    appliedNow.append(migration.name)
                    logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                }
                try await connection.query("SELECT pg_advisory_unlock(7201001)", logger: logger)
                return appliedNow
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(7201001)", logger: logger)
                throw error
            }
        }
    }

    func appliedChecksums(_ connection: PostgresConnection) async throws -> [String: String] {
        var result: [String: String] = [:]
        let rows = try await connection.query("SELECT name, checksum FROM schema_migrations", logger: logger)
        for try await (name, checksum) in rows.decode((String, String).self) { result[name] = checksum }
        return result
    }

    func apply(_ migration: Migration, checksum: String, on connection: PostgresConnection) async throws {
        let statements = SQLScript.statements(migration.sql)
        do {
            try await connection.withTransaction(logger: logger) { transaction in
                for statement in statements {
                    try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await transaction.query(
                    "INSERT INTO schema_migrations (name, checksum) VALUES (\(migration.name), \(checksum))",
                    logger: logger)
            }
        } catch {
            throw StorageError(.migrationFailed, "Migration \(migration.name) failed: \(Self.serverMessage(error))")
        }
    }

    /// PostgreSQL's own words for a failure, unwrapped from the transaction error around it.
    static func serverMessage(_ error: any Error) -> String {
        var underlying: any Error = error
        if let transaction = error as? PostgresTransactionError {
            underlying = transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? error
        }
        if let psql = underlying as? PSQLError, let message = psql.serverInfo?[.message] {
            return message
        }
        return String(describing: underlying)
    }

    /// SHA-256 of the file's bytes, in hex.
    public static func checksum(_ text: String) -> String {
        HexDigest.sha256(text.utf8)
    }
}
