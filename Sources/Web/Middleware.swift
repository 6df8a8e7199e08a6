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
                webError = WebError.internal(logDetail: String(reflecting: error))
            }
            webError.logIfServerFault(context.logger, path: request.uri.path)
            if request.uri.path.hasPrefix("/api/") {
                return JSONAnswer.error(webError)
            }
            return renderer.errorPage(webError)
        }
    }
}

/// Security headers on every answer, error pages included.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicyHeader] = "same-origin"
        response.headers[.frameOptions] = "DENY"
        return response
    }
}

/// A same-origin check on every unsafe request: a cheap, strong guard against cross-site form posts, since
/// browsers always send `Origin` on them. Requests without `Origin` (curl, scripts) pass.
struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ![.get, .head, .options].contains(request.method), let origin = request.headers[.origin] {
            let components = URLComponents(string: origin)
            let originAuthority = components?.host.map { host in components?.port.map { "\(host):\($0)" } ?? host }
            let authority = request.head.authority
            let sameSite = originAuthority != nil
                && (originAuthority == authority || originAuthority == authority?.split(separator: ":").first.map(String.init))
            if !sameSite {
                throw WebError(.forbidden, code: "cross_origin", "This request came from another site and was refused.")
            }
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicyHeader = Self("Referrer-Policy")!
    static let frameOptions = Self("X-Frame-Options")!
}
