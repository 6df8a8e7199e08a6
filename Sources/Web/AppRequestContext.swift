import Hummingbird
import HummingbirdAuth
import ListingCore
import Storage

/// The request context of the app: Hummingbird's core, what the form-token middleware found for this browser, and
/// who is asking (`AccountMiddleware`, through hummingbird-auth's `AuthRequestContext`).
public struct AppRequestContext: AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// This browser's form nonce and the key that signs it, set by `FormTokenMiddleware`.
    var formNonce: (nonce: String, tokens: FormTokens)?
    /// The token this browser's forms must carry (and the pages it gets embed): signed only for an answer that shows
    /// a form, not for every request (an API call has none).
    var formToken: String { formNonce.map { $0.tokens.token(for: $0.nonce) } ?? "" }
    /// The signed-in account (by session cookie or API token); nil for nobody.
    public var identity: Account?
    /// Why nobody is signed in when someone tried: a token that is revoked or unknown, or a database that did not
    /// answer the lookup (then the request must not be treated as anonymous: it answers 503 and keeps the paste).
    var signInProblem: SignInProblem?

    /// The client's IP address, for the sign-in throttle (nil in the router's tests).
    let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Who asks, as the access rules see them.
    var requester: Requester { identity?.requester ?? .anonymous }

    /// The signed-in account, or the answer for a request that needs one: 401 (a page sends the person to sign
    /// in), or 503 when the database could not say who it is.
    func requireAccount() throws -> Account {
        switch signInProblem {
        case .databaseUnavailable(let error): throw error
        case .rejectedToken: throw WebError.rejectedToken()
        case nil: break
        }
        guard let identity else { throw WebError.signInRequired() }
        return identity
    }

    /// An admin's account; another account gets 403.
    func requireAdmin() throws -> Account {
        let account = try requireAccount()
        guard account.role == .admin else { throw WebError.adminsOnly() }
        return account
    }
}

/// Why a request that tried to sign in is not signed in.
enum SignInProblem: Sendable {
    case rejectedToken
    case databaseUnavailable(WebError)
}
