import Foundation
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing
import Web

/// A batch's clean drafts published at once (docs/REVIEW.md, "Publishing many"): those with no mark and nothing
/// missing go after one confirm; the marked, the incomplete and the unread stay drafts, each with why.
@Suite struct PublishCleanTests {
    /// Two clean rentals, an item whose model the text may name (a hint: a mark), a room with no deal (it cannot be
    /// published), in this order.
    static let four = [
        "망원동 원룸 월세 보증금 500/월 45 3/5층", "연남동 투룸 전세 2억 3천, 2/4층", "Selling my Trek FX 2 bike, $340",
        "망원동 원룸 3/5층 깨끗해요",
    ].joined(separator: "\n---\n")

    func importAndRead(
        _ client: any TestClientProtocol, _ repository: PostgresListingRepository
    ) async throws -> (
        batch: Int64, ids: [Int64]
    ) {
        let imported = try await client.execute(
            uri: "/batches", method: .post, headers: formHeaders, body: form([("text", Self.four)]))
        let batchID = try #require(imported.headers[.location].flatMap { Int64($0.split(separator: "/").last!) })
        #expect(await BatchTests().worker(repository).runOnce() == 4)
        let batch = try #require(try await repository.batch(id: batchID, limit: 10))
        return (batchID, batch.items.map(\.listingID))
    }

    @Test func theBatchPageAsksOnceThenPublishesTheCleanDrafts() async throws {
        try await withApp { client, repository in
            let (batchID, ids) = try await importAndRead(client, repository)
            let batchPage = try await client.execute(uri: "/batches/\(batchID)", method: .get)
            #expect(batchPage.text.contains("href=\"/batches/\(batchID)/publish-clean\""))

            let confirm = try await client.execute(uri: "/batches/\(batchID)/publish-clean", method: .get)
            #expect(confirm.status == .ok)
            #expect(confirm.text.contains("Publish 2 drafts"))
            for id in ids { #expect(confirm.text.contains("/listings/\(id)/review"), "every draft is listed") }
            #expect(confirm.text.contains("marked for a look: Model"), "\(confirm.text)")
            #expect(confirm.text.contains("cannot be published yet: Deal"))
            #expect(try await repository.find(id: ids[0])?.status == .draft, "asking publishes nothing")

            let published = try await client.execute(
                uri: "/batches/\(batchID)/publish-clean", method: .post, headers: formHeaders, body: form([]))
            #expect(published.status == .seeOther)
            let back = try #require(published.headers[.location])
            #expect(back == "/batches/\(batchID)?published=2&left=2")
            let statuses = try await ids.asyncMap { try await repository.find(id: $0)?.status }
            #expect(statuses == [.published, .published, .draft, .draft])
            let after = try await client.execute(uri: back, method: .get)
            #expect(after.text.contains("Published 2 drafts; 2 left for a look."))

            // Nothing clean is left: the page says so, and publishing again publishes nothing.
            let again = try await client.execute(uri: "/batches/\(batchID)/publish-clean", method: .get)
            #expect(again.text.contains("No draft of this import is clean to publish"))
        }
    }

    /// Each row of a read batch says what a person can do with it, in their language; the counts of those states
    /// filter the rows.
    @Test func theBatchPageSaysWhatEachRowNeeds() async throws {
        try await withApp { client, repository in
            let (batchID, ids) = try await importAndRead(client, repository)
            let page = try await client.execute(uri: "/batches/\(batchID)", method: .get)
            #expect(page.text.contains("Import #\(batchID): pasted listings"), "no internal name in the heading")
            #expect(page.text.contains("needs a look: Model"))
            #expect(page.text.contains("ready to publish"))
            let look = try await client.execute(uri: "/batches/\(batchID)?show=look", method: .get)
            #expect(look.text.contains("/listings/\(ids[2])/review"))
            #expect(
                !look.text.contains("/listings/\(ids[0])/review"), "the filter shows only the rows that need a look")
            #expect(look.text.contains("href=\"/batches/\(batchID)?show=ready\""), "a link per state")
            let korean = try await client.execute(
                uri: "/batches/\(batchID)", method: .get,
                headers: [.acceptLanguage: "ko", .cookie: (client as? BrowserSession)?.cookie ?? ""])
            #expect(korean.text.contains("붙여넣은 글"))
            #expect(korean.text.contains("확인 필요: 모델"))
        }
    }

