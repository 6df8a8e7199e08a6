import Foundation
import HTTPTypes
import OpenAPIRuntime
import OpenAPIURLSession

// A client of the ListingDesk JSON API, generated from Public/openapi.json by swift-openapi-generator, walking a
// listing's life: paste, read, correct, publish, list, delete; and the errors the document promises. Run against a
// live server: `swift run ListingDeskClient http://127.0.0.1:8080 ld_…` (Tests/EndToEnd/test_openapi.py does).

/// Signs every request in with the API token.
struct BearerToken: ClientMiddleware {
    let token: String

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.authorization] = "Bearer \(token)"
        return try await next(request, body, baseURL)
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
}

func check(_ condition: Bool, _ what: String) throws {
    guard condition else { throw Failure(description: "not as expected: \(what)") }
    print("ok: \(what)")
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let serverURL = URL(string: arguments[1]) else {
    print("usage: ListingDeskClient BASE_URL API_TOKEN")
    exit(2)
}
let client = Client(
    serverURL: serverURL, transport: URLSessionTransport(), middlewares: [BearerToken(token: arguments[2])])

do {
    // A 월세 in Korean: a real-estate draft with its rent read as won.
    let rental = try await client.createListing(
        body: .json(.init(text: "망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층 즉시입주"))
    ).created.body.json
    guard case .RealEstate(let home) = rental.value2 else { throw Failure(description: "the rental's kind") }
    try check(home.fields.monthly_rent == 450_000 && home.fields.deposit == 5_000_000, "the rental's rent and deposit")
    try check(rental.value1.status == .draft, "the rental is a draft")

    // A second-hand post in English, corrected and published.
    let post = try await client.createListing(
        body: .json(.init(text: "Selling my IKEA desk, barely used, $40 obo, pickup in Brooklyn"))
    ).created.body.json
    guard case .SecondHand(let item) = post.value2 else { throw Failure(description: "the post's kind") }
    try check(item.fields.price == 40 && item.fields.currency == "USD", "the desk's price")
    let id = post.value1.id
    let shown = try await client.getListing(path: .init(id: id)).ok.body.json
    try check(shown.value1.source_text.contains("IKEA desk"), "the listing read back")

    // Values as people write them ("35") or canonical (`"like_new"`); `null` would clear one.
    let changes: [String: OpenAPIValueContainer] = ["price": "35", "condition": "like_new"]
    let corrected = try await client.updateListing(
        path: .init(id: id),
        body: .json(.init(version: shown.value1.version, fields: .init(additionalProperties: changes)))
    ).ok.body.json
    guard case .SecondHand(let fixed) = corrected.value2 else { throw Failure(description: "the corrected kind") }
    try check(fixed.fields.price == 35 && fixed.fields.condition == .like_new, "the correction stored")

    let stale = try await client.updateListing(
        path: .init(id: id), body: .json(.init(version: shown.value1.version, fields: .init())))
    try check(try stale.conflict.body.json.error.code == "stale_version", "a stale version is a 409")

    let published = try await client.publishListing(
        path: .init(id: id), body: .json(.init(confirm: .init(value1: true)))
    ).ok.body.json
    try check(published.value1.status == .published, "the listing published")

    let page = try await client.listListings(query: .init(status: .published, limit: 10)).ok.body.json
    try check(page.items.contains { $0.value1.id == id }, "the published listing in the list")

    // Not a listing: read, nothing stored.
    let question = try await client.extractListing(
        body: .json(.init(text: "Does anyone know a good plumber near Mapo? My sink is leaking."))
    ).ok.body.json
    try check(question.value1.kind == .not_listing, "a question is not a listing")

    try check(
        try await client.getListing(path: .init(id: 999_999_999)).notFound.body.json.error.code == "not_found",
        "a missing listing is a 404")
    _ = try await client.deleteListing(path: .init(id: rental.value1.id)).noContent
    try check(
        (try? await client.getListing(path: .init(id: rental.value1.id)).notFound) != nil, "the deleted listing is gone"
    )
    print("the generated client walked the API")
} catch {
    print("failed: \(error)")
    exit(1)
}
