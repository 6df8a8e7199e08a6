import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Renders every error the same way: a page from `error.mustache` for the pages, `{"error": {code, message}}` for
/// `/api`. Unexpected errors become a plain 500 with no internals shown; the details go to the log.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: PageRenderer

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
            case let http as HTTPError:
                webError = WebError(
                    http.status, code: "http_\(http.status.code)", http.body ?? http.status.reasonPhrase)
            default:
                webError = WebError.internal(logDetail: String(reflecting: error))
            }
            webError.logIfServerFault(context.logger, path: request.uri.path)
            var response =
                request.uri.path.hasPrefix("/api/")
                ? JSONAnswer.error(webError) : renderer.errorPage(webError, viewer: Viewer(request))
            if let allow = webError.allow { response.headers[.allow] = allow }
            return response
        }
    }
}
