import Crypto
import Foundation
import ListingCore

/// An account: who pasted a listing, and who may see and change it (`AccessRules`).
public struct Account: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var email: String
    public var role: AccountRole
    public var createdAt: Date
    public var disabledAt: Date?

    public init(id: Int64, email: String, role: AccountRole, createdAt: Date, disabledAt: Date? = nil) {
        self.id = id
        self.email = email
        self.role = role
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    public var isDisabled: Bool { disabledAt != nil }
    public var requester: Requester { .account(id: id, role: role) }
}

/// A personal API token as its settings page shows it: never the token itself, only its first characters.
public struct APIToken: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var shownPrefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: Int64, name: String, shownPrefix: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.name = name
        self.shownPrefix = shownPrefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// An admin's invitation to make an account.
public struct Invitation: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var email: String
    public var role: AccountRole
    public var createdAt: Date
    public var expiresAt: Date

    public init(id: Int64, email: String, role: AccountRole, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.email = email
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What making an account came to.
public enum NewAccountResult: Sendable, Hashable {
    case created(Account)
    /// Another account has this email (compared without case).
    case emailTaken
    /// Only the first account was asked for, and there is one already.
    case notFirst
}

/// How failed sign-ins slow the next ones: `freeFailures` in a row cost nothing; each failure after them makes
/// the next attempt wait twice as long (1 s, 2 s, 4 s, …) up to `longestWait`. A count is forgotten after
/// `forgetAfter` without failures, or on a sign-in that succeeds.
public struct SignInThrottle: Sendable, Hashable {
    public var freeFailures: Int
    public var longestWait: Duration
    public var forgetAfter: Duration

    public init(freeFailures: Int, longestWait: Duration = .seconds(900), forgetAfter: Duration = .seconds(900)) {
        self.freeFailures = freeFailures
        self.longestWait = longestWait
        self.forgetAfter = forgetAfter
    }
}

/// A secret as the database keeps it: its SHA-256. Session ids, API tokens and invitations are 32 random bytes,
/// too many to guess, so a fast digest is enough; passwords, which people choose, are bcrypt hashes instead.
public enum SecretDigest {
    public static func of(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }
}

/// Accounts, their sessions, API tokens and invitations, and the sign-in throttle (migrations/0012). Secrets are
/// handed in as they are and stored as `SecretDigest`s; passwords arrive already hashed.
public protocol Accounts: Sendable {
    /// Makes an account. The first account of an install is an admin whatever `role` says, and takes the listings
    /// and batches that belong to no one. With `onlyIfFirst`, nothing is made when an account exists.
    func createAccount(
        email: String, passwordHash: String, role: AccountRole, onlyIfFirst: Bool
    ) async throws
        -> NewAccountResult
    func hasAccounts() async throws -> Bool
    func account(id: Int64) async throws -> Account?
    /// The account and its password hash, for signing in.
    func account(email: String) async throws -> (account: Account, passwordHash: String)?
    func accounts() async throws -> [Account]
    /// Disables (ending its sessions; its tokens stop working) or enables an account. The account after.
    func setDisabled(accountID: Int64, _ disabled: Bool) async throws -> Account?

    // Sessions (the store behind hummingbird-auth's `SessionStorage`).
    /// Stores a session's value (JSON). `onlyIfNew` refuses (false) when the id is taken. A nil `expiresIn` keeps
    /// the expiry a session had.
    func storeSession(id: String, json: String, expiresIn: Duration?, onlyIfNew: Bool) async throws -> Bool
    /// A session's value, unless it expired.
    func session(id: String) async throws -> String?
    func removeSession(id: String) async throws

    // API tokens.
    func createToken(accountID: Int64, name: String, token: String) async throws -> APIToken
    func tokens(accountID: Int64) async throws -> [APIToken]
    /// Revokes one of the account's tokens; false when it has no such token.
    func revokeToken(id: Int64, accountID: Int64) async throws -> Bool
    /// The enabled account a token that is not revoked belongs to (and notes its use).
    func account(token: String) async throws -> Account?

    // Invitations.
    func createInvitation(
        email: String, role: AccountRole, invitedBy: Int64, token: String, expiresIn: Duration
    )
        async throws -> Invitation
    /// An invitation not yet taken and not expired.
    func invitation(token: String) async throws -> Invitation?
    func pendingInvitations() async throws -> [Invitation]
    /// Takes the invitation and makes its account, in one transaction; nil when the invitation cannot be taken.
    func acceptInvitation(token: String, passwordHash: String) async throws -> NewAccountResult?

    /// Withdraws an invitation not yet taken; false when there is none to withdraw.
    func withdrawInvitation(id: Int64) async throws -> Bool

    // The sign-in throttle, by keys such as `email:…` and `address:…` (stored as digests).
    /// Reserves an attempt under every key, atomically: unless a key's wait is on (`slowed`, nothing counted), the
    /// attempt is counted as a failure before its password is checked, so that a burst of attempts sent at once
    /// is slowed exactly as the same attempts one after another.
    func reserveSignIn(_ keys: [(key: String, throttle: SignInThrottle)]) async throws -> SignInReservation
    /// Takes back one reserved failure under each key (a sign-in that worked, from a shared address).
    func refundSignIn(keys: [String]) async throws
    func clearSignInFailures(keys: [String]) async throws
}

/// What reserving a sign-in attempt came to.
public enum SignInReservation: Sendable, Hashable {
    /// The attempt may check its password; a wrong one makes the next attempt wait `waitIfWrong`.
    case granted(waitIfWrong: Duration)
    /// A wait is on: no password is checked until it has passed.
    case slowed(wait: Duration)
}
