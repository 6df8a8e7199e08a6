/// A storage failure with a stable code for logs and a message a person can act on.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case configuration
        case migrationChanged = "migration_changed"
        case migrationFailed = "migration_failed"
        case migrationsMissing = "migrations_missing"
        case corruptRow = "corrupt_row"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
