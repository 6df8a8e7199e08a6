import Foundation
import Hummingbird
import HummingbirdTesting
import ListingCore
import Storage
import Testing

@testable import Web

/// HTTP as clients expect it: HEAD answers like GET without a body, a wrong method is a 405 naming the right ones,
/// and odd paths are refused rather than redirected or truncated.
@Suite struct HTTPSemanticsTests {
    @Test func headAnswersLikeGetWithoutABody() async throws {
        try await withApp { client, _ in
            for path in ["/", "/listings", "/usage", "/css/app.css", "/healthz"] {
                let get = try await client.execute(uri: path, method: .get)
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == .ok, "HEAD \(path)")
                #expect(head.body.readableBytes == 0, "HEAD \(path) has no body")
                #expect(head.headers[.contentType] == get.headers[.contentType], "HEAD \(path)")
            }
        }
    }

    @Test func aWrongMethodIs405WithTheMethodsThatWork() async throws {
        try await withApp { client, _ in
            let samples: [(String, HTTPRequest.Method, String)] = [
                ("/usage", .post, "GET, HEAD"), ("/listings", .delete, "GET, HEAD, POST"),
                ("/listings/7/review", .post, "GET, HEAD"), ("/api/v1/listings/7", .put, "DELETE, GET, HEAD, PATCH"),
                ("/api/v1/extract", .get, "POST"),
            ]
            for (path, method, allowed) in samples {
                let answer = try await client.execute(uri: path, method: method)
                #expect(answer.status == .methodNotAllowed, "\(method) \(path)")
                #expect(answer.headers[.allow] == allowed, "\(method) \(path)")
            }
            let nowhere = try await client.execute(uri: "/nowhere", method: .post)
            #expect(nowhere.status == .notFound)
        }
    }

    @Test func oddPathsAreRefusedNotRedirectedOrTruncated() async throws {
        try await withApp { client, _ in
            for path in ["//css", "//evil.example/x", "/css//app.css"] {
                let answer = try await client.execute(uri: path, method: .get)
                #expect(answer.headers[.location] == nil, "\(path) must not redirect")
                #expect(answer.status == .notFound, "\(path)")
            }
            for path in ["/css/app.css%00.png", "/listings%00", "/css/%2e%2e/%2e%2e/Package.swift"] {
                let answer = try await client.execute(uri: path, method: .get)
                #expect(answer.status == .badRequest || answer.status == .notFound, "\(path): \(answer.status)")
                #expect(!answer.text.contains("swift-tools-version"), "\(path) leaks a file")
            }
            let nul = try await client.execute(uri: "/css/app.css%00.png", method: .get)
            #expect(nul.status == .badRequest)
        }
    }

    @Test func aCursorThatIsNotAnIdIsA400OnThePageAsInTheAPI() async throws {
        try await withApp { client, _ in
            let page = try await client.execute(uri: "/listings?cursor=abc", method: .get)
            #expect(page.status == .badRequest)
            let api = try await client.execute(uri: "/api/v1/listings?cursor=abc", method: .get)
            #expect(api.status == .badRequest)
            let fine = try await client.execute(uri: "/listings?cursor=12", method: .get)
            #expect(fine.status == .ok)
        }
    }
}
