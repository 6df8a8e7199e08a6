import Foundation
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The extraction queue on a real PostgreSQL: a paste is stored before it is read, a lease that runs out lets
/// another worker take the job, a finished job is never taken again, and workers never share a job.
@Suite struct ExtractionJobTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    func paste(_ text: String = "원룸 월세 보증금 500/월 45") -> NewPaste {
        NewPaste(sourceText: text, provisionalKind: .realEstate, pastedOn: day)
    }

    let draft = ExtractedDraft(
        kind: .realEstate, fields: ["deal_type": .text("monthly_rent"), "monthly_rent": .integer(450_000)],
        evidence: ["monthly_rent": "월 45"], issues: [])

    func run(_ model: String) -> ExtractionRun {
        ExtractionRun(
            model: model, promptVersion: "v", strategy: "one_call", prompt: "p", rawReply: "r", promptTokens: 7,
            completionTokens: 3)
    }

    func jobRow(_ id: Int64, _ client: PostgresClient) async throws -> (state: String, attempts: Int) {
        let rows = try await client.query(
            "SELECT state, attempts FROM extraction_jobs WHERE id = \(id)", logger: TestDatabase.logger)
        for try await (state, attempts) in rows.decode((String, Int).self) { return (state, attempts) }
        throw StorageError(.corruptRow, "no job \(id)")
    }

    @Test func aListingDeletedWhileItIsReadKeepsItsRunsForTheUsage() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let job = try await repository.enqueue(
                paste(), leasedOn: LeaseTerms(holder: "test", duration: .seconds(60)))
            #expect(try await repository.delete(id: job.listingID))
            let completion = try await repository.complete(job, draft: draft, runs: [run("m")])
            guard case .leaseLost(nil) = completion else {
                Testing.Issue.record("the listing is gone: no draft to store, got \(completion)")
                return
            }
            let usage = try await repository.usage(days: 1)
            #expect(usage.map(\.calls) == [1], "its model call still counts")
            #expect(usage.first?.promptTokens == 7)
            #expect(try await repository.delete(id: job.listingID) == false, "deleted once")
        }
    }

    @Test func thePasteIsStoredBeforeItIsReadAndCannotBeSavedOver() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let job = try await repository.enqueue(
                paste(), leasedOn: LeaseTerms(holder: "test", duration: .seconds(60)))
            let stored = try #require(try await repository.find(id: job.listingID))
            #expect(stored.status == .extracting)
            #expect(stored.sourceText == "원룸 월세 보증금 500/월 45")
            #expect(try await jobRow(job.jobID, client) == ("running", 1))
            let save = try await repository.save(
                id: job.listingID, expectedVersion: 1, change: ListingChange(kind: .realEstate, fields: [:], issues: [])
            )
            guard case .stillExtracting = save else {
                Testing.Issue.record("a save over a paste being read must be refused, got \(save)")
                return
            }
        }
    }

    @Test func aHeldLeaseIsNotTakenAndARunOutOneIs() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let held = try await repository.enqueue(paste(), leasedOn: LeaseTerms(holder: "a", duration: .seconds(60)))
            let dying = try await repository.enqueue(
                paste("투룸 전세 2억"), leasedOn: LeaseTerms(holder: "dead", duration: .milliseconds(100)))
            try await Task.sleep(for: .milliseconds(300))
            let taken = try await repository.claim(limit: 10, leasedOn: LeaseTerms(holder: "b", duration: .seconds(60)))
            #expect(taken.map(\.jobID) == [dying.jobID])
            #expect(taken.first?.attempts == 2)
            #expect(taken.first?.sourceText == "투룸 전세 2억")
            #expect(taken.first?.token != dying.token)
            // The dead holder's token no longer renews or finishes the job.
            #expect(try await repository.renew(dying, for: .seconds(60)) == false)
            #expect(try await repository.renew(held, for: .seconds(60)) == true)
        }
    }

    @Test func aLostLeaseKeepsItsRunsButNotItsDraftAndAFinishedJobIsNeverTakenAgain() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let first = try await repository.enqueue(
                paste(), leasedOn: LeaseTerms(holder: "slow", duration: .milliseconds(50)))
            try await Task.sleep(for: .milliseconds(200))
            let second = try #require(
                try await repository.claim(limit: 1, leasedOn: LeaseTerms(holder: "b", duration: .seconds(60))).first)

            let late = try await repository.complete(first, draft: draft, runs: [run("slow-model")])
            guard case .leaseLost(let seen?) = late else {
                Testing.Issue.record("the first holder lost its lease, got \(late)")
                return
            }
            #expect(seen.status == .extracting)
            #expect(seen.fields.isEmpty)

            let done = try await repository.complete(second, draft: draft, runs: [run("model")])
            guard case .stored(let listing) = done else {
                Testing.Issue.record("the holder of the lease stores the draft, got \(done)")
                return
            }
            #expect(listing.status == .draft)
            #expect(listing.fields == draft.fields)
            #expect(listing.evidence == draft.evidence)
            #expect(try await repository.runs(listingID: listing.id).map(\.model) == ["slow-model", "model"])
            #expect(try await jobRow(second.jobID, client) == ("done", 2))

            try await Task.sleep(for: .milliseconds(100))
            #expect(
                try await repository.claim(limit: 10, leasedOn: LeaseTerms(holder: "c", duration: .seconds(1))).isEmpty)
            let again = try await repository.complete(second, draft: draft, runs: [])
            guard case .leaseLost = again else {
                Testing.Issue.record("a finished job cannot be finished twice, got \(again)")
                return
            }
        }
    }

    @Test func workersRacingForJobsNeverShareOne() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            var expected: Set<Int64> = []
            for index in 0..<40 {
                let job = try await repository.enqueue(
                    paste("매물 \(index)"), leasedOn: LeaseTerms(holder: "dead", duration: .milliseconds(1)))
                expected.insert(job.jobID)
            }
            try await Task.sleep(for: .milliseconds(100))
            let all = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let jobs = try await repository.claim(
                                limit: 3, leasedOn: LeaseTerms(holder: "w\(worker)", duration: .seconds(60)))
                            if jobs.isEmpty { return mine }
                            mine += jobs.map(\.jobID)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(all.count == 40, "each job taken exactly once")
            #expect(Set(all) == expected)
        }
    }

    @Test func anAbandonedJobLeavesAnEmptyDraftThatSaysWhy() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let job = try await repository.enqueue(paste(), leasedOn: LeaseTerms(holder: "a", duration: .seconds(60)))
            let note = Issue(field: nil, code: .modelError, message: "interrupted")
            let listing = try #require(try await repository.abandon(job, issue: note))
            #expect(listing.status == .draft)
            #expect(listing.issues == [note])
            #expect(try await jobRow(job.jobID, client) == ("failed", 1))
        }
    }
}

