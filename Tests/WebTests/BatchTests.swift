import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing
import Web

@testable import Desk

/// Many listings at once: an import becomes a batch of queued jobs in PostgreSQL, read by workers that never take
/// the same job twice; its page shows the progress, and failed listings can be read again, waiting ones cancelled.
@Suite struct BatchTests {
    static let three = "망원동 원룸 월세 보증금 500/월 45 3/5층\n---\n연남동 투룸 전세 2억 3천, 2/4층\n---\nSelling my Trek FX 2 bike, $340"

    func worker(_ repository: PostgresListingRepository, concurrency: Int = 4) -> ExtractionWorker {
        let service = ListingService(
            repository: repository, pipeline: ExtractionPipeline(model: OfflineExtractor(today: { testDay })),
            today: { testDay }, metrics: AppMetrics(), lease: LeaseTerms(holder: "test-worker", duration: .seconds(30)))
        return ExtractionWorker(
            service: service, configuration: WorkerConfiguration(concurrency: concurrency), logger: TestDatabase.logger)
    }

    func importPasted(_ text: String, _ client: any TestClientProtocol, keep: Bool = false) async throws -> TestResponse
    {
        try await client.execute(
            uri: "/batches", method: .post, headers: formHeaders,
            body: form([("text", text), ("duplicates", keep ? "keep" : "skip")]))
    }

    @Test func pastedListingsBecomeABatchThatTheWorkersRead() async throws {
        try await withApp { client, repository in
            let imported = try await importPasted(Self.three, client)
            #expect(imported.status == .seeOther)
            let batchID = try #require(imported.headers[.location].flatMap { Int64($0.split(separator: "/").last!) })
            let waiting = try await client.execute(uri: "/batches/\(batchID)", method: .get)
            #expect(waiting.text.contains("0 of 3 read"))
            #expect(waiting.text.contains("<meta http-equiv=\"refresh\" content=\"2\">"), "reloads without the script")

            #expect(await worker(repository).runOnce() == 3)
            let read = try #require(try await repository.batch(id: batchID, limit: 10))
            #expect(read.counts[.done] == 3)
            #expect(read.items.map(\.kind) == [.realEstate, .realEstate, .secondHand])
            let page = try await client.execute(uri: "/batches/\(batchID)", method: .get)
            #expect(page.text.contains("3 of 3 read"))
            #expect(!page.text.contains("http-equiv=\"refresh\""), "a finished batch stays still")
            #expect(page.text.contains("href=\"/listings/\(read.items[0].listingID)/review\""))

            let events = try await client.execute(uri: "/batches/\(batchID)/events", method: .get)
            #expect(events.headers[.contentType] == "text/event-stream")
            #expect(events.text.contains("event: progress"))
            #expect(events.text.contains("\"finished\":true"))

            // The same texts again: skipped, unless the person says to keep them.
            let again = try await importPasted(Self.three, client)
            let againID = try #require(again.headers[.location].flatMap { Int64($0.split(separator: "/").last!) })
            let skipped = try #require(try await repository.batch(id: againID, limit: 10))
            #expect(skipped.skipped == 3 && skipped.total == 0)
            let kept = try await importPasted(Self.three, client, keep: true)
            let keptID = try #require(kept.headers[.location].flatMap { Int64($0.split(separator: "/").last!) })
            #expect(try await repository.batch(id: keptID, limit: 10)?.total == 3)
        }
    }

    @Test func aCSVUploadAndItsMistakes() async throws {
        try await withApp { client, repository in
            func upload(_ csv: String, name: String = "ads.csv") async throws -> TestResponse {
                let boundary = "----listingdesk-test"
                let token = (client as? BrowserSession)?.token ?? ""
                let body =
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
                    + "Content-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
                return try await client.execute(
                    uri: "/batches", method: .post,
                    headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                    body: ByteBuffer(string: body))
            }
            let good = try await upload("text,price\n\"망원동 원룸, 월세 500/45\",1\nSelling a desk $40,2\n")
            #expect(good.status == .seeOther)
            let page = try await repository.batches(ownedBy: nil, limit: 5)
            #expect(page.first?.name == "ads.csv")
            #expect(page.first?.total == 2)

            let bad = try await upload("text,price\nok 월세 500/45,1\n,2\n")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Row 3: Paste a listing first: the text is empty."))
            #expect(try await repository.batches(ownedBy: nil, limit: 5).count == 1, "a refused file stores nothing")

            let huge = try await upload("text\n" + String(repeating: "월세 500/45 망원동 원룸\n", count: 400_000))
            #expect(huge.status == .contentTooLarge)
            let empty = try await upload("")
            #expect(empty.status == .unprocessableContent)
        }
    }

    @Test func waitingListingsCanBeCancelledAndFailedOnesReadAgain() async throws {
        try await withAppAndDatabase { client, repository, database in
            let imported = try await importPasted(Self.three, client)
            let batchID = try #require(imported.headers[.location].flatMap { Int64($0.split(separator: "/").last!) })
            let cancelled = try await client.execute(
                uri: "/batches/\(batchID)/cancel", method: .post, headers: formHeaders, body: form([]))
            #expect(cancelled.status == .seeOther)
            let after = try #require(try await repository.batch(id: batchID, limit: 10))
            #expect(after.counts[.cancelled] == 3)
            #expect(after.items.allSatisfy { $0.status == .draft }, "an unread listing is an empty draft, not stuck")
            #expect(await worker(repository).runOnce() == 0, "nothing left to read")

            // A listing the model failed on (read by the fallback) can be read again.
            let second = try await importPasted(Self.three, client, keep: true)
            let secondID = try #require(second.headers[.location].flatMap { Int64($0.split(separator: "/").last!) })
            #expect(await worker(repository).runOnce() == 3)
            let first = try #require(try await repository.batch(id: secondID, limit: 10)?.items.first)
            try await database.query(
                "UPDATE listings SET fallback_from = 'sim-model' WHERE id = \(first.listingID)",
                logger: TestDatabase.logger)
            let retried = try await client.execute(
                uri: "/batches/\(secondID)/retry", method: .post, headers: formHeaders,
                body: form([("listing", String(first.listingID))]))
            #expect(retried.status == .seeOther)
            #expect(try await repository.find(id: first.listingID)?.status == .extracting)
            #expect(await worker(repository).runOnce() == 1)
            #expect(try await repository.batch(id: secondID, limit: 10)?.counts[.done] == 3)
        }
    }

    /// Two workers claiming at once from one queue never take the same job, and between them take every one.
    @Test func twoWorkersNeverTakeTheSameJob() async throws {
        try await withApp { client, repository in
            let texts = (1...40).map { "망원동 원룸 월세 500/\($0 + 30) 3/5층 매물 \($0)" }.joined(separator: "\n---\n")
            _ = try await importPasted(texts, client)
            let termsA = LeaseTerms(holder: "a", duration: .seconds(30))
            let termsB = LeaseTerms(holder: "b", duration: .seconds(30))
            async let a = repository.claim(limit: 25, leasedOn: termsA)
            async let b = repository.claim(limit: 25, leasedOn: termsB)
            let (first, second) = try await (a, b)
            let ids = first.map(\.jobID) + second.map(\.jobID)
            #expect(Set(ids).count == ids.count, "no job twice")
            #expect(ids.count == 40, "every job taken")
        }
    }
}
