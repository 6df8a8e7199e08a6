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

    static func notFound(_ what: String = "listing") -> WebError {
        WebError(.notFound, code: "not_found", "There is no such \(what).")
    }

    /// A save over a paste whose draft is not there yet.
    static func stillExtracting() -> WebError {
        WebError(
            .conflict, code: "still_extracting",
            "This paste is still being read. Its draft appears here in a moment; then correct and save it.")
    }

    /// Nobody is signed in: a page sends the person to the sign-in page and back; the API answers 401.
    static func signInRequired() -> WebError {
        WebError(.unauthorized, code: "sign_in_required", "Sign in to do this.")
    }

    /// An `Authorization: Bearer` token that is revoked, unknown, or whose account is disabled.
    static func rejectedToken() -> WebError {
        WebError(.unauthorized, code: "invalid_token", "This API token is revoked or unknown.")
    }

    static func adminsOnly() -> WebError {
        WebError(.forbidden, code: "admins_only", "Only an admin may do this.")
    }

    /// A paste refused because the account's pastes already being read by the model are as many as it may have.
    static func tooManyReadings(_ limit: Int) -> WebError {
        var error = WebError(
            .tooManyRequests, code: "too_many_readings",
            "You have \(limit) pastes being read already; nothing was stored. Try again when one is done.")
        error.retryAfterSeconds = 2
        return error
    }

    static func badRequest(_ message: String) -> WebError {
        WebError(.badRequest, code: "bad_request", message)
    }

    /// A fault on our side: a fresh error id (and the request's trace id, when traces are sent) in the message, the
    /// detail for the log.
    static func `internal`(logDetail: String) -> WebError {
        let id = newErrorID()
        let trace = TraceReference.current()
        var error = WebError(
            .internalServerError, code: "internal",
            "Something went wrong on our side (error \(id)\(trace.map { ", trace \($0)" } ?? "")). Nothing you typed "
                + "was lost: go back and try again.",
            logDetail: logDetail, errorID: id)
        error.traceID = trace
        return error
    }

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

    /// Eight hex digits: short enough to read out, random enough not to collide in a day's log.
    static func newErrorID() -> String {
        let digits = String(UInt32.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
