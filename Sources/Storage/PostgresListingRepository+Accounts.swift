import Foundation
import ListingCore
import PostgresNIO

/// Accounts in PostgreSQL (migrations/0012). Every secret is stored as its `SecretDigest`.
extension PostgresListingRepository {
    static let accountColumns = "id, email, role, created_at, disabled_at"

    /// A secret's digest as a `bytea` parameter.
    static func digest(_ secret: String) -> ByteBuffer { ByteBuffer(bytes: SecretDigest.of(secret)) }

    static func decodeAccount(_ row: PostgresRow) throws -> Account {
        let (id, email, roleText, created, disabled) = try row.decode((Int64, String, String, Date, Date?).self)
        guard let role = AccountRole(rawValue: roleText) else {
            throw StorageError(.corruptRow, "An account has an unknown role.")
        }
        return Account(id: id, email: email, role: role, createdAt: created, disabledAt: disabled)
    }

    public func createAccount(
        email: String, passwordHash: String, role: AccountRole, onlyIfFirst: Bool
    ) async throws -> NewAccountResult {
        try await writing { connection in
            try await Self.insertAccount(
                email: email, passwordHash: passwordHash, role: role, onlyIfFirst: onlyIfFirst, on: connection,
                logger: logger)
        }
    }

    /// Inserts an account inside the caller's transaction; the table is locked so that two first accounts made
    /// at once cannot both become the admin.
    static func insertAccount(
        email: String, passwordHash: String, role: AccountRole, onlyIfFirst: Bool, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> NewAccountResult {
        try await connection.query("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE", logger: logger)
        var first = true
        for try await _ in try await connection.query("SELECT 1 FROM accounts LIMIT 1", logger: logger) {
            first = false
        }
        if onlyIfFirst && !first { return .notFirst }
        for try await _ in try await connection.query(
            "SELECT 1 FROM accounts WHERE email_key = \(EmailAddress.key(email))", logger: logger)
        {
            return .emailTaken
        }
        let chosen = first ? AccountRole.admin : role
        var created: Account?
        for try await row in try await connection.query(
            """
            INSERT INTO accounts (email, password_hash, role)
            VALUES (\(EmailAddress.stored(email)), \(passwordHash), \(chosen.rawValue))
            RETURNING \(unescaped: accountColumns)
            """, logger: logger)
        {
            created = try decodeAccount(row)
        }
        guard let created else { throw StorageError(.corruptRow, "The account insert returned no row.") }
        if first {
            try await connection.query(
                "UPDATE listings SET owner_id = \(created.id) WHERE owner_id IS NULL", logger: logger)
            try await connection.query(
                "UPDATE batches SET owner_id = \(created.id) WHERE owner_id IS NULL", logger: logger)
        }
        return .created(created)
    }

    public func hasAccounts() async throws -> Bool {
        for try await _ in try await client.query("SELECT 1 FROM accounts LIMIT 1", logger: logger) { return true }
        return false
    }

    public func account(id: Int64) async throws -> Account? {
        for try await row in try await client.query(
            "SELECT \(unescaped: Self.accountColumns) FROM accounts WHERE id = \(id)", logger: logger)
        {
            return try Self.decodeAccount(row)
        }
        return nil
    }

    public func account(email: String) async throws -> (account: Account, passwordHash: String)? {
        for try await row in try await client.query(
            """
            SELECT \(unescaped: Self.accountColumns), password_hash FROM accounts
            WHERE email_key = \(EmailAddress.key(email))
            """, logger: logger)
        {
            let (id, email, roleText, created, disabled, hash) = try row.decode(
                (Int64, String, String, Date, Date?, String).self)
            guard let role = AccountRole(rawValue: roleText) else {
                throw StorageError(.corruptRow, "An account has an unknown role.")
            }
            return (Account(id: id, email: email, role: role, createdAt: created, disabledAt: disabled), hash)
        }
        return nil
    }

    public func accounts() async throws -> [Account] {
        var found: [Account] = []
        for try await row in try await client.query(
            "SELECT \(unescaped: Self.accountColumns) FROM accounts ORDER BY id", logger: logger)
        {
            found.append(try Self.decodeAccount(row))
        }
        return found
    }

    public func setDisabled(accountID: Int64, _ disabled: Bool) async throws -> Account? {
        try await writing { connection in
            var changed: Account?
            for try await row in try await connection.query(
                """
                UPDATE accounts SET disabled_at = CASE WHEN \(disabled) THEN coalesce(disabled_at, now()) END
                WHERE id = \(accountID) RETURNING \(unescaped: Self.accountColumns)
                """, logger: logger)
            {
                changed = try Self.decodeAccount(row)
            }
            if disabled, changed != nil {
                try await connection.query("DELETE FROM sessions WHERE account_id = \(accountID)", logger: logger)
            }
            return changed
        }
    }

    // MARK: Sessions

    public func storeSession(id: String, json: String, expiresIn: Duration?, onlyIfNew: Bool) async throws -> Bool {
        let key = Self.digest(id)
        let seconds = expiresIn.map(\.inSeconds)
        // Expired sessions are cleared as new ones are made, so that the table does not grow without end.
        if onlyIfNew {
            try await client.query("DELETE FROM sessions WHERE expires_at < now() - interval '1 day'", logger: logger)
        }
        let rows = try await client.query(
            """
            INSERT INTO sessions (key_hash, value, expires_at)
            VALUES (\(key), \(json)::jsonb, now() + make_interval(secs => \(seconds)::float8))
            ON CONFLICT (key_hash) DO UPDATE SET value = excluded.value,
                expires_at = coalesce(excluded.expires_at, sessions.expires_at)
            WHERE NOT \(onlyIfNew)
            RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    public func session(id: String) async throws -> String? {
        for try await value in try await client.query(
            """
            SELECT value::text FROM sessions
            WHERE key_hash = \(Self.digest(id)) AND (expires_at IS NULL OR expires_at > now())
            """, logger: logger
        ).decode(String.self) {
            return value
        }
        return nil
    }

    public func removeSession(id: String) async throws {
        try await client.query("DELETE FROM sessions WHERE key_hash = \(Self.digest(id))", logger: logger)
    }

    // MARK: API tokens

    static let tokenColumns = "id, name, shown_prefix, created_at, last_used_at, revoked_at"

    static func decodeToken(_ row: PostgresRow) throws -> APIToken {
        let (id, name, prefix, created, used, revoked) = try row.decode(
            (Int64, String, String, Date, Date?, Date?).self)
        return APIToken(
            id: id, name: name, shownPrefix: prefix, createdAt: created, lastUsedAt: used, revokedAt: revoked)
    }

    public func createToken(accountID: Int64, name: String, token: String) async throws -> APIToken {
        for try await row in try await client.query(
            """
            INSERT INTO api_tokens (account_id, name, token_hash, shown_prefix)
            VALUES (\(accountID), \(name), \(Self.digest(token)), \(String(token.prefix(7))))
            RETURNING \(unescaped: Self.tokenColumns)
            """, logger: logger)
        {
            return try Self.decodeToken(row)
        }
        throw StorageError(.corruptRow, "The token insert returned no row.")
    }

    public func tokens(accountID: Int64) async throws -> [APIToken] {
        var found: [APIToken] = []
        for try await row in try await client.query(
            """
            SELECT \(unescaped: Self.tokenColumns) FROM api_tokens WHERE account_id = \(accountID)
            ORDER BY revoked_at IS NOT NULL, id DESC
            """, logger: logger)
        {
            found.append(try Self.decodeToken(row))
        }
        return found
    }

    public func revokeToken(id: Int64, accountID: Int64) async throws -> Bool {
        for try await _ in try await client.query(
            """
            UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE id = \(id) AND account_id = \(accountID) RETURNING id
            """, logger: logger)
        {
            return true
        }
        return false
    }

    public func account(token: String) async throws -> Account? {
        for try await row in try await client.execute(
            PreparedStatements.AccountByToken(digest: Self.digest(token)), logger: logger)
        {
            return try Self.decodeAccount(row)
        }
        return nil
    }

    // MARK: Invitations

    public func createInvitation(
        email: String, role: AccountRole, invitedBy: Int64, token: String, expiresIn: Duration
    ) async throws -> Invitation {
        for try await (id, created, expires) in try await client.query(
            """
            INSERT INTO invitations (token_hash, email, role, invited_by, expires_at)
            VALUES (\(Self.digest(token)), \(email), \(role.rawValue), \(invitedBy),
                now() + make_interval(secs => \(expiresIn.inSeconds)::float8))
            RETURNING id, created_at, expires_at
            """, logger: logger
        ).decode((Int64, Date, Date).self) {
            return Invitation(id: id, email: email, role: role, createdAt: created, expiresAt: expires)
        }
        throw StorageError(.corruptRow, "The invitation insert returned no row.")
    }

    /// An invitation that can still be taken: not taken, not expired, not withdrawn, and its inviter still there and
    /// enabled (an invitation made by an admin who was disabled since dies with their rights).
    static let openInvitation = """
        accepted_at IS NULL AND withdrawn_at IS NULL AND expires_at > now()
            AND EXISTS (SELECT 1 FROM accounts inviter
                WHERE inviter.id = invitations.invited_by AND inviter.disabled_at IS NULL AND inviter.role = 'admin')
        """

    static func decodeInvitations(_ rows: PostgresRowSequence) async throws -> [Invitation] {
        var found: [Invitation] = []
        for try await (id, email, roleText, created, expires) in rows.decode((Int64, String, String, Date, Date).self) {
            guard let role = AccountRole(rawValue: roleText) else { continue }
            found.append(Invitation(id: id, email: email, role: role, createdAt: created, expiresAt: expires))
        }
        return found
    }

    public func invitation(token: String) async throws -> Invitation? {
        try await Self.decodeInvitations(
            try await client.query(
                """
                SELECT id, email, role, created_at, expires_at FROM invitations
                WHERE token_hash = \(Self.digest(token)) AND \(unescaped: Self.openInvitation)
                """, logger: logger)
        ).first
    }

    public func pendingInvitations() async throws -> [Invitation] {
        try await Self.decodeInvitations(
            try await client.query(
                """
                SELECT id, email, role, created_at, expires_at FROM invitations
                WHERE \(unescaped: Self.openInvitation) ORDER BY id DESC
                """, logger: logger))
    }

    public func acceptInvitation(token: String, passwordHash: String) async throws -> NewAccountResult? {
        do {
            return try await takeInvitation(token: token, passwordHash: passwordHash)
        } catch let error as PostgresTransactionError where error.closureError is InvitationUnusable {
            return .emailTaken
        }
    }

    func takeInvitation(token: String, passwordHash: String) async throws -> NewAccountResult? {
        try await writing { connection in
            let rows = try await connection.query(
                """
                UPDATE invitations SET accepted_at = now()
                WHERE token_hash = \(Self.digest(token)) AND \(unescaped: Self.openInvitation)
                RETURNING email, role
                """, logger: logger)
            var taken: (email: String, role: AccountRole)?
            for try await (email, roleText) in rows.decode((String, String).self) {
                taken = (email, AccountRole(rawValue: roleText) ?? .member)
            }
            guard let taken else { return nil }
            let result = try await Self.insertAccount(
                email: taken.email, passwordHash: passwordHash, role: taken.role, onlyIfFirst: false,
                on: connection, logger: logger)
            // An email taken since the invitation leaves the invitation open (the transaction is rolled back).
            if case .emailTaken = result { throw InvitationUnusable() }
            return result
        }
    }

    public func withdrawInvitation(id: Int64) async throws -> Bool {
        for try await _ in try await client.query(
            """
            UPDATE invitations SET withdrawn_at = now()
            WHERE id = \(id) AND accepted_at IS NULL AND withdrawn_at IS NULL RETURNING id
            """, logger: logger)
        {
            return true
        }
        return false
    }

    // MARK: The sign-in throttle

    /// One statement for all keys, each row's upsert atomic: a key locked now is left as it is (`counted` false);
    /// any other counts this attempt as a failure in advance and starts the wait when the count passes the free
    /// ones. `last_failure = now()` after the upsert tells a counted row from a locked one (`now()` is this
    /// statement's transaction time; a locked row keeps an earlier one).
    public func reserveSignIn(_ keys: [(key: String, throttle: SignInThrottle)]) async throws -> SignInReservation {
        let digests = keys.map { Self.digest($0.key) }
        let free = keys.map { Int64($0.throttle.freeFailures) }
        let forget = keys.map { $0.throttle.forgetAfter.inSeconds }
        let longest = keys.map { $0.throttle.longestWait.inSeconds }
        let rows = try await client.query(
            """
            WITH input AS (
                SELECT * FROM unnest(\(digests)::bytea[], \(free)::int8[], \(forget)::float8[], \(longest)::float8[])
                    AS t(key, free, forget, longest)
            ), upserted AS (
                INSERT INTO sign_in_failures AS f (key, failures, last_failure, locked_until)
                SELECT key, 1, now(), CASE WHEN free < 1 THEN now() + make_interval(secs => least(1, longest)) END
                FROM input
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN f.locked_until > now() THEN f.failures
                        WHEN f.last_failure < now() - make_interval(secs => (SELECT forget FROM input i WHERE i.key = f.key))
                            THEN 1
                        ELSE f.failures + 1 END,
                    last_failure = CASE WHEN f.locked_until > now() THEN f.last_failure ELSE now() END,
                    locked_until = CASE WHEN f.locked_until > now() THEN f.locked_until
                        ELSE (SELECT CASE WHEN n > i.free
                                THEN now() + make_interval(secs => least(power(2, n - i.free - 1), i.longest)) END
                            FROM input i, LATERAL (SELECT CASE WHEN f.last_failure < now() - make_interval(secs => i.forget)
                                THEN 1 ELSE f.failures + 1 END AS n) AS counted
                            WHERE i.key = f.key) END
                RETURNING f.key, f.last_failure = now() AS counted,
                    greatest(coalesce(extract(epoch FROM f.locked_until - now()), 0), 0)::float8 AS wait
            )
            SELECT key, counted, wait FROM upserted
            """, logger: logger)
        var counted: [String] = []
        var lockedWait = 0.0
        var nextWait = 0.0
        for try await (digest, wasCounted, wait) in rows.decode((ByteBuffer, Bool, Double).self) {
            let key = keys.first { Self.digest($0.key) == digest }?.key
            if wasCounted {
                if let key { counted.append(key) }
                nextWait = max(nextWait, wait)
            } else {
                lockedWait = max(lockedWait, wait)
            }
        }
        if lockedWait > 0 {
            // Slowed: what was counted in advance under the other keys is given back, no password being checked.
            try await refundSignIn(keys: counted)
            return .slowed(wait: .milliseconds(Int64((lockedWait * 1_000).rounded(.up))))
        }
        return .granted(waitIfWrong: .milliseconds(Int64(nextWait * 1_000)))
    }

    public func refundSignIn(keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        let digests = keys.map { Self.digest($0) }
        try await client.query(
            """
            UPDATE sign_in_failures SET failures = greatest(failures - 1, 1) WHERE key = ANY(\(digests)::bytea[])
            """, logger: logger)
    }

    public func clearSignInFailures(keys: [String]) async throws {
        let digests = keys.map { Self.digest($0) }
        try await client.query(
            "DELETE FROM sign_in_failures WHERE key = ANY(\(digests)::bytea[])", logger: logger)
    }
}

/// An invitation whose email was taken by another account since it was sent.
struct InvitationUnusable: Error {}
