import Foundation
import HummingbirdTesting
import ListingCore
import NIOCore
import Storage
import TestSupport
import Testing

@testable import Web

/// Uploads shaped to break a parser: no request may stop the process, and what cannot be read is refused with a
/// message that names the problem, storing nothing.
@Suite struct HostileUploadTests {
    /// A `multipart/form-data` body around `file` (and the browser's form token).
    static func multipart(
        _ file: String, name: String = "ads.csv", token: String, boundary: String = "----listingdesk-test"
    ) -> ByteBuffer {
        ByteBuffer(
            string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n")
    }

    @Test func boundariesAMultipartParserWouldTrapOnAreRefusedAndTheServerGoesOn() async throws {
        try await withApp { client, repository in
            let token = try await AccessTests.makeToken(try #require(client as? BrowserSession))
            let raw = try #require(client as? BrowserSession).inner
            for contentType in [
                "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=", "multipart/form-data",
                "multipart/form-data; boundary=\"",
                "multipart/form-data; boundary=" + String(repeating: "b", count: 71),
                "multipart/form-data; boundary=\"a b \"", "multipart/form-data; boundary=\u{7F}",
            ] {
                let answer = try await raw.execute(
                    uri: "/batches", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: contentType],
                    body: ByteBuffer(string: "--\r\n"))
                #expect(answer.status == .badRequest, "\(contentType)")
                #expect(answer.text.contains("boundary"), "the message says what is wrong")
            }
            #expect(try await raw.execute(uri: "/healthz", method: .get).status == .ok, "still serving")
            #expect(try await repository.batches(ownedBy: nil, limit: 5).isEmpty)
        }
    }

    /// MultipartKit makes a buffer for every CR of a part's body: a body of millions of them is refused before it
    /// is parsed, and so is one of more parts than any form of ours has; a file with CR LF line endings of a real
    /// size is read.
    @Test func aBodyOfMillionsOfLineBreaksIsRefusedBeforeItIsParsed() async throws {
        try await withApp { client, repository in
            let browser = try #require(client as? BrowserSession)
            let flood = try await browser.execute(
                uri: "/batches", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=----listingdesk-test"],
                body: Self.multipart(String(repeating: "\r", count: 1_000_001), name: "a.txt", token: browser.token))
            #expect(flood.status == .badRequest)
            #expect(flood.text.contains("line breaks"))
            let windows = try await browser.execute(
                uri: "/batches", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=----listingdesk-test"],
                body: Self.multipart(
                    (1...50).map { "원룸 월세 500/\($0)\r\n3/5층\r\n" }.joined(separator: "---\r\n"), name: "a.txt",
                    token: browser.token))
            #expect(windows.status == .seeOther)
            let part = "------listingdesk-test\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n"
            let manyParts = try await browser.execute(
                uri: "/batches", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=----listingdesk-test"],
                body: ByteBuffer(string: String(repeating: part, count: 65) + "------listingdesk-test--\r\n"))
            #expect(manyParts.status == .badRequest, "more parts than the import form has")
            #expect(try await repository.batches(ownedBy: nil, limit: 5).first?.total == 50)
        }
    }

    @Test func aCSVWithAnUnclosedQuoteIsRefusedNamingTheLine() async throws {
        try await withApp { client, repository in
            let browser = try #require(client as? BrowserSession)
            let csv = "text,price\n\"망원동 원룸 월세 500/45,1\nSelling a desk $40,2\nSelling a lamp $5,3\n"
            let answer = try await browser.execute(
                uri: "/batches", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=----listingdesk-test"],
                body: Self.multipart(csv, token: browser.token))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains("line 2"), "names where the quote opens")
            #expect(try await repository.batches(ownedBy: nil, limit: 5).isEmpty, "nothing stored")

            let stray = "text\n\"Selling a \"vintage\" lamp $5\"x\n"
            let strayAnswer = try await browser.execute(
                uri: "/batches", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=----listingdesk-test"],
                body: Self.multipart(stray, token: browser.token))
            #expect(strayAnswer.status == .unprocessableContent, "a quote inside a quoted cell that is not doubled")
            #expect(strayAnswer.text.contains("line 2"))
        }
    }

    @Test func nulBytesInNamesAreNeverAServerError() async throws {
        try await withApp { client, repository in
            let browser = try #require(client as? BrowserSession)
            let upload = try await browser.execute(
                uri: "/batches", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=----listingdesk-test"],
                body: Self.multipart("text\n원룸 월세 500/45\n", name: "ads\u{0}.csv", token: browser.token))
            #expect(upload.status == .seeOther, "the file is read; its name loses the NUL")
            #expect(try await repository.batches(ownedBy: nil, limit: 5).first?.name == "ads.csv")

            let named = try await browser.execute(
                uri: "/settings/tokens", method: .post, headers: formHeaders, body: form([("name", "my\u{0}script")]))
            #expect(named.status.code < 500, "a token's name with NUL: \(named.status)")

            let signedOut = try await BrowserSession.start(browser.inner)
            let signIn = try await signedOut.execute(
                uri: "/sign-in", method: .post, headers: formHeaders,
                body: form([("email", "admin\u{0}@example.com"), ("password", testPassword)]))
            #expect(signIn.status == .unauthorized, "an email with NUL is a wrong email: \(signIn.status)")
        }
    }
}
