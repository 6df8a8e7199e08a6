import Hummingbird

/// Gives every browser a form nonce (a cookie) and every request the token its forms must carry; the form readers
/// (`Requests.form`) check it on each post. A browser without a valid nonce gets a new one with this answer.
struct FormTokenMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: FormTokens

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let held = request.cookies[FormTokens.cookieName]?.value
        let nonce = held.flatMap { FormTokens.isNonce($0) ? $0 : nil } ?? FormTokens.newNonce()
        context.formNonce = (nonce, tokens)
        guard nonce != held else { return try await next(request, context) }
        let cookie = Cookie(
            name: FormTokens.cookieName, value: nonce, path: "/", secure: request.uri.scheme == .https, httpOnly: true,
            sameSite: .strict)
        // Outside the error middleware: every answer, error pages included, arrives here as a response.
        var response = try await next(request, context)
        response.setCookie(cookie)
        return response
    }
}
