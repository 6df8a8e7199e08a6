import Hummingbird
import HummingbirdAuth
import Storage

/// Who is asking: an `Authorization: Bearer` API token, or else the session cookie. Sets the context's identity
/// (hummingbird-auth's `AuthRequestContext`), which `Viewer` reads for the pages' header. A token that does not
/// sign anyone in, or a database that cannot say, is noted on the context: the handlers that need an account
/// answer 401 or 503 (a paste form keeps its text), while the pages anyone may see still answer.
struct AccountMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SignInSessions
    let service: ListingService

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        // The stylesheet, the script and the probes need no one: no lookup for them.
        if Self.needsNoOne(request.uri.path) { return try await next(request, context) }
        var context = context
        let repository = service.repository
        do {
            if request.headers[.authorization] != nil {
                // Only `Bearer` with one of our tokens signs in; any other `Authorization` is a token refused.
                let token = request.headers.bearer?.token.trimmingCharacters(in: .whitespaces) ?? ""
                let account =
                    token.isEmpty ? nil : try await service.storing { try await repository.account(token: token) }
                if let account { context.identity = account } else { context.signInProblem = .rejectedToken }
            } else if let session = try await service.storing({ try await sessions.load(request) }) {
                let account = try await service.storing { try await repository.account(id: session.account) }
                context.identity = account.flatMap { $0.isDisabled ? nil : $0 }
            }
        } catch let error as WebError {
            context.signInProblem = .databaseUnavailable(error)
        }
        // Not a task-local: a release build crashed (swift_task_localValuePush) when a request's task, inside
        // task-local values, started the task that reads a streamed paste.
        return try await next(request, context)
    }
}

extension AccountMiddleware {
    static let unauthenticatedPrefixes = ["/css/", "/js/", SiteURL.health.path, SiteURL.metrics.path]

    static func needsNoOne(_ path: String) -> Bool {
        unauthenticatedPrefixes.contains { path.hasPrefix($0) }
    }
}
