import Extraction
import Foundation
import Hummingbird
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing

@testable import Web

/// Another site cannot make a person's browser write here, and a name that merely resolves to this server cannot
/// read or write here. Each protection is tested on its own: the session's valid token is left out, or kept while
/// one header is wrong.
@Suite struct CrossSiteTests {
    @Test func aFormPostWithoutThisBrowsersTokenIsRefusedAndThePasteKept() async throws {
        try await withAppAndDatabase { session, repository, _ in
            let client = try #require(session as? BrowserSession)
            let text = "월세 500/45 원룸 KEEP-THIS"
            let cases: [(String, [(String, String)], String)] = [
                ("no token", [("text", text)], client.cookies),
                ("another token", [("text", text), ("csrf", String(client.token.reversed()))], client.cookies),
                (
                    "another browser's cookie", [("text", text), ("csrf", client.token)],
                    "\(FormTokens.cookieName)=\(FormTokens.newNonce()); \(client.session)"
                ),
                ("no form cookie", [("text", text), ("csrf", client.token)], client.session),
            ]
            for (name, pairs, cookie) in cases {
                var headers = formHeaders
                headers[.cookie] = cookie
                let answer = try await client.inner.execute(
                    uri: "/listings", method: .post, headers: headers, body: form(pairs))
                #expect(answer.status == .forbidden, "\(name)")
                #expect(answer.text.contains("KEEP-THIS"), "\(name): the paste form keeps the text")
                #expect(answer.text.contains("Reload the page"), "\(name)")
            }
            #expect(try await repository.list(.init(), limit: 5, before: nil).items.isEmpty, "nothing was stored")
            let accepted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", text)]))
            #expect(accepted.status == .seeOther, "the same post with the browser's token is taken")
        }
    }

    @Test func aReviewSaveWithoutTheTokenIsRefusedAndTheValuesKept() async throws {
        try await withAppAndDatabase { session, repository, _ in
            let client = try #require(session as? BrowserSession)
            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", "월세 500/45 원룸")]))
            let id = try #require(listingID(pasted))
            let stored = try #require(try await repository.find(id: Int64(id)))
            var headers = formHeaders
            headers[.cookie] = client.cookies
            let answer = try await client.inner.execute(
                uri: "/listings/\(id)", method: .post, headers: headers,
                body: form(formFields(of: stored, changing: ["location": "TYPED-PLACE"]) + [("csrf", "forged")]))
            #expect(answer.status == .forbidden)
            #expect(answer.text.contains("TYPED-PLACE"), "what was typed stays in the form")
            #expect(try await repository.find(id: Int64(id))?.version == 1, "nothing was saved")
        }
    }

