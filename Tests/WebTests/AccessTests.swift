import Foundation
import HTTPTypes
import HummingbirdTesting
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing

@testable import Web

/// Who may see and change what, route by route and role by role: nobody signed in, the listing's owner, another
/// account, an admin, an account disabled after it signed in, and a revoked API token. Every refusal is checked
/// against the database too: nothing changed.
@Suite struct AccessTests {
    /// The people of one install, each a browser signed in (or not), and the listings they act on.
    struct Cast {
        let anonymous: BrowserSession
        let owner: BrowserSession
        let other: BrowserSession
        let admin: BrowserSession
        let disabled: BrowserSession
        let ownerToken: String
        let revokedToken: String
        let disabledToken: String
        /// The owner's draft, the owner's published listing, and the owner's batch.
        let draft: Int64
        let published: Int64
        let batch: Int64

        func browser(_ role: Role) -> BrowserSession {
            switch role {
            case .anonymous: anonymous
            case .owner: owner
            case .other: other
            case .admin: admin
            case .disabled: disabled
            }
        }
    }

    enum Role: String, CaseIterable, CustomStringConvertible {
        case anonymous, owner, other, admin, disabled
        var description: String { rawValue }
    }

    /// An install with an admin (the first account), an owner, another member and a disabled member; the owner's
    /// draft, published listing and batch; the owner's token, a revoked one, and the disabled account's.
    static func withCast(
        _ body: @escaping @Sendable (Cast, PostgresListingRepository, PostgresClient) async throws -> Void
    ) async throws {
        try await withAppAndDatabase { client, repository, database in
            let raw = try #require(client as? BrowserSession).inner
            // `client` signed in as admin@example.com, the first account: the admin.
            let admin = try #require(client as? BrowserSession)
            try await makeAccount("owner@example.com", repository)
            try await makeAccount("other@example.com", repository)
            let gone = try await makeAccount("gone@example.com", repository)
            let owner = try await BrowserSession.start(raw).signingIn("owner@example.com")
            let other = try await BrowserSession.start(raw).signingIn("other@example.com")
            let disabled = try await BrowserSession.start(raw).signingIn("gone@example.com")
            let anonymous = try await BrowserSession.start(raw)

            let ownerToken = try await Self.makeToken(owner)
            let revokedToken = try await Self.makeToken(owner)
            let disabledToken = try await Self.makeToken(disabled)
            let ownerAccount = try await owner.account(repository)
            let tokens = try await repository.tokens(accountID: try #require(ownerAccount).id)
            let revoked = try #require(tokens.max { $0.id < $1.id }, "the second token made")
            let revoke = try await owner.execute(
                uri: "/settings/tokens/\(revoked.id)/revoke", method: .post, headers: formHeaders, body: form([]))
            #expect(revoke.status == .seeOther)

            let draft = try await Self.paste("월세 보증금 500/45 원룸 망원동 OWNER-DRAFT", owner)
            let published = try await Self.paste("Selling my desk, $40, pickup only. OWNER-PUBLISHED", owner)
            try await database.query(
                "UPDATE listings SET status = 'published', published_at = now() WHERE id = \(published)",
                logger: TestDatabase.logger)
            let imported = try await owner.execute(
                uri: "/batches", method: .post, headers: formHeaders,
                body: form([("text", "원룸 월세 300/30 OWNER-BATCH\n---\nSelling a lamp $5 OWNER-BATCH")]))
            let batch = Int64(try #require(listingID(imported), "the owner's import (\(imported.status))"))

            let disabling = try await admin.execute(
                uri: "/accounts/\(gone.id)/disable", method: .post, headers: formHeaders, body: form([]))
            #expect(disabling.status == .seeOther)

            try await body(
                Cast(
                    anonymous: anonymous, owner: owner, other: other, admin: admin, disabled: disabled,
                    ownerToken: ownerToken, revokedToken: revokedToken, disabledToken: disabledToken, draft: draft,
                    published: published, batch: batch),
                repository, database)
        }
    }

    static func makeToken(_ browser: BrowserSession) async throws -> String {
        let page = try await browser.execute(
            uri: "/settings/tokens", method: .post, headers: formHeaders, body: form([("name", "script")]))
        return try tokenShown(on: page)
    }

    /// The token a token page shows, once.
    static func tokenShown(on page: TestResponse) throws -> String {
        #expect(page.status == .created)
        let marker = "id=\"new-token\">"
        let start = try #require(page.text.range(of: marker), "the new token is shown")
        return String(page.text[start.upperBound...].prefix { $0 != "<" })
    }

    static func paste(_ text: String, _ browser: BrowserSession) async throws -> Int64 {
        let created = try await browser.execute(
            uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": text]))
        #expect(created.status == .created, "\(text): \(created.status)")
        return Int64(try #require(listingID(created)))
    }

    /// What each role gets from a route that reads, and from one that writes (refused ones only: the owner's and
    /// the admin's writes are `ownersAndAdminsChangeListings`'s).
    @Test func everyRouteForEveryRole() async throws {
        try await Self.withCast { cast, repository, _ in
            let d = cast.draft
            let p = cast.published
            let b = cast.batch
            let before = try await Self.snapshot(repository, [d, p])
            // (method, path, body, anonymous, owner, other, admin, disabled); 0 = not asked.
            typealias Row = (HTTPRequest.Method, String, [(String, String)]?, [Int])
            let rows: [Row] = [
                (.get, "/", nil, [303, 200, 200, 200, 303]),
                (.get, "/listings", nil, [303, 200, 200, 200, 303]),
                (.get, "/listings.csv", nil, [303, 200, 200, 200, 303]),
                (.get, "/listings/\(d)", nil, [303, 200, 404, 200, 303]),
                (.get, "/listings/\(p)", nil, [303, 200, 200, 200, 303]),
                (.get, "/listings/\(d)/review", nil, [303, 200, 404, 200, 303]),
                (.get, "/listings/\(p)/review", nil, [303, 200, 404, 200, 303]),
                (.get, "/listings/\(d)/delete", nil, [303, 200, 404, 200, 303]),
                (.get, "/batches", nil, [303, 200, 200, 200, 303]),
                (.get, "/batches/\(b)", nil, [303, 200, 404, 200, 303]),
                (.get, "/batches/\(b)/events", nil, [303, 0, 404, 0, 303]),
                (.get, "/stats", nil, [303, 200, 200, 200, 303]),
                (.get, "/usage", nil, [303, 403, 403, 200, 303]),
                (.get, "/evals", nil, [303, 200, 200, 200, 303]),
                (.get, "/settings", nil, [303, 200, 200, 200, 303]),
                (.get, "/accounts", nil, [303, 403, 403, 200, 303]),
                (.post, "/listings/\(d)", [("version", "1"), ("location", "CHANGED")], [401, 0, 404, 0, 401]),
                (.post, "/listings/\(d)/publish", [("version", "1")], [401, 0, 404, 0, 401]),
                (.post, "/listings/\(d)/kind", [("version", "1"), ("kind", "second_hand")], [401, 0, 404, 0, 401]),
                (.post, "/listings/\(p)", [("version", "1"), ("title", "CHANGED")], [401, 0, 404, 0, 401]),
                (.post, "/listings/\(p)/unpublish", [("version", "1")], [401, 0, 404, 0, 401]),
                (.post, "/listings/\(p)/delete", [], [401, 0, 404, 0, 401]),
                (.post, "/batches/\(b)/cancel", [], [401, 0, 404, 0, 401]),
                (.post, "/batches/\(b)/retry", [], [401, 0, 404, 0, 401]),
                (.post, "/accounts/invitations", [("email", "new@example.com")], [401, 403, 403, 0, 401]),
                (.get, "/api/v1/listings", nil, [401, 200, 200, 200, 401]),
                (.get, "/api/v1/listings/\(d)", nil, [401, 200, 404, 200, 401]),
                (.get, "/api/v1/listings/\(p)", nil, [401, 200, 200, 200, 401]),
                (.get, "/api/v1/usage", nil, [401, 403, 403, 200, 401]),
            ]
            for (method, path, body, expected) in rows {
                for (role, status) in zip(Role.allCases, expected) where status != 0 {
                    let answer = try await cast.browser(role).execute(
                        uri: path, method: method, headers: body == nil ? [:] : formHeaders,
                        body: body.map { form($0) })
                    #expect(Int(answer.status.code) == status, "\(role) \(method) \(path)")
                    if status == 303 && role == .anonymous || role == .disabled && status == 303 {
                        #expect(
                            answer.headers[.location]?.hasPrefix("/sign-in?back=") == true,
                            "\(role) \(method) \(path) goes to sign in")
                    }
                }
            }
            // The API by token: the owner's token is the owner; a revoked token, or a disabled account's, nobody.
            for (method, path, _, expected) in rows where path.hasPrefix("/api/") {
                for (token, status, who) in [
                    (cast.ownerToken, expected[1], "owner's token"), (cast.revokedToken, 401, "revoked token"),
                    (cast.disabledToken, 401, "disabled account's token"),
                ] {
                    let answer = try await cast.anonymous.inner.execute(
                        uri: path, method: method, headers: [.authorization: "Bearer \(token)"])
                    #expect(Int(answer.status.code) == status, "\(who) \(method) \(path)")
                }
            }
            // The JSON API's writes, refused to all but the owner and the admins.
            let apiWrites: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.patch, "/api/v1/listings/\(p)", ["version": 1, "fields": ["title": "CHANGED"]]),
                (.post, "/api/v1/listings/\(p)/unpublish", nil),
                (.post, "/api/v1/listings/\(d)/publish", nil),
                (.delete, "/api/v1/listings/\(d)", nil),
            ]
            for (method, path, body) in apiWrites {
                for (role, status) in [(Role.anonymous, 401), (.other, 404), (.disabled, 401)] {
                    let answer = try await cast.browser(role).execute(
                        uri: path, method: method, headers: body == nil ? [:] : jsonHeaders, body: body.map(json))
                    #expect(Int(answer.status.code) == status, "\(role) \(method) \(path)")
                }
            }
            #expect(try await Self.snapshot(repository, [d, p]) == before, "no refused request changed a listing")
            #expect(try await repository.batch(id: b, limit: 10)?.counts[.cancelled] == nil, "nor the batch")
        }
    }

    /// Each listing's version, status and title: what a refused write must leave as it was.
    static func snapshot(_ repository: PostgresListingRepository, _ ids: [Int64]) async throws -> [String] {
        var rows: [String] = []
        for id in ids {
            let listing = try #require(try await repository.find(id: id))
            rows.append("\(id) v\(listing.version) \(listing.status) \(listing.fields[.title]?.textValue ?? "-")")
        }
        return rows
    }

    @Test func apiTokensActForTheirAccountUntilRevoked() async throws {
        try await Self.withCast { cast, repository, _ in
            let raw = cast.anonymous.inner
            func api(
                _ token: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil
            )
                async throws -> TestResponse
            {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                if body != nil { headers[.contentType] = "application/json" }
                return try await raw.execute(uri: path, method: method, headers: headers, body: body.map(json))
            }
            let mine = try await api(cast.ownerToken, .get, "/api/v1/listings/\(cast.draft)")
            #expect(mine.status == .ok, "the owner's token reads the owner's draft")
            let made = try await api(cast.ownerToken, .post, "/api/v1/listings", ["text": "원룸 월세 200/20 BY-TOKEN"])
            #expect(made.status == .created)
            let madeID = Int64(try #require(listingID(made)))
            let stored = try #require(try await repository.find(id: madeID))
            #expect(stored.ownerID == (try await cast.owner.account(repository))?.id, "the token's account owns it")

            for token in [cast.revokedToken, cast.disabledToken, "ld_not-a-token", ""] {
                let refused = try await api(token, .get, "/api/v1/listings")
                #expect(refused.status == .unauthorized, "token “\(token.prefix(6))”")
                #expect(refused.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                #expect(try decode(refused)["error"].map { "\($0)" }?.contains("invalid_token") == true)
            }
            let anonymous = try await raw.execute(uri: "/api/v1/listings", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="listingdesk""#)
        }
    }

    @Test func listsExportsAndDashboardsShowOnlyWhatTheRoleMaySee() async throws {
        try await Self.withCast { cast, _, _ in
            for (role, sees, seesDraft) in [(Role.owner, true, true), (.other, true, false), (.admin, true, true)] {
                let list = try await cast.browser(role).execute(uri: "/listings", method: .get)
                #expect(list.text.contains("OWNER-PUBLISHED") == sees, "\(role) list")
                #expect(list.text.contains("망원동") == seesDraft, "\(role) list: the draft")
                let csv = try await cast.browser(role).execute(uri: "/listings.csv", method: .get)
                #expect(csv.text.contains("OWNER-PUBLISHED") == sees, "\(role) CSV")
                #expect(csv.text.contains("OWNER-DRAFT") == seesDraft, "\(role) CSV: the draft")
                let api = try await cast.browser(role).execute(uri: "/api/v1/listings?limit=200", method: .get)
                #expect(api.text.contains("OWNER-DRAFT") == seesDraft, "\(role) API list")
                let search = try await cast.browser(role).execute(uri: "/listings?q=OWNER-DRAFT", method: .get)
                #expect(search.text.contains("망원동") == seesDraft, "\(role) search")
                let batches = try await cast.browser(role).execute(uri: "/batches", method: .get)
                #expect(batches.text.contains("/batches/\(cast.batch)") == seesDraft, "\(role) batches")
                let home = try await cast.browser(role).execute(uri: "/", method: .get)
                #expect(home.text.contains("망원동") == seesDraft, "\(role) recent listings")
            }
            // Another account's paste of the same text is not "pasted before": that would tell of the owner's draft.
            let same = try await cast.other.execute(
                uri: "/listings", method: .post, headers: formHeaders,
                body: form([("text", "월세 보증금 500/45 원룸 망원동 OWNER-DRAFT")]))
            #expect(same.status == .seeOther)
            let again = try await cast.owner.execute(
                uri: "/listings", method: .post, headers: formHeaders,
                body: form([("text", "월세 보증금 500/45 원룸 망원동 OWNER-DRAFT")]))
            #expect(again.status == .conflict, "the owner is asked about their own earlier paste")
        }
    }

    @Test func publishedListingsOpenToAnyoneWhenTheOperatorSaysSo() async throws {
        var open = testAccounts
        open.publishedOpenToAnyone = true
        try await withAppAndDatabase(accounts: open) { client, repository, database in
            let id = try await Self.paste("Selling a chair $10 OPEN-TO-ALL", try #require(client as? BrowserSession))
            let draft = try await Self.paste(
                "Selling a table $20 STILL-A-DRAFT", try #require(client as? BrowserSession))
            try await database.query(
                "UPDATE listings SET status = 'published', published_at = now() WHERE id = \(id)",
                logger: TestDatabase.logger)
            let anonymous = try await BrowserSession.start(try #require(client as? BrowserSession).inner)
            #expect(try await anonymous.execute(uri: "/listings/\(id)", method: .get).status == .ok)
            #expect(try await anonymous.execute(uri: "/listings/\(draft)", method: .get).status == .seeOther)
            let list = try await anonymous.execute(uri: "/listings", method: .get)
            #expect(list.status == .ok)
            #expect(list.text.contains("OPEN-TO-ALL") && !list.text.contains("STILL-A-DRAFT"))
            let api = try await anonymous.execute(uri: "/api/v1/listings", method: .get)
            #expect(api.text.contains("OPEN-TO-ALL") && !api.text.contains("STILL-A-DRAFT"))
            let review = try await anonymous.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(review.status == .seeOther, "reading is open; changing is not")
            _ = repository
        }
    }

    @Test func ownersAndAdminsChangeListings() async throws {
        try await Self.withCast { cast, repository, _ in
            let saved = try await cast.owner.execute(
                uri: "/api/v1/listings/\(cast.published)", method: .patch, headers: jsonHeaders,
                body: json(["version": 1, "fields": ["title": "Desk by its owner"]]))
            #expect(saved.status == .ok)
            let down = try await cast.admin.execute(
                uri: "/listings/\(cast.published)/unpublish", method: .post, headers: formHeaders,
                body: form([("version", "2")]))
            #expect(down.status == .seeOther, "an admin takes anyone's listing down")
            let taken = try #require(try await repository.find(id: cast.published))
            #expect(taken.status == .draft && taken.publishedAt == nil)
            #expect(try await repository.edits(listingID: cast.published).contains { $0.field == "status" })
            let hidden = try await cast.other.execute(uri: "/listings/\(cast.published)", method: .get)
            #expect(hidden.status == .notFound, "a draft again: the other account no longer sees it")

            let runsBefore = try await repository.usage(days: 1).reduce(0) { $0 + $1.calls }
            let deleted = try await cast.owner.execute(
                uri: "/listings/\(cast.draft)/delete", method: .post, headers: formHeaders, body: form([]))
            #expect(deleted.status == .seeOther)
            #expect(try await repository.find(id: cast.draft) == nil)
            let byAdmin = try await cast.admin.execute(uri: "/api/v1/listings/\(cast.published)", method: .delete)
            #expect(byAdmin.status == .noContent)
            #expect(try await repository.find(id: cast.published) == nil)
            let runsAfter = try await repository.usage(days: 1).reduce(0) { $0 + $1.calls }
            #expect(runsAfter == runsBefore, "a deleted listing's model calls still count in the usage")
        }
    }
}

extension BrowserSession {
    /// The account this browser is signed in as.
    func account(_ repository: PostgresListingRepository) async throws -> Account? {
        let page = try await execute(uri: "/settings", method: .get)
        guard page.status == .ok else { return nil }
        for email in ["admin@example.com", "owner@example.com", "other@example.com", "gone@example.com"]
        where page.text.contains(email + " ·") {
            return try await repository.account(email: email)?.account
        }
        return nil
    }
}
