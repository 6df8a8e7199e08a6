import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Storage

/// Signed-in sessions through hummingbird-auth's `SessionStorage` over the database: a random 32-byte id in an
/// `HttpOnly`, `SameSite=Lax` cookie that expires with the session, `Secure` when the request came over HTTPS
/// (directly, or through a proxy that says so with `X-Forwarded-Proto`).
struct SignInSessions: Sendable {
    static let cookieName = "listingdesk-session"

    let lifetime: Duration
    private let plain: SessionStorage<SessionRecord>
    private let secure: SessionStorage<SessionRecord>

    init(accounts: any Accounts, lifetime: Duration) {
        self.lifetime = lifetime
        let driver = DatabaseSessionDriver(accounts: accounts)
        func storage(secure: Bool) -> SessionStorage<SessionRecord> {
            SessionStorage(
                driver,
                configuration: SessionStorageConfiguration(
                    sessionCookieParameters: SessionCookieParameters(
                        name: Self.cookieName, path: "/", secure: secure, sameSite: .lax),
                    keyPrefix: ""))
        }
        plain = storage(secure: false)
        secure = storage(secure: true)
    }

    static func isHTTPS(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    private func storage(for request: Request) -> SessionStorage<SessionRecord> {
        Self.isHTTPS(request) ? secure : plain
    }

    /// Starts a session for the account; the cookie to set.
    func start(for account: Account, request: Request) async throws -> Cookie {
        try await storage(for: request).save(session: SessionRecord(account: account.id), expiresIn: lifetime)
    }

    /// The session the request's cookie names, unless it expired or was ended.
    func load(_ request: Request) async throws -> SessionRecord? {
        do {
            return try await storage(for: request).load(request: request)
        } catch let error as SessionStorage<SessionRecord>.Error where error == .sessionInvalidType {
            return nil
        }
    }

    /// Ends the request's session; the cookie that clears it in the browser (nil when there was none).
    func end(_ request: Request) async throws -> Cookie? {
        guard storage(for: request).getId(request: request) != nil else { return nil }
        return try await storage(for: request).delete(request: request)
    }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
