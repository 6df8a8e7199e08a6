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
            "SELECT 1 FROM accounts WHERE lower(email) = lower(\(email))", logger: logger)
        {
            return .emailTaken
        }
        let chosen = first ? AccountRole.admin : role
        var created: Account?
        for try await row in try await connection.query(
            """
            INSERT INTO accounts (email, password_hash, role) VALUES (\(email), \(passwordHash), \(chosen.rawValue))
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
            WHERE lower(email) = lower(\(email))
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
        // Its use is noted at most once a minute, so that a script's burst of requests is not a burst of writes.
        for try await row in try await client.query(
            """
            WITH found AS (
                SELECT t.id AS token_id, t.last_used_at, a.id, a.email, a.role, a.created_at, a.disabled_at
                FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                WHERE t.token_hash = \(Self.digest(token)) AND t.revoked_at IS NULL AND a.disabled_at IS NULL
            ), noted AS (
                UPDATE api_tokens SET last_used_at = now()
                WHERE id IN (
                    SELECT token_id FROM found
                    WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
            SELECT id, email, role, created_at, disabled_at FROM found
            """, logger: logger)
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

    static let openInvitation = "accepted_at IS NULL AND expires_at > now()"

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

    // MARK: The sign-in throttle

    public func signInWait(keys: [String]) async throws -> Duration {
        let digests = keys.map { Self.digest($0) }
        for try await seconds in try await client.query(
            """
            SELECT coalesce(max(extract(epoch FROM locked_until - now())), 0)::float8 FROM sign_in_failures
            WHERE key = ANY(\(digests)::bytea[]) AND locked_until > now()
            """, logger: logger
        ).decode(Double.self) {
            return .milliseconds(Int64((seconds * 1_000).rounded(.up)))
        }
        return .zero
    }

    public func recordSignInFailure(_ keys: [(key: String, throttle: SignInThrottle)]) async throws -> Duration {
        var longest = Duration.zero
        for (key, throttle) in keys {
            for try await seconds in try await client.query(
                """
                INSERT INTO sign_in_failures AS f (key, failures, last_failure) VALUES (\(Self.digest(key)), 1, now())
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN f.last_failure < now() - make_interval(secs => \(throttle.forgetAfter.inSeconds)::float8)
                        THEN 1 ELSE f.failures + 1 END,
                    last_failure = now()
                RETURNING (CASE WHEN failures > \(throttle.freeFailures)
                    THEN least(power(2, failures - \(throttle.freeFailures) - 1), \(throttle.longestWait.inSeconds)::float8)
                    ELSE 0 END)::float8
                """, logger: logger
            ).decode(Double.self) {
                let wait = Duration.milliseconds(Int64(seconds * 1_000))
                if wait > .zero {
                    try await client.query(
                        """
                        UPDATE sign_in_failures SET locked_until = now() + make_interval(secs => \(seconds)::float8)
                        WHERE key = \(Self.digest(key))
                        """, logger: logger)
                }
                longest = max(longest, wait)
            }
        }
        return longest
    }

    public func clearSignInFailures(keys: [String]) async throws {
        let digests = keys.map { Self.digest($0) }
        try await client.query(
            "DELETE FROM sign_in_failures WHERE key = ANY(\(digests)::bytea[])", logger: logger)
    }
}

/// An invitation whose email was taken by another account since it was sent.
struct InvitationUnusable: Error {}
