import Foundation
import ListingCore
import Logging
import Storage
import Synchronization

/// How accounts work on this install (`Settings`): how long a session lasts, how slow bcrypt is, whether anyone
/// may sign up or only those an admin invites, whether published listings are open to people not signed in, and
/// how failed sign-ins slow the next ones.
public struct AccountSettings: Sendable {
    public var sessionLifetime: Duration
    public var bcryptCost: UInt8
    public var openSignUp: Bool
    public var publishedOpenToAnyone: Bool
    public var invitationLifetime: Duration
    /// Per email: the person who forgot their password, or someone guessing one account's.
    public var emailThrottle: SignInThrottle
    /// Per client address: someone trying one password on many accounts.
    public var addressThrottle: SignInThrottle

    public init(
        sessionLifetime: Duration = .seconds(14 * 24 * 3_600), bcryptCost: UInt8 = 12, openSignUp: Bool = false,
        publishedOpenToAnyone: Bool = false, invitationLifetime: Duration = .seconds(7 * 24 * 3_600),
        emailThrottle: SignInThrottle = SignInThrottle(freeFailures: 5),
        addressThrottle: SignInThrottle = SignInThrottle(freeFailures: 30)
    ) {
        self.sessionLifetime = sessionLifetime
        self.bcryptCost = bcryptCost
        self.openSignUp = openSignUp
        self.publishedOpenToAnyone = publishedOpenToAnyone
        self.invitationLifetime = invitationLifetime
        self.emailThrottle = emailThrottle
        self.addressThrottle = addressThrottle
    }

    public var access: AccessRules { AccessRules(publishedOpenToAnyone: publishedOpenToAnyone) }
}

/// What a sign-in came to.
public enum SignInOutcome: Sendable {
    case signedIn(Account)
    /// The email or the password is wrong (which one is not said); `wait` before the next try, when it is slowed.
    case refused(wait: Duration)
    /// Too many failures: no password is checked until `wait` has passed.
    case slowed(wait: Duration)
    case disabled
}

/// Accounts, what the pages, the API and the commands do with them: the first admin, sign-up (by invitation, or
/// open), sign-in slowed after failures, API tokens, invitations, disabling. Secrets are made here and shown once;
/// the database keeps their digests (`SecretDigest`) and bcrypt hashes (`Passwords`).
public struct AccountService: Sendable {
    let accounts: any Accounts
    /// How the database is called: within a deadline, failures as refusals.
    public let database: DatabaseCalls
    public let settings: AccountSettings
    /// Where refused sign-ins are counted.
    let metrics: AppMetrics
    let passwords: Passwords
    /// bcrypt of no one's password, made once, checked when an email has no account (`Passwords.decoyHash`).
    private let decoy = Decoy()

    final class Decoy: Sendable {
        let hash = Mutex<String?>(nil)
    }

    public init(accounts: any Accounts, database: DatabaseCalls, settings: AccountSettings, metrics: AppMetrics) {
        self.accounts = accounts
        self.database = database
        self.settings = settings
        self.metrics = metrics
        passwords = Passwords(cost: settings.bcryptCost)
    }

    public func hasAccounts() async throws -> Bool {
        let accounts = self.accounts
        return try await database.storing { try await accounts.hasAccounts() }
    }

    /// Makes an account with a password (the first is the admin). Refuses (`.unprocessable`) naming what is wrong.
    public func create(
        email: String, password: String, role: AccountRole, onlyIfFirst: Bool = false
    ) async throws -> Account {
        // Set-up once done is refused before anything costly: bcrypt is a quarter of a second of CPU that anyone
        // could ask for here, signed in or not. (The insert checks again, under its lock.)
        if onlyIfFirst, try await hasAccounts() { _ = try Self.account(from: .notFirst) }
        let email = try Self.checkedEmail(email)
        try Self.check(password: password)
        let hash = try await passwords.hash(password)
        let accounts = self.accounts
        let result = try await database.storing {
            try await accounts.createAccount(email: email, passwordHash: hash, role: role, onlyIfFirst: onlyIfFirst)
        }
        return try Self.account(from: result)
    }

