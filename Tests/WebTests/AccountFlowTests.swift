import Extraction
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// Accounts from the outside: the first visit makes the admin, invitations make the others, sessions last through a
/// restart and end when they expire or the person signs out, failed sign-ins are slowed, and no secret is ever
/// written where it could be read back.
@Suite struct AccountFlowTests {
    @Test func theFirstVisitMakesTheAdminWhoTakesTheListingsOfNoOne() async throws {
        try await withAppAndDatabase(signedIn: false) { raw, repository, _ in
            // A listing from before accounts existed (an operator's import, say).
            let earlier = try await repository.enqueue(
                NewPaste(sourceText: "원룸 월세 300/30 BEFORE-ACCOUNTS", provisionalKind: .realEstate, pastedOn: testDay),
                leasedOn: .thisProcess(duration: .seconds(60)))
            let home = try await raw.execute(uri: "/", method: .get)
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/sign-in?back=%2F")
            let signIn = try await raw.execute(uri: "/sign-in?back=%2F", method: .get)
            #expect(signIn.headers[.location] == "/setup", "no account yet: the sign-in page sends to the set-up")
            let browser = try await BrowserSession.start(raw, at: "/setup")
            let short = try await browser.execute(
                uri: "/setup", method: .post, headers: formHeaders,
                body: form([("email", "boss@example.com"), ("password", "short")]))
            #expect(short.status == .unprocessableContent)
            #expect(short.text.contains("at least 10 characters"))
            #expect(short.text.contains("boss@example.com"), "the email typed stays")
            let made = try await browser.execute(
                uri: "/setup", method: .post, headers: formHeaders,
                body: form([("email", "boss@example.com"), ("password", testPassword)]))
            #expect(made.status == .seeOther)
            #expect(made.headers[values: .setCookie].contains { $0.hasPrefix("listingdesk-session=") })
            let admin = try #require(try await repository.account(email: "BOSS@example.com")?.account)
            #expect(admin.role == .admin)
            #expect(try await repository.find(id: earlier.listingID)?.ownerID == admin.id, "the admin takes them")

            let second = try await BrowserSession.start(raw)
            let again = try await second.execute(
                uri: "/setup", method: .post, headers: formHeaders,
                body: form([("email", "intruder@example.com"), ("password", testPassword)]))
            #expect(again.status == .conflict, "the set-up page makes the first account only")
            #expect(try await repository.account(email: "intruder@example.com") == nil)
            #expect(try await raw.execute(uri: "/setup", method: .get).headers[.location] == "/sign-in")
        }
    }

