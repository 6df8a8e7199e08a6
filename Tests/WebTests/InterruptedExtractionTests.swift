import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import Logging
import Storage
import TestSupport
import Testing
import Web

@testable import Desk

/// A paste whose reading was interrupted (its process died while the model answered) is neither lost nor
/// stuck: the page says it is being read, nothing saves over it, and a worker reads it again once the lease of
/// the dead process runs out.
@Suite struct InterruptedExtractionTests {
    static let rental = "원룸 월세 보증금 500/월 45 관리비 5만 망원동 3/5층"

    /// A paste left behind by a process that died: stored, its job leased to a holder that will never finish it.
    func abandonedPaste(_ repository: PostgresListingRepository) async throws -> LeasedJob {
        try await repository.enqueue(
            NewPaste(sourceText: Self.rental, provisionalKind: .realEstate, pastedOn: testDay),
            leasedOn: LeaseTerms(holder: "killed:1", duration: .milliseconds(50)))
    }

    func worker(_ repository: PostgresListingRepository, maxAttempts: Int = 3) -> ExtractionWorker {
        let service = ListingService(
            repository: repository, pipeline: ExtractionPipeline(model: OfflineExtractor(today: { testDay })),
            today: { testDay }, metrics: AppMetrics(),
            lease: LeaseTerms(holder: "test-worker", duration: .seconds(30)))
        return ExtractionWorker(
            service: service, configuration: WorkerConfiguration(concurrency: 2, maxAttempts: maxAttempts),
            logger: TestDatabase.logger)
    }

    @Test func aPasteBeingReadIsShownAsSuchAndCannotBeSavedOver() async throws {
        try await withApp { client, repository in
            let job = try await abandonedPaste(repository)
            let page = try await client.execute(uri: "/listings/\(job.listingID)/review", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.init("Refresh")!] == "2")
            #expect(page.text.contains("still being read"))
            #expect(page.text.contains("망원동"), "the source text is shown")
            #expect(!page.text.contains("formaction"), "no form to publish from")

            let stored = try #require(try await repository.find(id: job.listingID))
            let formSave = try await client.execute(
                uri: "/listings/\(job.listingID)", method: .post, headers: formHeaders,
                body: form(formFields(of: stored, changing: ["title": "mine"])))
            #expect(formSave.status == .conflict)
            #expect(formSave.text.contains("still being read"))
            let apiSave = try await client.execute(
                uri: "/api/v1/listings/\(job.listingID)", method: .patch, headers: jsonHeaders,
                body: json(["version": 1, "fields": ["title": "mine"]]))
            #expect(apiSave.status == .conflict)
            let error = try decode(apiSave)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "still_extracting")
            #expect(try await repository.find(id: job.listingID)?.fields[.title] == nil)
        }
    }

    @Test func aWorkerReadsThePasteAgainWhenTheDeadProcessLeaseRunsOut() async throws {
        try await withApp { client, repository in
            let job = try await abandonedPaste(repository)
            try await Task.sleep(for: .milliseconds(200))
            let worker = worker(repository)
            #expect(await worker.runOnce() == 1)
            let listing = try #require(try await repository.find(id: job.listingID))
            #expect(listing.status == .draft)
            #expect(listing.fields[.monthlyRent] == .integer(450_000))
            #expect(listing.fields[.deposit] == .integer(5_000_000))
            #expect(listing.provenance == Provenance(extractedBy: "offline", fallbackFrom: nil, via: .single))
            #expect(try await repository.runs(listingID: job.listingID).count == 1)
            #expect(await worker.runOnce() == 0, "a finished job is not read again")

            let page = try await client.execute(uri: "/listings/\(job.listingID)/review", method: .get)
            #expect(page.headers[.init("Refresh")!] == nil)
            #expect(page.text.contains("formaction"))
        }
    }

    @Test func aPasteThatKeepsStoppingItsReaderIsGivenUpAsAnEmptyDraft() async throws {
        try await withApp { client, repository in
            let job = try await abandonedPaste(repository)
            try await Task.sleep(for: .milliseconds(200))
            #expect(await worker(repository, maxAttempts: 1).runOnce() == 1)
            let listing = try #require(try await repository.find(id: job.listingID))
            #expect(listing.status == .draft)
            #expect(listing.fields.isEmpty)
            #expect(listing.sourceText == Self.rental)
            #expect(listing.issues.map(\.code) == [.modelError])
            let page = try await client.execute(uri: "/listings/\(job.listingID)/review", method: .get)
            #expect(page.text.contains("interrupted once"))
        }
    }
}
