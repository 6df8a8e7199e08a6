import Foundation
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing

@Suite struct RepositoryTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    func rental(_ text: String = "월세 500/45") -> NewListing {
        NewListing(
            kind: .realEstate, sourceText: text, pastedOn: day,
            fields: [
                "deal_type": .text("monthly_rent"), "deposit": .integer(5_000_000), "monthly_rent": .integer(450_000),
                "currency": .text("KRW"), "area_m2": .decimal(19.8), "options": .list(["tv", "bed"]),
                "parking": .boolean(false), "title": .text("망원동 원룸"),
            ],
            evidence: ["deposit": "500/45"], issues: [Issue(field: "rooms", code: .unsupported, message: "check")])
    }

    @Test func storesEveryTypeAndTheRunsAndReadsThemBack() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let run = ExtractionRun(
                model: "offline", promptVersion: "v1", strategy: "one_call", prompt: "p", rawReply: "r",
                writtenValues: ["floor": "고층"], kind: .realEstate, promptTokens: 10, completionTokens: 5)
            let created = try await repository.create(rental(), runs: [run])
            #expect(created.status == .draft)
            #expect(created.version == 1)
            let found = try #require(try await repository.find(id: created.id))
            #expect(found.fields == rental().fields)
            #expect(found.evidence == ["deposit": "500/45"])
            #expect(found.issues.first?.code == .unsupported)
            let runs = try await repository.runs(listingID: created.id)
            #expect(runs.count == 1)
            #expect(runs[0].writtenValues == ["floor": "고층"])
            #expect(runs[0].promptTokens == 10)
            #expect(try await repository.find(id: created.id + 1000) == nil)
        }
    }

    /// A run's prompt is the shared system part, stored once per text in `prompts`, and the listing's own part in
    /// the run: read back whole, the same characters, however many runs share it.
    @Test func aPromptsSharedPartIsStoredOnceAndReadBackWhole() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let system = "[system]\n" + String(repeating: "You read listings. ", count: 400)
            let prompts = [
                system + "\n\n[user]\n<listing>월세 500/45</listing>",
                system + "\n\n[user]\n<listing>텍스트 안의 \n\n[user]\n 표시</listing>",
                "[user]\n<listing>no system part</listing>",
            ]
            var stored: [Int64] = []
            for prompt in prompts {
                let run = ExtractionRun(model: "m", promptVersion: "v1", strategy: "one_call", prompt: prompt)
                stored.append(try await repository.create(rental(), runs: [run, run]).id)
            }
            for (id, prompt) in zip(stored, prompts) {
                #expect(try await repository.runs(listingID: id).map(\.prompt) == [prompt, prompt])
            }
            let rows = try await client.query("SELECT count(*)::int FROM prompts")
            var count = -1
            for try await value in rows.decode(Int.self) { count = value }
            #expect(count == 1, "one shared part for the four runs that have it")
            let longest = try await client.query("SELECT max(octet_length(prompt))::int FROM extraction_runs")
            for try await value in longest.decode(Int.self) { #expect(value < 200, "runs keep only their own part") }
        }
    }

    @Test func notListingIsKeptAsRejected() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let stored = try await repository.create(
                NewListing(
                    kind: .notListing, sourceText: "hello", pastedOn: day, fields: ["reason": .text("chat")],
                    evidence: [:], issues: []), runs: [])
            #expect(stored.status == .rejected)
            #expect(stored.fields["reason"] == .text("chat"))
        }
    }

    @Test func saveChecksTheVersionAndRecordsEveryEdit() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let created = try await repository.create(rental(), runs: [])
            var fields = created.fields
            fields["monthly_rent"] = .integer(500_000)
            fields["parking"] = nil
            let change = ListingChange(kind: .realEstate, fields: fields, issues: [])
            guard case .saved(let saved) = try await repository.save(id: created.id, expectedVersion: 1, change: change)
            else {
                Issue.record("the first save must succeed")
                return
            }
            #expect(saved.version == 2)
            #expect(saved.fields["monthly_rent"] == .integer(500_000))
            #expect(saved.fields["parking"] == nil)
            #expect(saved.correctedFields == ["monthly_rent", "parking"])

            guard
                case .conflict(let current) = try await repository.save(
                    id: created.id, expectedVersion: 1, change: change)
            else {
                Issue.record("a stale version must conflict")
                return
            }
            #expect(current.version == 2)

            let edits = try await repository.edits(listingID: created.id)
            #expect(edits.count == 2)
            #expect(edits.contains { $0.field == "monthly_rent" && $0.before == "450000" && $0.after == "500000" })
            #expect(edits.contains { $0.field == "parking" && $0.before == "false" && $0.after == nil })

            guard
                case .saved(let published) = try await repository.save(
                    id: created.id, expectedVersion: 2,
                    change: ListingChange(kind: .realEstate, fields: fields, issues: [], publish: true))
            else {
                Issue.record("publishing must succeed")
                return
            }
            #expect(published.status == .published)
            #expect(published.publishedAt != nil)
            guard case .notFound = try await repository.save(id: 999_999, expectedVersion: 1, change: change) else {
                Issue.record("an unknown id is not found")
                return
            }
        }
    }

    @Test func listsNewestFirstWithFiltersSearchAndCursor() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            var ids: [Int64] = []
            for number in 0..<5 { ids.append(try await repository.create(rental("월세 \(number) 망원동"), runs: []).id) }
            let other = try await repository.create(
                NewListing(
                    kind: .secondHand, sourceText: "아이폰 팝니다", pastedOn: day, fields: ["brand": .text("Apple")],
                    evidence: [:], issues: []), runs: [])
            let first = try await repository.list(ListingFilter(kind: .realEstate), limit: 2, before: nil)
            #expect(first.items.map(\.id) == [ids[4], ids[3]])
            let second = try await repository.list(ListingFilter(kind: .realEstate), limit: 2, before: first.nextCursor)
            #expect(second.items.map(\.id) == [ids[2], ids[1]])
            let last = try await repository.list(ListingFilter(kind: .realEstate), limit: 2, before: second.nextCursor)
            #expect(last.items.map(\.id) == [ids[0]])
            #expect(last.nextCursor == nil)
            #expect(
                try await repository.list(ListingFilter(query: "APPLE"), limit: 10, before: nil).items.map(\.id) == [
                    other.id
                ])
            #expect(try await repository.list(ListingFilter(query: "100% _"), limit: 10, before: nil).items.isEmpty)
            var exported: [Int64] = []
            try await repository.export(ListingFilter(status: .draft)) { exported.append($0.id) }
            #expect(exported == ids + [other.id])
        }
    }
}
