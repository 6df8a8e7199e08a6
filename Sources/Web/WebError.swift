import Desk
import Hummingbird
import ListingCore
import Logging

/// An error with two faces: a stable code for logs and metrics, and a message for the person, rendered by the
/// error middleware as a page or as `{"error": {"code", "message"}}`. What only the operator should read (what the
/// database said, an exception's text) goes in `logDetail`, which no page or answer shows.
public struct WebError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Field-level problems, for 422 answers.
    public var issues: [Issue]
    /// For the log only.
    public var logDetail: String?
    /// Shown to the person with a 500 and logged with the request, so that the two can be matched.
    public var errorID: String?
    /// The request's trace id beside the error id, when traces are sent (`TraceReference`).
    public var traceID: String?
    /// The `Allow` header of a 405.
    var allow: String?
    /// The `Retry-After` header of a 429, in seconds.
    var retryAfterSeconds: Int?

    public init(
        _ status: HTTPResponse.Status, code: String, _ message: String, issues: [Issue] = [], logDetail: String? = nil,
        errorID: String? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.issues = issues
        self.logDetail = logDetail
        self.errorID = errorID
    }

    public var description: String { "\(status.code) \(code)" }

    /// A service's refusal as an answer: its kind as the status it stands for, the rest as it is.
    public init(_ refused: ServiceError) {
        self.init(
            Self.status(of: refused.kind), code: refused.code, refused.message, issues: refused.issues,
            logDetail: refused.logDetail, errorID: refused.errorID)
        traceID = refused.traceID
        retryAfterSeconds = refused.retryAfterSeconds
    }

    /// Runs `body`, a service's refusal (`ServiceError`) thrown as the answer it stands for: for a `catch` of
    /// `WebError` around service calls, which would otherwise not see it.
    static func answering<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refused as ServiceError {
            throw WebError(refused)
        }
    }

    static func status(of kind: ServiceError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .unauthorized: .unauthorized
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unprocessable: .unprocessableContent
        case .tooMany: .tooManyRequests
        case .internal: .internalServerError
        case .badGateway: .badGateway
        case .unavailable: .serviceUnavailable
        }
    }

    static func notFound(_ what: String = "listing") -> WebError { WebError(ServiceError.notFound(what)) }

    /// A save over a paste whose draft is not there yet.
    static func stillExtracting() -> WebError { WebError(ServiceError.stillExtracting()) }

    /// Nobody is signed in: a page sends the person to the sign-in page and back; the API answers 401.
    static func signInRequired() -> WebError { WebError(ServiceError.signInRequired()) }

    /// An `Authorization: Bearer` token that is revoked, unknown, or whose account is disabled.
    static func rejectedToken() -> WebError {
        WebError(.unauthorized, code: "invalid_token", "This API token is revoked or unknown.")
    }

    static func adminsOnly() -> WebError {
        WebError(.forbidden, code: "admins_only", "Only an admin may do this.")
    }

    static func badRequest(_ message: String) -> WebError {
        WebError(.badRequest, code: "bad_request", message)
    }

    /// A fault on our side (`ServiceError.internal`).
    static func `internal`(logDetail: String) -> WebError { WebError(ServiceError.internal(logDetail: logDetail)) }

    /// Every 5xx reaches the operator: with the request id the request's logger carries, the error id the person
    /// was shown, and the detail no page shows. Called wherever an error becomes an answer.
    func logIfServerFault(_ logger: Logger, path: String) {
        guard status.code >= 500 else { return }
        // While traces are sent, the logger's metadata provider adds the line's `trace_id` (TraceExport).
        logger.error(
            "\(code) answered \(status.code)",
            metadata: [
                "error_id": .string(errorID ?? "-"), "detail": .string(logDetail ?? message), "path": .string(path),
            ])
    }
}
