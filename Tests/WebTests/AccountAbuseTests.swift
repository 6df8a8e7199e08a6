import Foundation
import HummingbirdTesting
import ListingCore
import NIOCore
import PostgresNIO
import Storage
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// Accounts tried as an attacker would: no invitation outlives its admin or its withdrawal, no burst or spelling of
/// an email passes the sign-in throttle, no other password signs in, and set-up does no costly work once done.
@Suite struct AccountAbuseTests {
    /// The invitation link's token from the accounts page after an invitation.
    static func invite(_ email: String, role: String = "member", by admin: BrowserSession) async throws -> String {
        let invited = try await admin.execute(
            uri: "/accounts/invitations", method: .post, headers: formHeaders,
            body: form([("email", email), ("role", role)]))
        #expect(invited.status == .created)
        let start = try #require(invited.text.range(of: "/sign-up?invite="), "the invitation link is shown")
        return String(invited.text[start.upperBound...].prefix { $0 != "<" })
    }

    static func accept(_ token: String, _ client: any TestClientProtocol) async throws -> TestResponse {
        try await BrowserSession.start(client).execute(
            uri: "/sign-up", method: .post, headers: formHeaders,
            body: form([("invite", token), ("password", testPassword)]))
    }

    @Test func anInvitationDiesWithItsAdminAndCanBeWithdrawn() async throws {
        try await withApp { client, repository in
            let first = try #require(client as? BrowserSession)
            try await makeAccount("second-admin@example.com", role: .admin, repository)
            let second = try await BrowserSession.start(first.inner).signingIn("second-admin@example.com")
            let token = try await Self.invite("new-admin@example.com", role: "admin", by: second)
            let secondID = try #require(try await repository.account(email: "second-admin@example.com")?.account.id)
            let disabled = try await first.execute(
                uri: "/accounts/\(secondID)/disable", method: .post, headers: formHeaders, body: form([]))
            #expect(disabled.status == .seeOther)
            let accepted = try await Self.accept(token, first.inner)
            #expect(accepted.status == .gone, "the inviter is disabled: the invitation is dead")
            #expect(try await repository.account(email: "new-admin@example.com") == nil)
            #expect(!(try await first.execute(uri: "/accounts", method: .get).text.contains("new-admin@example.com")))

            let withdrawn = try await Self.invite("later@example.com", by: first)
            let pending = try #require(
                try await repository.pendingInvitations().first { $0.email == "later@example.com" })
            let withdraw = try await first.execute(
                uri: "/accounts/invitations/\(pending.id)/withdraw", method: .post, headers: formHeaders, body: form([])
            )
            #expect(withdraw.status == .seeOther)
            #expect(try await Self.accept(withdrawn, first.inner).status == .gone, "a withdrawn invitation is dead")
            #expect(try await repository.account(email: "later@example.com") == nil)
        }
    }

    @Test func aBurstOfWrongPasswordsIsCheckedOnlyUntilTheThrottleSaysWait() async throws {
        try await withApp { client, _ in
            let inner = try #require(client as? BrowserSession).inner
            let browser = try await BrowserSession.start(inner)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<12 {
                    group.addTask {
                        try await browser.execute(
                            uri: "/sign-in", method: .post, headers: formHeaders,
                            body: form([("email", "admin@example.com"), ("password", "wrong \(n)")])
                        ).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let checked = statuses.filter { $0 == 401 }.count
            #expect(checked <= 6, "five free failures and the one that starts the wait: \(statuses.sorted())")
            #expect(statuses.filter { $0 == 429 }.count == 12 - checked, "the rest wait: \(statuses.sorted())")
        }
    }

    @Test func anotherSpellingOfAnEmailDoesNotEscapeItsThrottle() async throws {
        try await withAppAndDatabase { client, repository, database in
            let inner = try #require(client as? BrowserSession).inner
            try await makeAccount("victim@example.com", repository)
            let browser = try await BrowserSession.start(inner)
            func attempt(_ email: String, _ password: String) async throws -> TestResponse {
                try await browser.execute(
                    uri: "/sign-in", method: .post, headers: formHeaders,
                    body: form([("email", email), ("password", password)]))
            }
            for n in 0..<6 { _ = try await attempt("victim@example.com", "wrong \(n)") }
            // The sixth failure starts a wait of one second; held for an hour here, so that a loaded machine does not
            // let it pass before the spellings below are tried.
            try await database.query(
                "UPDATE sign_in_failures SET locked_until = now() + interval '1 hour' WHERE locked_until IS NOT NULL",
                logger: TestDatabase.logger)
            #expect(try await attempt("victim@example.com", testPassword).status == .tooManyRequests)
            for spelling in [
                "vİctim@example.com", "VICTIM@example.com", " victim@EXAMPLE.com", "vi\u{0307}ctim@example.com",
            ] {
                let answer = try await attempt(spelling, testPassword)
                #expect(answer.status != .seeOther, "\(spelling) must not sign in while victim@ is slowed")
            }
            // Swift and SQL agree on every address: the one key the throttle and the lookup both use.
            for email in ["vİctim@example.com", "ǅx@example.com", "Straße@example.com", "K@example.com", "ΣΑΣ@x.gr"] {
                _ = try await makeAccountIfFree(email, repository)
                let found = try await repository.account(email: email)
                #expect(found?.account.email == EmailAddress.stored(email), "\(email) is found by its own key")
            }
        }
    }

    func makeAccountIfFree(_ email: String, _ repository: PostgresListingRepository) async throws -> Bool {
        let hash = try await Passwords(cost: 4).hash(testPassword)
        if case .created = try await repository.createAccount(
            email: EmailAddress.stored(email), passwordHash: hash, role: .member, onlyIfFirst: false)
        {
            return true
        }
        return false
    }

    @Test func passwordsThatOnlyStartLikeTheRightOneAreRefused() async throws {
        try await withAppAndDatabase { client, repository, database in
            let inner = try #require(client as? BrowserSession).inner
            let long = String(repeating: "x", count: 72)
            try await makeAccount("long@example.com", repository)
            try await database.query(
                "UPDATE accounts SET password_hash = \(try await Passwords(cost: 4).hash(long)) WHERE email = 'long@example.com'",
                logger: TestDatabase.logger)
            for (email, password) in [
                ("admin@example.com", testPassword + "\u{0}anything"), ("long@example.com", long + "anything"),
            ] {
                let answer = try await BrowserSession.start(inner).execute(
                    uri: "/sign-in", method: .post, headers: formHeaders,
                    body: form([("email", email), ("password", password)]))
                #expect(answer.status == .unauthorized, "\(email) with \(password.utf8.count) bytes")
            }
            _ = try await BrowserSession.start(inner).signingIn("long@example.com", password: long)
        }
    }

    /// Once set up, `/setup` answers at once: no password is hashed for a request that cannot make an account.
    /// (bcrypt at cost 18 takes about 16 s here: an answer within 5 s shows that none ran.)
    @Test func setUpOnceDoneHashesNothing() async throws {
        try await withAppAndDatabase(accounts: AccountSettings(bcryptCost: 18)) { client, _, _ in
            let browser = try await BrowserSession.start(try #require(client as? BrowserSession).inner, at: "/sign-in")
            let answer = try await withThrowingTaskGroup(of: TestResponse?.self) { group in
                group.addTask {
                    try await browser.execute(
                        uri: "/setup", method: .post, headers: formHeaders,
                        body: form([("email", "late@example.com"), ("password", testPassword)]))
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(5))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            let answered = try #require(answer, "/setup answered before bcrypt could have run")
            #expect(answered.status == .conflict)
        }
    }
}
