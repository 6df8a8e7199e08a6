import ListingCore

/// What a service refuses, or could not do: a kind that each way of serving gives its own form (`Web` an HTTP
/// status, the commands an exit), a stable code for logs and metrics, and a message for the person. What only the
/// operator should read (what the database said, an exception's text) goes in `logDetail`, which no page or answer
/// shows.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// Why the service said no.
    public enum Kind: Sendable, Equatable {
        /// Nobody is signed in, or the token is not valid.
        case unauthorized
        case notFound
        /// The thing is not in a state that allows it (still being read, set up already…).
        case conflict
        /// The text is over its limit.
        case tooLarge
        /// Values that break the rules: `issues` says which.
        case unprocessable
        /// Over a limit of how much one account may do at once: try again after `retryAfterSeconds`.
        case tooMany
        /// A fault on our side.
        case `internal`
        /// A model or provider answered with something unusable.
        case badGateway
        /// The database (or another dependency) is not answering now.
        case unavailable
    }

    public var kind: Kind
    public var code: String
    public var message: String
    /// Field-level problems, for `.unprocessable`.
    public var issues: [Issue]
    /// For the log only.
    public var logDetail: String?
    /// Shown to the person with an `.internal` error and logged with the request, so that the two can be matched.
    public var errorID: String?
    /// The request's trace id beside the error id, when traces are sent (`TraceReference`).
    public var traceID: String?
    /// When to try again after `.tooMany`, in seconds.
    public var retryAfterSeconds: Int?

    public init(
        _ kind: Kind, code: String, _ message: String, issues: [Issue] = [], logDetail: String? = nil,
        errorID: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.issues = issues
        self.logDetail = logDetail
        self.errorID = errorID
    }

    public var description: String { "\(kind) \(code)" }

    public static func notFound(_ what: String = "listing") -> ServiceError {
        ServiceError(.notFound, code: "not_found", "There is no such \(what).")
    }

    /// A save over a paste whose draft is not there yet.
    public static func stillExtracting() -> ServiceError {
        ServiceError(
            .conflict, code: "still_extracting",
            "This paste is still being read. Its draft appears here in a moment; then correct and save it.")
    }

    /// Nobody is signed in: a page sends the person to the sign-in page and back; the API answers 401.
    public static func signInRequired() -> ServiceError {
        ServiceError(.unauthorized, code: "sign_in_required", "Sign in to do this.")
    }

    /// A paste refused because the account's pastes already being read by the model are as many as it may have.
    public static func tooManyReadings(_ limit: Int) -> ServiceError {
        var error = ServiceError(
            .tooMany, code: "too_many_readings",
            "You have \(limit) pastes being read already; nothing was stored. Try again when one is done.")
        error.retryAfterSeconds = 2
        return error
    }

    /// A fault on our side: a fresh error id (and the request's trace id, when traces are sent) in the message, the
    /// detail for the log.
    public static func `internal`(logDetail: String) -> ServiceError {
        let id = newErrorID()
        let trace = TraceReference.current()
        var error = ServiceError(
            .internal, code: "internal",
            "Something went wrong on our side (error \(id)\(trace.map { ", trace \($0)" } ?? "")). Nothing you typed "
                + "was lost: go back and try again.",
            logDetail: logDetail, errorID: id)
        error.traceID = trace
        return error
    }

    /// Eight hex digits: short enough to read out, random enough not to collide in a day's log.
    public static func newErrorID() -> String {
        let digits = String(UInt32.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
