import HTTPTypes
import Hummingbird

/// HTTP as clients expect it, before any route runs: a path with a NUL byte is a 400 (a file server would cut the
/// name there), an empty segment (`//css`) a 404 (a redirect to it would be protocol-relative, another host); `HEAD`
/// is left to the router, which answers it like `GET` without the body; a method the path does not take is a 405
/// naming those it does.
struct RequestShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path.contains("\u{0}") || request.uri.string.lowercased().contains("%00") {
            throw WebError.badRequest("The address contains a NUL byte.")
        }
        if path.dropFirst().contains("//") || path.hasPrefix("//") {
            throw WebError.notFound("page")
        }
        let methods = routes.methods(for: path)
        guard !methods.isEmpty else { return try await next(request, context) }
        // The router answers HEAD for every GET route itself (`autoGenerateHeadEndpoints`).
        guard methods.contains(request.method) || (request.method == .head && methods.contains(.get)) else {
            var allowed = methods.map(\.rawValue)
            if methods.contains(.get) { allowed.append("HEAD") }
            var error = WebError(
                .methodNotAllowed, code: "method_not_allowed", "\(request.method) is not how this address is used.")
            error.allow = allowed.sorted().joined(separator: ", ")
            throw error
        }
        return try await next(request, context)
    }
}
