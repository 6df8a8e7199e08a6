import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache

/// Renders every error the same way: a page from `error.mustache` for the pages, `{"error": {code, message}}` for
/// `/api`. Unexpected errors become a plain 500 with no internals shown; the details go to the log.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let webError: WebError
            switch error {
            case let known as WebError:
                webError = known
            case let http as HTTPError:
                webError = WebError(http.status, code: "http_\(http.status.code)", http.body ?? http.status.reasonPhrase)
            default:
                context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
                webError = WebError(.internalServerError, code: "internal", "Something went wrong on our side. Nothing you typed was lost: go back and try again.")
            }
            if request.uri.path.hasPrefix("/api/") {
                return JSONAnswer.error(webError)
            }
            return renderer.errorPage(webError)
        }
    }
}

/// Security headers on every answer, and a same-origin check on every unsafe request (a cheap, strong CSRF guard:
/// browsers always send `Origin` on cross-site form posts).
struct SecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ![.get, .head, .options].contains(request.method), let origin = request.headers[.origin],
            let host = request.head.authority
        {
            let originHost = URLComponents(string: origin)?.host.map { host in
                URLComponents(string: origin)?.port.map { "\(host):\($0)" } ?? host
            }
            if originHost != host && originHost != host.split(separator: ":").first.map(String.init) {
                throw WebError(.forbidden, code: "cross_origin", "This request came from another site and was refused.")
            }
        }
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicyHeader] = "same-origin"
        if response.headers[.frameOptions] == nil { response.headers[.frameOptions] = "DENY" }
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicyHeader = Self("Referrer-Policy")!
    static let frameOptions = Self("X-Frame-Options")!
}
