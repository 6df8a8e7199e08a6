import Hummingbird
import ListingCore

/// An error with two faces: a stable code for logs and metrics, and a message for the person, rendered by the
/// error middleware as a page or as `{"error": {"code", "message"}}`.
public struct WebError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Field-level problems, for 422 answers.
    public var issues: [Issue]

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, issues: [Issue] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.issues = issues
    }

    public var description: String { "\(status.code) \(code)" }

    static func notFound(_ what: String = "listing") -> WebError {
        WebError(.notFound, code: "not_found", "There is no such \(what).")
    }

    static func badRequest(_ message: String) -> WebError {
        WebError(.badRequest, code: "bad_request", message)
    }
}