    /// Makes the account an invitation was for; nil when the invitation is taken, expired or unknown.
    public func accept(invitation token: String, password: String) async throws -> Account? {
        try Self.check(password: password)
        let hash = try await passwords.hash(password)
        let accounts = self.accounts
        guard
            let result = try await database.storing({
                try await accounts.acceptInvitation(token: token, passwordHash: hash)
            })
        else { return nil }
        return try Self.account(from: result)
    }

    /// The account with this email (compared without case), enabled or not.
    public func account(email: String) async throws -> Account? {
        let accounts = self.accounts
        return try await database.storing { try await accounts.account(email: email) }?.account
    }

    public func invitation(_ token: String) async throws -> Invitation? {
        let accounts = self.accounts
        return try await database.storing { try await accounts.invitation(token: token) }
    }

    static func account(from result: NewAccountResult) throws -> Account {
        switch result {
        case .created(let account): return account
        case .emailTaken:
            throw ServiceError(
                .conflict, code: "email_taken", "An account with this email exists already: sign in instead.",
                issues: [Issue(field: nil, code: .invalidValue, message: "This email has an account already.")])
        case .notFirst:
            throw ServiceError(.conflict, code: "set_up_already", "This install has its admin already: sign in.")
        }
    }

    /// Signs in, slowed after failures: while a wait is on, no password is checked at all. The attempt is reserved
    /// (counted as a failure) before the password is checked, so that attempts sent at once cannot all pass the
    /// throttle; one that works takes its reservation back. The email's throttle key is `EmailAddress.key`, the
    /// key the account is looked up by, so that no other spelling of an address escapes its count.
    public func signIn(email: String, password: String, clientAddress: String?) async throws -> SignInOutcome {
        let emailKey = "email:" + EmailAddress.key(email)
        let addressKey = "address:" + (clientAddress ?? "unknown")
        let accounts = self.accounts
        let keys = [(emailKey, settings.emailThrottle), (addressKey, settings.addressThrottle)]
        let reservation = try await database.storing { try await accounts.reserveSignIn(keys) }
        let waitIfWrong: Duration
        switch reservation {
        case .slowed(let wait): return .slowed(wait: wait)
        case .granted(let wait): waitIfWrong = wait
        }
        // A password no account can have (NUL, or longer than bcrypt reads) and an address no account can have
        // are wrong without a lookup: bcrypt would read such a password up to its NUL or its 72nd byte, and
        // PostgreSQL refuses a NUL in a query.
        guard !password.unicodeScalars.contains("\u{0}"), password.utf8.count <= Passwords.maximumBytes,
            (try? Self.checkedEmail(email)) != nil
        else { return refused(waitIfWrong) }
        let found = try await database.storing { try await accounts.account(email: email) }
        let hash: String
        if let found { hash = found.passwordHash } else { hash = try await decoyHash() }
        let matches = try await passwords.verify(password, hash: hash)
        guard let found, matches else { return refused(waitIfWrong) }
        try await database.storing {
            try await accounts.clearSignInFailures(keys: [emailKey])
            try await accounts.refundSignIn(keys: [addressKey])
        }
        return found.account.isDisabled ? .disabled : .signedIn(found.account)
    }

    /// A wrong email or password, counted (`sign_in_failures` in /metrics).
    private func refused(_ wait: Duration) -> SignInOutcome {
        metrics.signInFailures.increment()
        return .refused(wait: wait)
    }

    private func decoyHash() async throws -> String {
        if let made = decoy.hash.withLock({ $0 }) { return made }
        let made = try await passwords.decoyHash()
        decoy.hash.withLock { $0 = made }
        return made
    }

    // MARK: API tokens