    @Test func anAdminInvitesAndDisables() async throws {
        try await withAppAndDatabase { client, repository, _ in
            let admin = try #require(client as? BrowserSession)
            let invited = try await admin.execute(
                uri: "/accounts/invitations", method: .post, headers: formHeaders,
                body: form([("email", "new@example.com"), ("role", "member")]))
            #expect(invited.status == .created)
            #expect(invited.headers[.cacheControl] == "no-store")
            let marker = "/sign-up?invite="
            let start = try #require(invited.text.range(of: marker), "the invitation link is shown")
            let token = String(invited.text[start.upperBound...].prefix { $0 != "<" })
            #expect(token.count == 43)
            let listed = try await admin.execute(uri: "/accounts", method: .get)
            #expect(listed.text.contains("new@example.com") && !listed.text.contains(token), "shown once")

            let newcomer = try await BrowserSession.start(admin.inner)
            let page = try await newcomer.execute(uri: "/sign-up?invite=\(token)", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("new@example.com"))
            let short = try await newcomer.execute(
                uri: "/sign-up", method: .post, headers: formHeaders,
                body: form([("invite", token), ("password", "tiny")]))
            #expect(short.status == .unprocessableContent)
            let made = try await newcomer.execute(
                uri: "/sign-up", method: .post, headers: formHeaders,
                body: form([("invite", token), ("password", testPassword)]))
            #expect(made.status == .seeOther)
            let member = try #require(try await repository.account(email: "new@example.com")?.account)
            #expect(member.role == .member)
            let reused = try await newcomer.execute(
                uri: "/sign-up", method: .post, headers: formHeaders,
                body: form([("invite", token), ("password", testPassword)]))
            #expect(reused.status == .gone, "an invitation makes one account")
            #expect(try await newcomer.execute(uri: "/sign-up?invite=\(token)", method: .get).status == .gone)

            let signedIn = try await newcomer.signingIn("new@example.com")
            #expect(try await signedIn.execute(uri: "/", method: .get).status == .ok)
            let selfDisable = try await admin.execute(
                uri:
                    "/accounts/\(try #require(try await repository.account(email: "admin@example.com")?.account.id))/disable",
                method: .post, headers: formHeaders, body: form([]))
            #expect(selfDisable.status == .conflict, "an admin cannot lock themselves out")
            let disabled = try await admin.execute(
                uri: "/accounts/\(member.id)/disable", method: .post, headers: formHeaders, body: form([]))
            #expect(disabled.status == .seeOther)
            #expect(try await signedIn.execute(uri: "/", method: .get).status == .seeOther, "its session ended")
            let refused = try await BrowserSession.start(admin.inner).execute(
                uri: "/sign-in", method: .post, headers: formHeaders,
                body: form([("email", "new@example.com"), ("password", testPassword)]))
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("disabled"))
            _ = try await admin.execute(
                uri: "/accounts/\(member.id)/enable", method: .post, headers: formHeaders, body: form([]))
            _ = try await BrowserSession.start(admin.inner).signingIn("new@example.com")
        }
    }

    @Test func openSignUpWhenTheOperatorAllowsIt() async throws {
        var open = testAccounts
        open.openSignUp = true
        try await withAppAndDatabase(accounts: open) { client, repository, _ in
            let anyone = try await BrowserSession.start(try #require(client as? BrowserSession).inner)
            #expect(try await anyone.execute(uri: "/sign-up", method: .get).status == .ok)
            let made = try await anyone.execute(
                uri: "/sign-up", method: .post, headers: formHeaders,
                body: form([("email", "walk-in@example.com"), ("password", testPassword)]))
            #expect(made.status == .seeOther)
            #expect(try await repository.account(email: "walk-in@example.com")?.account.role == .member)
            let taken = try await anyone.execute(
                uri: "/sign-up", method: .post, headers: formHeaders,
                body: form([("email", "WALK-IN@example.com"), ("password", testPassword)]))
            #expect(taken.status == .conflict, "one account per email, whatever its case")
        }
        try await withAppAndDatabase { client, _, _ in
            let anyone = try await BrowserSession.start(try #require(client as? BrowserSession).inner)
            #expect(try await anyone.execute(uri: "/sign-up", method: .get).headers[.location] == "/sign-in")
            let refused = try await anyone.execute(
                uri: "/sign-up", method: .post, headers: formHeaders,
                body: form([("email", "walk-in@example.com"), ("password", testPassword)]))
            #expect(refused.status == .gone, "invitations only, by default")
        }
    }

    @Test func aSessionOutlivesARestartAndEndsOnExpiryOrSignOut() async throws {
        try await withAppAndDatabase { client, repository, database in
            let browser = try #require(client as? BrowserSession)
            #expect(browser.session.count > 40)
            // Another process of the app on the same database: a restart, or a second instance.
            let root = TestDatabase.projectRoot
            let restarted = try await buildApplication(
                configuration: AppConfiguration(
                    templatesDirectory: root.appendingPathComponent("templates").path,
                    publicDirectory: root.appendingPathComponent("Public").path, allowedHosts: testHosts, worker: nil,
                    accounts: testAccounts),
                repository: repository, pipeline: ExtractionPipeline(model: OfflineExtractor(today: { testDay })),
                today: { testDay }, logger: TestDatabase.logger)
            try await restarted.test(.router) { other in
                let page = try await other.execute(uri: "/settings", method: .get, headers: [.cookie: browser.session])
                #expect(page.status == .ok, "the session is in the database, not in the process")
            }
            try await database.query(
                "UPDATE sessions SET expires_at = now() - interval '1 second'", logger: TestDatabase.logger)
            #expect(try await browser.execute(uri: "/settings", method: .get).status == .seeOther, "expired")

            let fresh = try await BrowserSession.start(browser.inner).signingIn("admin@example.com")
            let cookie = try #require(
                try await fresh.inner.execute(
                    uri: "/sign-in", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: fresh.cookie],
                    body: form([("email", "admin@example.com"), ("password", testPassword), ("csrf", fresh.token)])
                ).headers[values: .setCookie].first { $0.hasPrefix("listingdesk-session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "plain HTTP on loopback")
            let behindTLS = try await fresh.inner.execute(
                uri: "/sign-in", method: .post,
                headers: [
                    .contentType: "application/x-www-form-urlencoded", .cookie: fresh.cookie,
                    HTTPField.Name("X-Forwarded-Proto")!: "https",
                ],
                body: form([("email", "admin@example.com"), ("password", testPassword), ("csrf", fresh.token)]))
            #expect(
                behindTLS.headers[values: .setCookie].contains {
                    $0.hasPrefix("listingdesk-session=") && $0.contains("Secure")
                })

            let out = try await fresh.execute(uri: "/sign-out", method: .post, headers: formHeaders, body: form([]))
            #expect(out.status == .seeOther)
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("listingdesk-session=") })
            #expect(try await fresh.execute(uri: "/settings", method: .get).status == .seeOther, "signed out")
        }
    }

    @Test func failedSignInsAreSlowedEvenWithTheRightPassword() async throws {
        try await withAppAndDatabase { client, _, database in
            let browser = try await BrowserSession.start(try #require(client as? BrowserSession).inner)
            func attempt(_ password: String) async throws -> TestResponse {
                try await browser.execute(
                    uri: "/sign-in", method: .post, headers: formHeaders,
                    body: form([("email", "Admin@Example.com"), ("password", password)]))
            }
            for _ in 1...5 {
                let wrong = try await attempt("not the password")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains("The email or the password is wrong."))
                #expect(!wrong.text.contains("try again in"))
            }
            let sixth = try await attempt("not the password either")
            #expect(sixth.text.contains("try again in 1 s"))
            // The first wait is one second, shorter than a password check on a busy machine: it is lengthened
            // here so that the next attempt surely falls inside it.
            try await database.query(
                "UPDATE sign_in_failures SET locked_until = now() + interval '30 seconds' WHERE locked_until IS NOT NULL",
                logger: TestDatabase.logger)
            let locked = try await attempt(testPassword)
            #expect(locked.status == .tooManyRequests, "while the wait is on, not even the right password is checked")
            let retryAfter = try #require(locked.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...30).contains(retryAfter), "the wait left, in whole seconds rounded up")
            let unknown = try await browser.execute(
                uri: "/sign-in", method: .post, headers: formHeaders,
                body: form([("email", "nobody@example.com"), ("password", testPassword)]))
            #expect(unknown.status == .unauthorized, "an email with no account is told the same as a wrong password")
            #expect(unknown.text.contains("The email or the password is wrong."))
            try await database.query(
                "UPDATE sign_in_failures SET locked_until = now() - interval '1 second'", logger: TestDatabase.logger)
            let through = try await attempt(testPassword)
            #expect(through.status == .seeOther, "once the wait has passed")
            let forgotten = try await attempt("one more wrong one")
            #expect(!forgotten.text.contains("try again in"), "a sign-in that works clears the count")
        }
    }

    @Test func aPasteSentWhileSignedOutComesBackAfterSigningIn() async throws {
        try await withAppAndDatabase { client, repository, _ in
            let signedOut = try await BrowserSession.start(try #require(client as? BrowserSession).inner)
            let text = "월세 500/45 원룸 KEPT-THROUGH-SIGN-IN"
            let sent = try await signedOut.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", text)]))
            #expect(sent.status == .unauthorized)
            #expect(sent.text.contains("KEPT-THROUGH-SIGN-IN"), "the sign-in page holds the paste")
            #expect(try await repository.list(.init(), limit: 5, before: nil).items.isEmpty)
            let back = try await signedOut.execute(
                uri: "/sign-in", method: .post, headers: formHeaders,
                body: form([("email", "admin@example.com"), ("password", testPassword), ("text", text)]))
            #expect(back.status == .ok)
            #expect(back.text.contains("<textarea"), "the paste form")
            #expect(back.text.contains("KEPT-THROUGH-SIGN-IN"), "with the paste in it")
            #expect(back.headers[values: .setCookie].contains { $0.hasPrefix("listingdesk-session=") })
            let review = try await signedOut.execute(uri: "/listings/1/review", method: .get)
            #expect(review.headers[.location] == "/sign-in?back=%2Flistings%2F1%2Freview", "and back after")
        }
    }

    @Test func passwordsAndTokensAreNeverInTheLogPagesOrDatabaseInClear() async throws {
        let recorder = LogRecorder()
        try await withAppAndDatabase(recorder: recorder) { client, repository, database in
            let admin = try #require(client as? BrowserSession)
            let password = "a secret pass phrase 42"
            try await makeAccount("writer@example.com", repository)
            try await database.query(
                "UPDATE accounts SET password_hash = \(try await Passwords(cost: 4).hash(password)) WHERE email = 'writer@example.com'",
                logger: TestDatabase.logger)
            let writer = try await BrowserSession.start(admin.inner).signingIn("writer@example.com", password: password)
            let wrong = try await BrowserSession.start(admin.inner).execute(
                uri: "/sign-in", method: .post, headers: formHeaders,
                body: form([("email", "writer@example.com"), ("password", "wrong " + password)]))
            #expect(!wrong.text.contains(password), "a refused sign-in does not show the password typed")
            let token = try await AccessTests.makeToken(writer)
            let invited = try await admin.execute(
                uri: "/accounts/invitations", method: .post, headers: formHeaders,
                body: form([("email", "later@example.com")]))
            let start = try #require(invited.text.range(of: "/sign-up?invite="))
            let invitation = String(invited.text[start.upperBound...].prefix { $0 != "<" })
            let sessionID = try #require(writer.session.split(separator: "=", maxSplits: 1).last)
                .removingPercentEncoding!
            _ = try await admin.inner.execute(
                uri: "/api/v1/listings", method: .get, headers: [.authorization: "Bearer \(token)"])

            let secrets = [password, token, invitation, sessionID]
            var stored = ""
            for table in ["accounts", "sessions", "api_tokens", "invitations", "sign_in_failures"] {
                for try await row in try await database.query(
                    "SELECT row_to_json(t)::text FROM \(unescaped: table) t", logger: TestDatabase.logger
                ).decode(String.self) {
                    stored += row + "\n"
                }
            }
            #expect(stored.contains("writer@example.com"))
            for secret in secrets {
                #expect(!stored.contains(secret), "not in the database: \(secret.prefix(4))…")
                #expect(!recorder.all.contains { $0.contains(secret) }, "not in the log: \(secret.prefix(4))…")
            }
            let settings = try await writer.execute(uri: "/settings", method: .get)
            #expect(settings.text.contains(String(token.prefix(7))), "its first characters tell it apart")
            #expect(!settings.text.contains(token), "the token is shown once, when made")
        }
    }
}
