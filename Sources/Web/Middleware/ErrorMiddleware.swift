import Desk
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Renders every error the same way: a page from `error.mustache` for the pages, `{"error": {code, message}}` for
/// `/api`. Unexpected errors become a plain 500 with no internals shown; the details go to the log. A page that
/// needs someone signed in sends a `GET` to the sign-in page (and back after); any other method gets the sign-in
/// page itself (the browser's back button still has the form that was sent).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer
    let openSignUp: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let webError: WebError
            switch error {
            case let known as WebError:
                webError = known
            case let refused as ServiceError:
                webError = WebError(refused)
            case let http as HTTPError:
                webError = WebError(
                    http.status, code: "http_\(http.status.code)", http.body ?? http.status.reasonPhrase)
            default:
                webError = WebError.internal(logDetail: String(reflecting: error))
            }
            webError.logIfServerFault(context.logger, path: request.uri.path)
            let isAPI = request.uri.path.hasPrefix("/api/")
            if webError.status == .unauthorized && !isAPI {
                return signIn(request, context: context)
            }
            var response =
                isAPI ? JSONAnswer.error(webError) : renderer.errorPage(webError, viewer: Viewer(request, context))
            if webError.status == .unauthorized {
                response.headers[.wwwAuthenticate] =
                    webError.code == "invalid_token"
                    ? #"Bearer realm="listingdesk", error="invalid_token""# : #"Bearer realm="listingdesk""#
            }
            if let allow = webError.allow { response.headers[.allow] = allow }
            if let seconds = webError.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    func signIn(_ request: Request, context: AppRequestContext) -> Response {
        let here = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        if request.method == .get || request.method == .head {
            return .redirect(to: SiteURL.signIn.path(query: [("back", here)]), type: .normal)
        }
        return renderer.render(
            SignInPage(
                back: SiteURL.home.path, message: Viewer(request, context).labels.message(WebError.signInRequired()),
                openSignUp: openSignUp, formToken: context.formToken, viewer: Viewer(request, context)),
            status: .unauthorized)
    }
}
