import Foundation
import HTTPTypes
import Hummingbird

/// A same-origin check on every unsafe request: a cheap, strong guard against cross-site form posts, since
/// browsers always send `Origin` on them. Requests without `Origin` (curl, scripts) pass.
struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if ![.get, .head, .options].contains(request.method), let origin = request.headers[.origin] {
            let components = URLComponents(string: origin)
            let originAuthority = components?.host.map { host in components?.port.map { "\(host):\($0)" } ?? host }
            let authority = request.head.authority
            let sameSite =
                originAuthority != nil
                && (originAuthority == authority
                    || originAuthority == authority?.split(separator: ":").first.map(String.init))
            if !sameSite {
                throw WebError(.forbidden, code: "cross_origin", "This request came from another site and was refused.")
            }
        }
        return try await next(request, context)
    }
}
