import Evaluation
import Foundation
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing

@Suite struct PageFlowTests {
    @Test func pasteReviewCorrectPublishAndDownload() async throws {
        let item = try #require(try DevSet.listings().first { $0.id == "ko-re-own-001" })
        try await withApp { client, repository in
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.status == .ok)
            #expect(home.text.contains("<textarea id=\"text\" name=\"text\""))

            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", item.text)]))
            #expect(pasted.status == .seeOther)
            let id = try #require(listingID(pasted))
            #expect(pasted.headers[.location] == "/listings/\(id)/review")

            let review = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(review.status == .ok)
            #expect(review.text.contains("name=\"deposit\" value=\"5000000\""))
            #expect(review.text.contains("name=\"monthly_rent\" value=\"420000\""))
            #expect(review.text.contains("<mark data-fields="), "evidence is highlighted in the source text")
            #expect(review.text.contains("stated in the text"), "each value says how the text backs it")

            let stored = try #require(try await repository.find(id: Int64(id)))
            let saved = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form(formFields(of: stored, changing: ["monthly_rent": "46만", "parking": "false"])))
            #expect(saved.status == .seeOther)
            let corrected = try #require(try await repository.find(id: Int64(id)))
            #expect(corrected.fields["monthly_rent"] == .integer(460_000))
            #expect(corrected.fields["parking"] == .boolean(false))
            #expect(corrected.version == 2)
            #expect(
                try await repository.edits(listingID: Int64(id)).contains {
                    $0.field == "monthly_rent" && $0.after == "460000"
                })
            #expect(
                try await client.execute(uri: "/listings/\(id)/review", method: .get).text.contains("entered by you"))

            // The text speaks of parking and pets, which the draft left empty: publishing asks once, naming them.
            let asked = try await client.execute(
                uri: "/listings/\(id)/publish", method: .post, headers: formHeaders, body: form([("version", "2")]))
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Parking") && asked.text.contains("Publish anyway"))
            let published = try await client.execute(
                uri: "/listings/\(id)/publish", method: .post, headers: formHeaders,
                body: form([("version", "3"), ("confirm_look", "1")]))
            #expect(published.status == .seeOther)
            #expect(published.headers[.location] == "/listings/\(id)")
            let page = try await client.execute(uri: "/listings/\(id)", method: .get)
            #expect(page.text.contains("published"))
            #expect(page.text.contains("460,000 ₩ (46만원)"))

            let csv = try await client.execute(uri: "/listings.csv?status=published", method: .get)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(
                lines[0].hasPrefix("\u{FEFF}id,kind,status,title,property_type,deal_type,price,deposit,monthly_rent"))
            #expect(lines[0].hasSuffix(",created_at,published_at,published_with_marks"))
            #expect(lines.count == 3 && lines[2].isEmpty)
            #expect(lines[1].hasPrefix("\(id),real_estate,published,"))
            #expect(lines[1].contains(",5000000,460000,"))
        }
    }

    @Test func publishIsRefusedWithReasonsWhileRequiredFieldsAreMissing() async throws {
        try await withApp { client, repository in
            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", "아파트 매매합니다. 남향, 엘리베이터 있음")])
            )
            let id = try #require(listingID(pasted))
            let refused = try await client.execute(
                uri: "/listings/\(id)/publish", method: .post, headers: formHeaders, body: form([("version", "1")]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("A sale needs its price."))
            #expect(refused.text.contains("href=\"#input-price\""), "the link leads to the input")
            #expect(try await repository.find(id: Int64(id))?.status == .draft)
        }
    }

    @Test func invalidValuesComeBackByTheirFieldsAndNothingIsSaved() async throws {
        try await withApp { client, repository in
            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", "월세 500/45 원룸 3/5층")]))
            let id = try #require(listingID(pasted))
            let stored = try #require(try await repository.find(id: Int64(id)))
            let answer = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form(formFields(of: stored, changing: ["floor": "고층", "monthly_rent": "5"])))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains("value=\"고층\""), "what the person typed is kept")
            #expect(answer.text.contains("“고층” is not a whole number."))
            #expect(answer.text.contains("looks wrong for monthly rent"))
            #expect(try await repository.find(id: Int64(id))?.version == 1)
        }
    }

    @Test func aStaleSaveShowsBothVersionsAndLosesNeither() async throws {
        try await withApp { client, repository in
            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", "월세 500/45 원룸 3/5층 망원동")]))
            let id = try #require(listingID(pasted))
            let stored = try #require(try await repository.find(id: Int64(id)))
            let first = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form(formFields(of: stored, changing: ["title": "First edit"])))
            #expect(first.status == .seeOther)
            let second = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form(formFields(of: stored, changing: ["title": "Second edit"])))
            #expect(second.status == .conflict)
            #expect(second.text.contains("Someone saved this listing"))
            #expect(second.text.contains("value=\"Second edit\""), "my values stay in the form")
            #expect(second.text.contains("First edit"), "their values are shown beside it")
            #expect(second.text.contains("name=\"version\" value=\"2\""), "saving again keeps mine")
            #expect(try await repository.find(id: Int64(id))?.fields["title"] == .text("First edit"))
        }
    }

    @Test func changingTheKindRerendersTheRightFields() async throws {
        try await withApp { client, repository in
            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders,
                body: form([("text", "hey are we still on for dinner tonight?")]))
            let id = try #require(listingID(pasted))
            let stored = try #require(try await repository.find(id: Int64(id)))
            #expect(stored.kind == .notListing)
            #expect(stored.status == .rejected)
            let review = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(review.text.contains("Judged not a listing"))
            #expect(review.text.contains("It is real estate"), "buttons that say which kind, not Save and Publish")
            #expect(!review.text.contains("formaction"))

            let changed = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form([("version", "1"), ("kind", "second_hand")]))
            #expect(changed.status == .seeOther)
            let after = try #require(try await repository.find(id: Int64(id)))
            #expect(after.kind == .secondHand)
            #expect(after.status == .draft)
            let page = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(page.text.contains("name=\"brand\""))
            #expect(!page.text.contains("name=\"deal_type\""))
        }
    }

    @Test func listFiltersSearchesAndPages() async throws {
        try await withApp { client, _ in
            for text in ["월세 500/45 원룸 망원동", "아이폰 13 팝니다 45만원", "전세 3억 아파트 고덕동"] {
                _ = try await client.execute(
                    uri: "/listings", method: .post, headers: formHeaders, body: form([("text", text)]))
            }
            let all = try await client.execute(uri: "/listings", method: .get)
            #expect(all.status == .ok)
            let realEstate = try await client.execute(uri: "/listings?kind=real_estate", method: .get)
            #expect(realEstate.text.contains("망원동"))
            #expect(!realEstate.text.contains("아이폰"))
            let search = try await client.execute(uri: "/listings?q=%EA%B3%A0%EB%8D%95", method: .get)
            #expect(search.text.contains("고덕동"))
            #expect(!search.text.contains("망원동"))
            let bad = try await client.execute(uri: "/listings?kind=castle", method: .get)
            #expect(bad.status == .badRequest)
        }
    }
}