    @Test func aTokenFromAnotherKeyIsRefused() {
        let mine = FormTokens(secret: "one")
        let theirs = FormTokens(secret: "two")
        let nonce = FormTokens.newNonce()
        #expect(mine.accepts(mine.token(for: nonce), for: nonce))
        #expect(!mine.accepts(theirs.token(for: nonce), for: nonce))
        #expect(!mine.accepts(mine.token(for: FormTokens.newNonce()), for: nonce))
        #expect(
            FormTokens(secret: "one").accepts(mine.token(for: nonce), for: nonce), "a configured key survives restarts")
    }

    @Test func noncesAndTokensAreUnpaddedBase64URL() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let expected = data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(FormTokens.base64URL(data) == expected, "\(length) bytes")
        }
        #expect(FormTokens.base64URL(Data([0xFB, 0xFF])) == "-_8")
        #expect((0..<50).allSatisfy { _ in FormTokens.isNonce(FormTokens.newNonce()) })
        #expect(FormTokens.isNonce(FormTokens(secret: "one").token(for: FormTokens.newNonce())))
    }

    @Test func anOriginThatIsNotExactlyThisServerIsRefused() async throws {
        try await withApp { client, repository in
            for origin in [
                "http://localhost:8080", "ftp://localhost", "null", "http://localhost.evil.example",
                "https://evil.example", "http://user@localhost", "https://localhost", "https://localhost:80",
            ] {
                var headers = formHeaders
                headers[.origin] = origin
                let answer = try await client.execute(
                    uri: "/listings", method: .post, headers: headers, body: form([("text", "월세 500/45")]))
                #expect(answer.status == .forbidden, "\(origin)")
            }
            var crossSite = formHeaders
            crossSite[.secFetchSite] = "cross-site"
            let fetched = try await client.execute(
                uri: "/listings", method: .post, headers: crossSite, body: form([("text", "월세 500/45")]))
            #expect(fetched.status == .forbidden, "Sec-Fetch-Site: cross-site")
            #expect(try await repository.list(.init(), limit: 5, before: nil).items.isEmpty)

            var sameOrigin = formHeaders
            sameOrigin[.origin] = "http://localhost"
            sameOrigin[.secFetchSite] = "same-origin"
            let accepted = try await client.execute(
                uri: "/listings", method: .post, headers: sameOrigin, body: form([("text", "월세 500/45")]))
            #expect(accepted.status == .seeOther, "this server's own origin, exactly")
        }
    }

    @Test func aNameThisServerDoesNotAnswerForIsRefusedEvenForReading() async throws {
        // The test client always sends `Host: localhost`; here the server answers only for another name, as a
        // server on loopback does for a rebinding attacker's name.
        try await TestDatabase.withDatabase { database, _ in
            let root = TestDatabase.projectRoot
            let app = try await buildApplication(
                configuration: AppConfiguration(
                    templatesDirectory: root.appendingPathComponent("templates").path,
                    publicDirectory: root.appendingPathComponent("Public").path, allowedHosts: ["listings.example"]),
                repository: PostgresListingRepository(client: database, logger: TestDatabase.logger),
                pipeline: ExtractionPipeline(model: OfflineExtractor(today: { testDay })), today: { testDay },
                logger: TestDatabase.logger)
            try await app.test(.router) { client in
                for path in ["/", "/listings", "/api/v1/listings", "/css/app.css"] {
                    let answer = try await client.execute(uri: path, method: .get)
                    #expect(answer.status == .misdirectedRequest, "\(path)")
                    // The page and the JSON name the setting to change (README, "Open it from your phone").
                    if path != "/css/app.css" { #expect(answer.text.contains("LISTINGDESK_ALLOWED_HOSTS"), "\(path)") }
                }
                let post = try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": "월세 500/45"]))
                #expect(post.status == .misdirectedRequest)
            }
        }
        #expect(
            AppConfiguration.defaultAllowedHosts(host: "127.0.0.1", port: 8080) == [
                "127.0.0.1:8080", "localhost:8080", "[::1]:8080",
            ])
        #expect(AppConfiguration.defaultAllowedHosts(host: "0.0.0.0", port: 8080) == nil)
        #expect(
            AppConfiguration(port: 9000, allowedHosts: ["listings.example"]).allowedHosts == [
                "listings.example:80", "listings.example:443",
            ])
    }

    @Test func theAPIOnlyTakesBodiesThatSayTheyAreJSON() async throws {
        try await withApp { client, repository in
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                let answer = try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: [.contentType: type],
                    body: json(["text": "월세 500/45"]))
                #expect(answer.status == .unsupportedMediaType, "\(type)")
            }
            let none = try await client.execute(
                uri: "/api/v1/listings", method: .post, body: json(["text": "월세 500/45"]))
            #expect(none.status == .unsupportedMediaType)
            #expect(try await repository.list(.init(), limit: 5, before: nil).items.isEmpty)
            let charset = try await client.execute(
                uri: "/api/v1/listings", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                body: json(["text": "월세 500/45"]))
            #expect(charset.status == .created)
        }
    }
}
