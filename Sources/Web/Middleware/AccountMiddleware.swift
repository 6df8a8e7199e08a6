import Desk
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
    let accounts: any Accounts
    let database: DatabaseCalls

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        // The stylesheet, the script, the probes and the API's description need no one: no lookup for them.
        if Self.needsNoOne(request.uri.path) { return try await next(request, context) }
        var context = context
        do {
            let account = try await signsIn(request)
            context.identity = account
            if account == nil, request.headers[.authorization] != nil { context.signInProblem = .rejectedToken }
        } catch let error as WebError {
            context.signInProblem = .databaseUnavailable(error)
        }
        // Not a task-local: a release build crashed (swift_task_localValuePush) when a request's task, inside
        // task-local values, started the task that reads a streamed paste.
        return try await next(request, context)
    }
}

extension AccountMiddleware {
    /// The enabled account the request's credential signs in: an `Authorization: Bearer` token of ours (any other
    /// `Authorization` signs no one in), or else the session cookie. Throws a `WebError` when the database cannot
    /// say. The batch event streams ask it again while they run.
    func signsIn(_ request: Request) async throws -> Account? {
        let (accounts, sessions, database) = (self.accounts, self.sessions, self.database)
        return try await WebError.answering {
            if request.headers[.authorization] != nil {
                let token = request.headers.bearer?.token.trimmingCharacters(in: .whitespaces) ?? ""
                return token.isEmpty ? nil : try await database.storing { try await accounts.account(token: token) }
            }
            guard let session = try await database.storing({ try await sessions.load(request) }) else { return nil }
            let account = try await database.storing { try await accounts.account(id: session.account) }
            return account.flatMap { $0.isDisabled ? nil : $0 }
        }
    }

    static let unauthenticatedPrefixes = [
        "/css/", "/js/", SiteURL.health.path, SiteURL.metrics.path, SiteURL.api(.openAPIDocument).path,
    ]

    static func needsNoOne(_ path: String) -> Bool {
        unauthenticatedPrefixes.contains { path.hasPrefix($0) }
    }
}