    /// "Review next" goes through the drafts that need a look, the most to look at first, with where each is;
    /// publishing one goes on to the next, and the last back to the batch page. Plain links and forms.
    @Test func theReviewQueueGoesFromOneDraftThatNeedsALookToTheNext() async throws {
        try await withApp { client, repository in
            let (batchID, ids) = try await importAndRead(client, repository)
            let batchPage = try await client.execute(uri: "/batches/\(batchID)", method: .get)
            #expect(batchPage.text.contains("href=\"/batches/\(batchID)/review\""))
            let start = try await client.execute(uri: "/batches/\(batchID)/review", method: .get)
            #expect(start.status == .seeOther)
            let first = try #require(start.headers[.location])
            #expect(first == "/listings/\(ids[2])/review?queue=batch-\(batchID)", "a mark, then what is missing")
            let page = try await client.execute(uri: first, method: .get)
            #expect(page.text.contains("Review queue 1 / 2"))
            #expect(page.text.contains("href=\"/listings/\(ids[3])/review?queue=batch-\(batchID)\" rel=\"next\""))
            #expect(page.text.contains("name=\"queue\" value=\"batch-\(batchID)\""), "the form carries the queue")

            // Publishing the bike anyway (its mark named) goes on to the room.
            let listing = try #require(try await repository.find(id: ids[2]))
            let published = try await client.execute(
                uri: "/listings/\(ids[2])/publish", method: .post, headers: formHeaders,
                body: form([
                    ("version", String(listing.version)), ("kind", "second_hand"), ("fields_sent", "1"),
                    ("title", listing.fields[.title]?.textValue ?? ""), ("price", "340"), ("currency", "USD"),
                    ("confirm_look", "1"), ("queue", "batch-\(batchID)"),
                ]))
            #expect(published.status == .seeOther)
            #expect(published.headers[.location] == "/listings/\(ids[3])/review?queue=batch-\(batchID)")
            #expect(try await repository.find(id: ids[2])?.status == .published)
            let last = try await client.execute(uri: "/listings/\(ids[3])/review?queue=batch-\(batchID)", method: .get)
            #expect(last.text.contains("Review queue 1 / 1"))
            // A draft with nothing to look at (looked at a moment ago) goes on to the rest; a published one leaves.
            let clean = try await client.execute(uri: "/listings/\(ids[0])/review?queue=batch-\(batchID)", method: .get)
            #expect(clean.text.contains("this one is ready, 1 left"))
            #expect(clean.text.contains("href=\"/listings/\(ids[3])/review?queue=batch-\(batchID)\" rel=\"next\""))
            let gone = try await client.execute(uri: "/listings/\(ids[2])/review?queue=batch-\(batchID)", method: .get)
            #expect(!gone.text.contains("Review queue"))
        }
    }

    /// The same queue through all the drafts that need a look, from the list of listings.
    @Test func theListOfListingsHasAQueueThroughEveryDraftThatNeedsALook() async throws {
        try await withApp { client, repository in
            let (_, ids) = try await importAndRead(client, repository)
            let list = try await client.execute(uri: "/listings", method: .get)
            #expect(list.text.contains("href=\"/listings/queue\""))
            let start = try await client.execute(uri: "/listings/queue", method: .get)
            #expect(start.status == .seeOther)
            #expect(start.headers[.location] == "/listings/\(ids[2])/review?queue=drafts")
            let page = try await client.execute(uri: "/listings/\(ids[2])/review?queue=drafts", method: .get)
            #expect(page.text.contains("Review queue 1 / 2"))
            #expect(page.text.contains("href=\"/listings?status=draft\""), "back to the drafts")
        }
    }

    @Test func theAPIAnswersWhatItPublishedAndWhatItLeftAndWhy() async throws {
        try await withApp { client, repository in
            let (batchID, ids) = try await importAndRead(client, repository)
            let answer = try await client.execute(
                uri: "/api/v1/batches/\(batchID)/publish-clean", method: .post, headers: jsonHeaders)
            #expect(answer.status == .ok)
            let body = try decode(answer)
            let published = try #require(body["published"] as? [[String: Any]])
            #expect(published.compactMap { ($0["id"] as? Int).map(Int64.init) } == Array(ids.prefix(2)))
            #expect(published.allSatisfy { $0["status"] as? String == "published" })
            let left = try #require(body["left"] as? [[String: Any]])
            #expect(left.compactMap { ($0["id"] as? Int).map(Int64.init) } == Array(ids.suffix(2)))
            #expect(left.map { $0["reason"] as? String } == ["needs_look", "not_publishable"])
            #expect(left[0]["fields"] as? [String] == ["model"])
            #expect(((left[1]["issues"] as? [[String: Any]])?.first?["field"]) as? String == "deal_type")

            let missing = try await client.execute(
                uri: "/api/v1/batches/\(batchID + 1000)/publish-clean", method: .post, headers: jsonHeaders)
            #expect(missing.status == .notFound)
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