/// A completion whose commit went through but whose answer was lost (PostgreSQL restarting at that moment) is tried
/// again by the worker: the retry must not store the runs a second time.
@Suite struct RetriedCompletionTests {
    @Test func aCompletionTriedAgainStoresItsRunsOnce() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let day = LocalDate(year: 2026, month: 11, day: 20)!
            let job = try await repository.enqueue(
                NewPaste(sourceText: "원룸 월세 보증금 500/월 45", provisionalKind: .realEstate, pastedOn: day),
                leasedOn: LeaseTerms(holder: "test", duration: .seconds(60)))
            let draft = ExtractedDraft(
                kind: .realEstate, fields: ["deal_type": .text("monthly_rent")], evidence: [:], issues: [])
            let runs = ["first", "second"].map {
                ExtractionRun(model: $0, promptVersion: "v", strategy: "one_call", prompt: "p", promptTokens: 5)
            }
            let first = try await repository.complete(job, draft: draft, runs: runs)
            guard case .stored = first else {
                Testing.Issue.record("the first completion stores the draft, got \(first)")
                return
            }
            let again = try await repository.complete(job, draft: draft, runs: runs)
            guard case .stored(let listing) = again else {
                Testing.Issue.record("the retry finds its own completion stored, got \(again)")
                return
            }
            #expect(listing.status == .draft)
            var count = 0
            for try await n in try await client.query(
                "SELECT count(*) FROM extraction_runs WHERE listing_id = \(job.listingID)", logger: TestDatabase.logger
            ).decode(Int.self) {
                count = n
            }
            #expect(count == 2, "each run stored once")
            #expect(try await repository.usage(days: 1).map(\.promptTokens).reduce(0, +) == 10, "and counted once")
        }
    }
}
