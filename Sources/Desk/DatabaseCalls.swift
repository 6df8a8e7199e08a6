import Extraction
import Foundation
import ListingCore
import Storage

/// How every service calls the database: within a deadline (a request waits at most `deadline` for it, while
/// PostgreSQL restarts, say), with what went wrong said as a `ServiceError`.
public struct DatabaseCalls: Sendable {
    public let deadline: Duration

    public init(deadline: Duration = .seconds(10)) {
        self.deadline = deadline
    }

    /// Runs a database call with the deadline, and is the one place where a storage failure becomes a refusal: a
    /// database that is away or slow → `.unavailable` (a page keeps what the person typed); a value the database
    /// refused → `.unprocessable` naming the field (the validator should have refused it first); anything else →
    /// `.internal` with an error id that is logged with the request.
    public func storing<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(
                deadline, timeoutError: StorageError(.unavailable, "timed out"), operation)
        } catch let error as ServiceError {
            throw error
        } catch let pastedBefore as PastedBefore {
            throw pastedBefore
        } catch {
            throw Self.answer(for: StorageError(classifying: error))
        }
    }

    /// `storing`, tried again while the database is unavailable (restarting), until `patience` has passed.
    public func storing<T: Sendable>(
        retryingFor patience: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let clock = ContinuousClock()
        let giveUp = clock.now + patience
        var pause = Duration.milliseconds(200)
        while true {
            do {
                return try await storing(operation)
            } catch let error as ServiceError where error.code == "database_unavailable" && clock.now + pause < giveUp {
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(2))
            }
        }
    }

    public static func answer(for failure: StorageError) -> ServiceError {
        switch failure.code {
        case .unavailable:
            return ServiceError(
                .unavailable, code: "database_unavailable",
                "The database is not answering right now. Nothing you typed was lost: try again in a moment.",
                logDetail: failure.detail ?? failure.message)
        case .constraintViolated:
            let field = failure.field ?? "a value"
            return ServiceError(
                .unprocessable, code: "invalid",
                "The database refused \(failure.field.map { "the \($0)" } ?? "a value"). Change it and try again.",
                issues: [
                    Issue(field: failure.field, code: .invalidValue, message: "This value cannot be stored (\(field)).")
                ],
                logDetail: failure.detail ?? failure.message)
        default:
            return ServiceError.internal(logDetail: "\(failure.code.rawValue): \(failure.detail ?? failure.message)")
        }
    }
}
