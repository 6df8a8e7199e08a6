import ListingCore
import NIOCore
import PostgresNIO

extension StorageError {
    /// Sorts any error a storage call threw into what the caller can do about it: wait (`unavailable`), fix a
    /// value (`constraintViolated`), or report a fault (`failed`). The one place that knows PostgreSQL's errors.
    public init(classifying error: any Error) {
        switch error {
        case let storage as StorageError:
            self = storage
        case let psql as PSQLError:
            self = Self.classify(psql)
        case let transaction as PostgresTransactionError:
            // The statement's own error inside a transaction; a failed BEGIN, COMMIT or ROLLBACK otherwise.
            let inner: (any Error)? =
                transaction.closureError ?? transaction.beginError ?? transaction.commitError
                ?? transaction.rollbackError
            self =
                inner.map { StorageError(classifying: $0) }
                ?? StorageError(.failed, "The transaction failed.", detail: "transaction")
        case is IOError, is ChannelError, is CancellationError:
            self = StorageError(.unavailable, "The database did not answer.", detail: String(describing: error))
        default:
            // The type only: an error's description may quote the values of a row, which stay out of logs.
            self = StorageError(.failed, "The database call failed.", detail: String(describing: type(of: error)))
        }
    }

    static func classify(_ error: PSQLError) -> StorageError {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
            .queryCancelled:
            return StorageError(.unavailable, "The database did not answer.", detail: error.code.description)
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? ""
            // Class 23: integrity constraint violations (CHECK, NOT NULL, UNIQUE, foreign key).
            if state.hasPrefix("23") {
                let constraint = error.serverInfo?[.constraintName]
                let field =
                    error.serverInfo?[.columnName].map(FieldName.init(rawValue:))
                    ?? constraint.flatMap(Self.field(inConstraint:))
                return StorageError(
                    .constraintViolated, "A value was refused by the database.", field: field,
                    detail: "\(state) \(constraint ?? "") \(message)")
            }
            // 22021 / 22P05: a character the database cannot store (a NUL in a text): the value is refused, as a
            // CHECK would refuse it, whatever input carried it this far.
            if state == "22021" || state == "22P05" {
                return StorageError(
                    .constraintViolated, "A value holds a character the database cannot store.",
                    detail: "\(state) \(message)")
            }
            // Class 08: connection exceptions; 53: insufficient resources; 57P: the server is shutting down or
            // starting up (a restart).
            if state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P") {
                return StorageError(.unavailable, "The database is not accepting work.", detail: "\(state) \(message)")
            }
            return StorageError(.failed, "The database refused the statement.", detail: "\(state) \(message)")
        default:
            return StorageError(.failed, "The database call failed.", detail: error.code.description)
        }
    }

    /// `listings_title_check` → `title`: PostgreSQL names a column's CHECK `<table>_<column>_check`, and a
    /// constraint added by hand usually follows the same pattern (`listings_location_check_extra`).
    static func field(inConstraint name: String) -> FieldName? {
        guard name.hasPrefix("listings_") else { return nil }
        let rest = name.dropFirst("listings_".count)
        return FieldSchema.allFields.map(\.name).filter { rest.hasPrefix($0.rawValue + "_check") }
            .max { $0.rawValue.count < $1.rawValue.count }
    }
}
