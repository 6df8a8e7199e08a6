import AsyncHTTPClient
import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import Simulator
import Storage
import TestSupport
import Testing

/// The marks of issue 22, through the page and the API: a kind in doubt, a value two readers read differently, a
/// field the model left empty that the text may state; one publishing rule for every mark (a 422 naming them, or a
/// look at each, or "publish anyway"), and what became of each mark in the CSV and on /stats.
@Suite struct ReviewMarkTests {
    /// A model (the simulator on loopback) that answers every request with `reply`.
    static func withModel(
        replying reply: String,
        _ body: @escaping @Sendable (any TestClientProtocol, PostgresListingRepository) async throws -> Void
    ) async throws {
        let configuration = SimulatorConfiguration(latency: .milliseconds(5), replies: { _ in reply })
        try await withSimulator(configuration) { baseURL, _, http in
            let pipeline = ExtractionPipeline(
                chain: [simulatedModel(baseURL, http: http, attempts: 1), OfflineExtractor(today: { testDay })],
                settings: .init(timeout: .seconds(4)))
            try await withAppAndDatabase(pipeline: pipeline) { client, repository, _ in
                try await body(client, repository)
            }
        }
    }

    static func create(_ text: String, _ client: any TestClientProtocol) async throws -> (id: Int, body: [String: Any])
    {
        let created = try await client.execute(
            uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": text]))
        #expect(created.status == .created)
        let body = try decode(created)
        return (try #require(body["id"] as? Int), body)
    }

    static func issues(_ body: [String: Any], field: String) -> [[String: Any]] {
        ((body["issues"] as? [[String: Any]]) ?? []).filter { $0["field"] as? String == field }
    }

    static let question = "신림 원룸 보증금 500에 월 40이면 싼 편인가요? 역까지 10분이에요"

    /// A model that reads a question about a price as a listing (as a real one can).
    static let questionReadAsListing = ReplyWriter.write(
        thinking: "A studio offered for monthly rent.", kind: .realEstate,
        fields: [
            .init(.title, "신림 원룸 월세"), .init(.propertyType, "one_room", evidence: "원룸"),
            .init(.dealType, "monthly_rent", evidence: "월 40"), .init(.deposit, "5000000", evidence: "보증금 500"),
            .init(.monthlyRent, "400000", evidence: "월 40"), .init(.currency, "KRW"),
            .init(.location, "신림", evidence: "신림"),
        ])

    @Test func aQuestionAModelReadsAsAListingIsAKindInDoubtAndPublishesOnlyWhenConfirmed() async throws {
        try await Self.withModel(replying: Self.questionReadAsListing) { client, _ in
            let (id, body) = try await Self.create(Self.question, client)
            #expect(body["kind"] as? String == "real_estate")
            let doubt = try #require(Self.issues(body, field: "kind").first, "the kind is marked")
            #expect(doubt["code"] as? String == "kind_doubt")
            let kinds = (doubt["candidates"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.contains("not_listing"))

            let refused = try await client.execute(uri: "/api/v1/listings/\(id)/publish", method: .post)
            #expect(refused.status == .unprocessableContent, "no question publishes in one tap")
            let answer = try decode(refused)
            #expect((answer["error"] as? [String: Any])?["code"] as? String == "needs_look")
            let named = Set((answer["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(named.contains("kind"))

            let page = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(page.text.contains("class=\"kind-doubt\""))
            #expect(page.text.contains("name=\"kind\" value=\"not_listing\""), "one click makes it not a listing")

            let published = try await client.execute(
                uri: "/api/v1/listings/\(id)/publish", method: .post, headers: jsonHeaders,
                body: json(["confirm": true]))
            #expect(published.status == .ok)
            #expect(try decode(published)["status"] as? String == "published")

            let csv = try await client.execute(uri: "/listings.csv", method: .get).text
            let header = try #require(csv.split(separator: "\r\n").first)
            #expect(header.hasSuffix(",published_with_marks"))
            let line = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("\(id),") })
            #expect(String(line).split(separator: ",").last.map(String.init)?.contains("kind") == true)

            let stats = try await client.execute(uri: "/stats", method: .get)
            #expect(stats.text.contains("Marks: how often they were right"))
        }
    }

    @Test func aPriceTheTextGivesSeveralOfIsMarkedWithEachAsACandidateAndALookClearsIt() async throws {
        try await withApp { client, repository in
            let (id, body) = try await Self.create("갤럭시 탭 S9 팝니다\n155만 → 95만 → 오늘만 89만원! 직거래 합정역", client)
            let mark = try #require(Self.issues(body, field: "price").first, "the price is marked")
            let prices = (mark["candidates"] as? [[String: Any]] ?? []).compactMap { $0["price"] as? Int }
            #expect(prices == [1_550_000, 950_000, 890_000], "numbers, as in fields")

            let refused = try await client.execute(uri: "/api/v1/listings/\(id)/publish", method: .post)
            #expect(refused.status == .unprocessableContent)

            // One look on the page: the value stays, its mark goes, and it is recorded as confirmed.
            let listing = try #require(try await repository.find(id: Int64(id)))
            var fields = formFields(of: listing)
            fields.append(("look", "price"))
            let looked = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders, body: form(fields))
            #expect(looked.status == .seeOther)
            let after = try decode(try await client.execute(uri: "/api/v1/listings/\(id)", method: .get))
            #expect(Self.issues(after, field: "price").isEmpty)
            #expect((after["fields"] as? [String: Any])?["price"] as? Int == listing.fields[.price]?.integerValue)

            // The offline reader's model name is marked too: publishing anyway names what is left.
            let left = try await client.execute(uri: "/api/v1/listings/\(id)/publish", method: .post)
            let named = (try decode(left)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(!named.contains("price") && !named.isEmpty)
            let published = try await client.execute(
                uri: "/api/v1/listings/\(id)/publish", method: .post, headers: jsonHeaders,
                body: json(["confirm": true]))
            #expect(published.status == .ok)
            let stats = try await client.execute(uri: "/stats", method: .get).text
            #expect(stats.contains(Self.markRow("Price", confirmed: 1, corrected: 0, anyway: 0, right: "0%")))
        }
    }

    /// A row of the marks table on /stats, each cell labelled with its column.
    static func markRow(_ field: String, confirmed: Int, corrected: Int, anyway: Int, right: String) -> String {
        "<td data-label=\"Field\">\(field)</td><td data-label=\"Confirmed\">\(confirmed)</td>"
            + "<td data-label=\"Corrected\">\(corrected)</td><td data-label=\"Published anyway\">\(anyway)</td>"
            + "<td data-label=\"Right\">\(right)</td>"
    }

    @Test func aMarkedValueThePersonChangesIsCountedAsARightMark() async throws {
        try await withApp { client, _ in
            let (id, _) = try await Self.create("갤럭시 탭 S9 팝니다\n155만 → 95만 → 오늘만 89만원! 직거래 합정역", client)
            let patched = try await client.execute(
                uri: "/api/v1/listings/\(id)", method: .patch, headers: jsonHeaders,
                body: json(["version": 1, "fields": ["price": 900_000]]))
            #expect(patched.status == .ok)
            #expect(Self.issues(try decode(patched), field: "price").isEmpty)
            let stats = try await client.execute(uri: "/stats", method: .get).text
            #expect(stats.contains(Self.markRow("Price", confirmed: 0, corrected: 1, anyway: 0, right: "100%")))
        }
    }

    /// The model left the move-in date out; the offline reader finds it: the field is hinted, open on the page,
    /// with the date as a one-click choice, and in the API as a `may_be_stated` issue with the date.
    @Test func aValueTheModelMissedIsHintedAndStaysOpen() async throws {
        let text = "망원동 원룸 월세 보증금 500 월 45\n12월 20일 입주 가능, 관리비 5만"
        let reply = ReplyWriter.write(
            thinking: "A studio for monthly rent.", kind: .realEstate,
            fields: [
                .init(.title, "망원동 원룸"), .init(.propertyType, "one_room", evidence: "원룸"),
                .init(.dealType, "monthly_rent", evidence: "월세"), .init(.deposit, "5000000", evidence: "보증금 500"),
                .init(.monthlyRent, "450000", evidence: "월 45"), .init(.currency, "KRW"),
                .init(.maintenanceFee, "50000", evidence: "관리비 5만"),
            ])
        try await Self.withModel(replying: reply) { client, _ in
            let (id, body) = try await Self.create(text, client)
            let hint = try #require(Self.issues(body, field: "available_from").first)
            #expect(hint["code"] as? String == "may_be_stated")
            #expect((hint["candidates"] as? [[String: Any]])?.first?["available_from"] as? String == "2026-12-20")

            let page = try await client.execute(uri: "/listings/\(id)/review", method: .get).text
            #expect(page.contains("name=\"choose\" value=\"available_from=2026-12-20\""))
            let folded = page.components(separatedBy: "<details class=\"more-fields\">").dropFirst().joined()
            #expect(!folded.contains("data-field=\"available_from\""), "a hinted field is not under the fold")
            #expect(page.contains("state-hinted"))
        }
    }
}