@Suite struct LiveExtractionTests {
    @Test func theStreamReportsFieldsThenTheReviewPage() async throws {
        try await withApp { client, repository in
            let answer = try await client.execute(
                uri: "/listings/stream", method: .post, headers: formHeaders,
                body: form([("text", "월세 500/45 원룸 3/5층")]))
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "text/event-stream")
            let text = answer.text
            #expect(text.contains("event: progress"))
            #expect(text.contains("\"deposit\""))
            #expect(text.contains("\"label\":\"Deposit\""), "the preview names fields in words")
            #expect(text.contains("\"value\":\"5,000,000 ₩ (500만원)\""), "and gives their values as the form shows them")
            let done = try #require(text.components(separatedBy: "event: done\ndata: ").last)
            let listings = try await repository.list(.init(), limit: 10, before: nil).items
            #expect(listings.count == 1)
            #expect(
                done.contains("\"review\":\"\\/listings\\/\(listings[0].id)\\/review\"")
                    || done.contains("/listings/\(listings[0].id)/review"))
        }
    }

    @Test func badInputIsRefusedBeforeAnyStream() async throws {
        try await withApp { client, repository in
            let answer = try await client.execute(
                uri: "/listings/stream", method: .post, headers: formHeaders, body: form([("text", "  ")]))
            #expect(answer.status == .unprocessableContent)
            #expect(try await repository.list(.init(), limit: 10, before: nil).items.isEmpty)
        }
    }
}
