import Evaluation
import Foundation
import HummingbirdTesting
import ListingCore
import TestSupport
import Testing

@Suite struct APITests {
    @Test func koreanMonthlyRentalThroughTheAPI() async throws {
        let item = try #require(try DevSet.listings().first { $0.id == "ko-re-own-008" })
        try await withApp { client, _ in
            let created = try await client.execute(
                uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": item.text]))
            #expect(created.status == .created)
            let body = try decode(created)
            let id = try #require(body["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/listings/\(id)")
            #expect(body["kind"] as? String == "real_estate")
            #expect(body["status"] as? String == "draft")
            #expect(body["version"] as? Int == 1)
            let fields = try #require(body["fields"] as? [String: Any])
            #expect(fields["deal_type"] as? String == "monthly_rent")
            #expect(fields["deposit"] as? Int == 10_000_000)
            #expect(fields["monthly_rent"] as? Int == 580_000)
            #expect(body["source_text"] as? String == item.text)

            let fetched = try decode(try await client.execute(uri: "/api/v1/listings/\(id)", method: .get))
            #expect(fetched["id"] as? Int == id)
            #expect(fetched.keys.contains("published_at"))
        }
    }

    @Test(arguments: ["ko-re-own-002", "en-re-cl-001", "ko-sh-dg-001", "en-sh-mc-001", "en-nl-own-001"])
    func eachKindInBothLanguagesComesBackAsItsKind(_ id: String) async throws {
        let item = try #require(try DevSet.listings().first { $0.id == id }, "dev listing \(id)")
        try await withApp { client, _ in
            let created = try await client.execute(
                uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": item.text]))
            #expect(created.status == .created)
            let body = try decode(created)
            #expect(body["kind"] as? String == item.kind.rawValue)
            #expect(body["status"] as? String == (item.kind == .notListing ? "rejected" : "draft"))
        }
    }

    @Test func extractStoresNothing() async throws {
        try await withApp { client, repository in
            let answer = try await client.execute(
                uri: "/api/v1/extract", method: .post, headers: jsonHeaders, body: json(["text": "월세 1000/50 투룸"]))
            #expect(answer.status == .ok)
            let body = try decode(answer)
            #expect(body["kind"] as? String == "real_estate")
            let run = try #require(body["run"] as? [String: Any])
            #expect(run["model"] as? String == "offline")
            #expect((run["prompt_tokens"] as? Int ?? 0) > 0)
            #expect(try await repository.list(.init(), limit: 10, before: nil).items.isEmpty)
        }
    }

    @Test func patchValidatesLocksAndClears() async throws {
        try await withApp { client, _ in
            let created = try decode(
                try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders,
                    body: json(["text": "월세 500/45 원룸 3/5층 주차 가능"])))
            let id = try #require(created["id"] as? Int)

            let ok = try await client.execute(
                uri: "/api/v1/listings/\(id)", method: .patch, headers: jsonHeaders,
                body: json([
                    "version": 1,
                    "fields": ["monthly_rent": "50만", "parking": NSNull(), "rooms": 1, "bathrooms": 1.5],
                ]))
            #expect(ok.status == .ok)
            let fields = try #require(try decode(ok)["fields"] as? [String: Any])
            #expect(fields["monthly_rent"] as? Int == 500_000)
            #expect(fields["parking"] == nil)
            #expect(fields["rooms"] as? Int == 1)
            #expect(fields["bathrooms"] as? Double == 1.5, "a bath and a half")

            let stale = try await client.execute(
                uri: "/api/v1/listings/\(id)", method: .patch, headers: jsonHeaders,
                body: json(["version": 1, "fields": ["rooms": 2]]))
            #expect(stale.status == .conflict)
            #expect((try decode(stale)["error"] as? [String: Any])?["code"] as? String == "stale_version")

            let invalid = try await client.execute(
                uri: "/api/v1/listings/\(id)", method: .patch, headers: jsonHeaders,
                body: json([
                    "version": 2, "fields": ["floor": "고층", "brand": "Apple", "sparkle": 1, "bathrooms": 1.25],
                ]))
            #expect(invalid.status == .unprocessableContent)
            let errors = try #require(try decode(invalid)["errors"] as? [[String: Any]])
            let fieldsWithErrors = Set(errors.compactMap { $0["field"] as? String })
            #expect(fieldsWithErrors == ["floor", "brand", "sparkle", "bathrooms"])
            #expect(errors.allSatisfy { ($0["message"] as? String)?.isEmpty == false })
        }
    }

    @Test func publishNeedsTheRequiredFields() async throws {
        try await withApp { client, _ in
            let created = try decode(
                try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": "아파트 매매 남향 방3"])))
            let id = try #require(created["id"] as? Int)
            let refused = try await client.execute(uri: "/api/v1/listings/\(id)/publish", method: .post)
            #expect(refused.status == .unprocessableContent)
            let errors = try #require(try decode(refused)["errors"] as? [[String: Any]])
            #expect(
                errors.contains { $0["field"] as? String == "price" && $0["code"] as? String == "missing_required" })
            let fixed = try await client.execute(
                uri: "/api/v1/listings/\(id)", method: .patch, headers: jsonHeaders,
                body: json(["version": 1, "fields": ["price": "6.2억"]]))
            #expect(fixed.status == .ok)
            let published = try await client.execute(uri: "/api/v1/listings/\(id)/publish", method: .post)
            #expect(published.status == .ok)
            #expect(try decode(published)["status"] as? String == "published")
        }
    }

    @Test func listPagesWithACursor() async throws {
        try await withApp { client, _ in
            for number in 1...3 {
                _ = try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders,
                    body: json(["text": "월세 500/\(40 + number) 원룸"]))
            }
            let first = try decode(
                try await client.execute(uri: "/api/v1/listings?kind=real_estate&limit=2", method: .get))
            #expect((first["items"] as? [Any])?.count == 2)
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try decode(
                try await client.execute(
                    uri: "/api/v1/listings?kind=real_estate&limit=2&cursor=\(cursor)", method: .get))
            #expect((second["items"] as? [Any])?.count == 1)
            #expect(second["next_cursor"] is NSNull)
            #expect(try await client.execute(uri: "/api/v1/listings?limit=0", method: .get).status == .badRequest)
        }
    }
}

@Suite struct UsageTests {
    @Test func dailyTotalsCountEveryRun() async throws {
        try await withApp { client, _ in
            for text in ["월세 500/45 원룸", "아이폰 13 팝니다 45만원"] {
                _ = try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": text]))
            }
            let usage = try decode(try await client.execute(uri: "/api/v1/usage", method: .get))
            let days = try #require(usage["days"] as? [[String: Any]])
            #expect(days.count == 1)
            #expect(days[0]["model"] as? String == "offline")
            #expect(days[0]["calls"] as? Int == 2)
            #expect((days[0]["prompt_tokens"] as? Int ?? 0) > 0)
            let page = try await client.execute(uri: "/usage", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("<td data-label=\"Model\">offline</td><td data-label=\"Calls\">2</td>"))
        }
    }
}