    /// Makes a token for the account: the token itself, to be shown once, and its record.
    public func createToken(for account: Account, name: String) async throws -> (token: String, record: APIToken) {
        // A label: control characters (NUL among them, which PostgreSQL refuses) are no part of it.
        let name = String(
            String.UnicodeScalarView(name.unicodeScalars.filter { $0.properties.generalCategory != .control })
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        let token = "ld_" + Self.randomSecret()
        let accounts = self.accounts
        let record = try await database.storing {
            try await accounts.createToken(
                accountID: account.id, name: name.isEmpty ? "API token" : String(name.prefix(100)), token: token)
        }
        return (token, record)
    }

    public func tokens(of account: Account) async throws -> [APIToken] {
        let accounts = self.accounts
        return try await database.storing { try await accounts.tokens(accountID: account.id) }
    }

    public func revokeToken(_ id: Int64, of account: Account) async throws {
        let accounts = self.accounts
        guard try await database.storing({ try await accounts.revokeToken(id: id, accountID: account.id) }) else {
            throw ServiceError.notFound("token")
        }
    }

    // MARK: Invitations and disabling (admins)

    public func invite(
        email: String, role: AccountRole, by admin: Account
    ) async throws -> (
        token: String, invitation: Invitation
    ) {
        let email = try Self.checkedEmail(email)
        let accounts = self.accounts
        if try await database.storing({ try await accounts.account(email: email) }) != nil {
            _ = try Self.account(from: .emailTaken)
        }
        let token = Self.randomSecret()
        let lifetime = settings.invitationLifetime
        let invitation = try await database.storing {
            try await accounts.createInvitation(
                email: email, role: role, invitedBy: admin.id, token: token, expiresIn: lifetime)
        }
        return (token, invitation)
    }

    /// Withdraws an invitation not yet taken: its link no longer makes an account.
    public func withdrawInvitation(_ id: Int64) async throws {
        let accounts = self.accounts
        guard try await database.storing({ try await accounts.withdrawInvitation(id: id) }) else {
            throw ServiceError.notFound("invitation")
        }
    }

    public func pendingInvitations() async throws -> [Invitation] {
        let accounts = self.accounts
        return try await database.storing { try await accounts.pendingInvitations() }
    }

    public func allAccounts() async throws -> [Account] {
        let accounts = self.accounts
        return try await database.storing { try await accounts.accounts() }
    }

    /// Disables or enables an account; an admin cannot disable their own (someone must be left to undo it).
    public func setDisabled(_ id: Int64, _ disabled: Bool, by admin: Account) async throws {
        if disabled && id == admin.id {
            throw ServiceError(.conflict, code: "own_account", "You cannot disable your own account.")
        }
        let accounts = self.accounts
        guard try await database.storing({ try await accounts.setDisabled(accountID: id, disabled) }) != nil else {
            throw ServiceError.notFound("account")
        }
    }

    // MARK: Rules

    /// An email as stored: trimmed; something@something, no spaces or control characters, at most 254 bytes.
    static func checkedEmail(_ email: String) throws -> String {
        let trimmed = EmailAddress.stored(email)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].count >= 1,
            !trimmed.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
            })
        else {
            throw ServiceError(
                .unprocessable, code: "invalid_email", "Enter an email address, such as name@example.com.",
                issues: [Issue(field: nil, code: .invalidValue, message: "Not an email address.")])
        }
        return trimmed
    }

    static func check(password: String) throws {
        switch Passwords.problem(password) {
        case nil: return
        case .tooShort?:
            throw ServiceError(
                .unprocessable, code: "password_too_short",
                "Choose a password of at least \(Passwords.minimumLength) characters.")
        case .tooLong?:
            throw ServiceError(
                .unprocessable, code: "password_too_long",
                "Choose a password of at most \(Passwords.maximumBytes) bytes (about 72 letters, 24 Korean syllables).")
        case .hasNUL?:
            throw ServiceError(
                .unprocessable, code: "password_nul",
                "A password cannot contain a NUL character: choose another.")
        }
    }

    /// 32 random bytes from the system's secure generator, base64url without padding (43 characters).
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
