import ListingCore

/// A storage failure with a stable code for logs and a message a person can act on.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case configuration
        case migrationChanged = "migration_changed"
        case migrationFailed = "migration_failed"
        case migrationsMissing = "migrations_missing"
        case corruptRow = "corrupt_row"
        /// The database cannot be reached, closed the connection, or did not answer in time: trying again later
        /// may work, and nothing was stored.
        case unavailable
        /// A value broke one of the table's constraints. The validator is meant to refuse such values first, so
        /// this is a bug between the two, reported with the field it concerns.
        case constraintViolated = "constraint_violated"
        /// Anything else the database refused or failed at.
        case failed
    }

    public var code: Code
    public var message: String
    /// The field a constraint violation concerns, when the constraint names one.
    public var field: FieldName?
    /// What the database said, for the log only (it may quote values).
    public var detail: String?

    public init(_ code: Code, _ message: String, field: FieldName? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.detail = detail
    }

    public var description: String { message }
}
