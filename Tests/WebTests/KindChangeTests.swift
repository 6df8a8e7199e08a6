import Foundation
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing

/// Changing the kind reads the text again as the new kind, keeps what both kinds share and what the person
/// entered, asks before dropping anything, and is never ignored.
@Suite struct KindChangeTests {
    static let rental = "망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층"

    @Test func aKindChangeAsksBeforeDroppingThenReadsTheTextAgainAndKeepsWhatIsShared() async throws {
        try await withApp { client, repository in
            let id = try await paste(Self.rental, client)
            var listing = try #require(try await repository.find(id: id))
            let titled = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form(formFields(of: listing, changing: ["title": "내 제목"])))
            #expect(titled.status == .seeOther)
            listing = try #require(try await repository.find(id: id))
            let runsBefore = try await repository.runs(listingID: id).count

            let asked = try await client.execute(
                uri: "/listings/\(id)/kind", method: .post, headers: formHeaders,
                body: form([("version", String(listing.version)), ("kind", "second_hand")]))
            #expect(asked.status == .ok)
            #expect(asked.text.contains("would be dropped"))
            #expect(asked.text.contains("Monthly rent") && asked.text.contains("450,000 ₩"))
            #expect(try await repository.find(id: id)?.kind == .realEstate, "nothing changed before the answer")

            let changed = try await client.execute(
                uri: "/listings/\(id)/kind", method: .post, headers: formHeaders,
                body: form([("version", String(listing.version)), ("kind", "second_hand"), ("confirm", "1")]))
            #expect(changed.status == .seeOther)
            let item = try #require(try await repository.find(id: id))
            #expect(item.kind == .secondHand)
            #expect(item.fields[.title] == .text("내 제목"), "the person's title is kept")
            #expect(item.fields[.monthlyRent] == nil)
            #expect(item.correctedFields == [.title])
            let runs = try await repository.runs(listingID: id)
            #expect(runs.count == runsBefore + 1)
            #expect(runs.last?.strategy == "reread:second_hand")
            #expect(runs.first?.strategy != "reread:second_hand", "the runs in the order they were made")
            #expect(try await repository.lastRun(listingID: id)?.strategy == "reread:second_hand")

            // And back: the text is read again, so the rent comes back from it.
            let back = try await client.execute(
                uri: "/listings/\(id)/kind", method: .post, headers: formHeaders,
                body: form([("version", String(item.version)), ("kind", "real_estate"), ("confirm", "1")]))
            #expect(back.status == .seeOther)
            let again = try #require(try await repository.find(id: id))
            #expect(again.kind == .realEstate)
            #expect(again.fields[.monthlyRent] == .integer(450_000))
            #expect(again.fields[.deposit] == .integer(5_000_000))
            #expect(again.fields[.title] == .text("내 제목"))
            let edits = try await repository.edits(listingID: id)
            #expect(edits.filter { $0.field == "kind" }.count == 2)
            #expect(!edits.contains { $0.field == "monthly_rent" }, "a re-reading is not a person's correction")
        }
    }

    @Test func aNotAListingPageOffersTheKindsAndReadsTheTextAsTheOneChosen() async throws {
        try await withApp { client, repository in
            let id = try await paste("혹시 이 원룸 보증금 1000/월 70이면 괜찮은 가격일까요? 궁금해요", client)
            let stored = try #require(try await repository.find(id: id))
            #expect(stored.kind == .notListing)
            let page = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(page.text.contains("name=\"kind\" value=\"real_estate\""))
            #expect(page.text.contains("name=\"kind\" value=\"second_hand\""))
            #expect(!page.text.contains("..."), "no double full stop")
            let chosen = try await client.execute(
                uri: "/listings/\(id)/kind", method: .post, headers: formHeaders,
                body: form([("version", "1"), ("kind", "real_estate")]))
            #expect(chosen.status == .seeOther, "a reason is not a person's value: nothing to ask")
            let listing = try #require(try await repository.find(id: id))
            #expect(listing.kind == .realEstate)
            #expect(listing.status == .draft)
            #expect(listing.fields[.deposit] == .integer(10_000_000))
            #expect(listing.fields[.monthlyRent] == .integer(700_000))
        }
    }

    @Test func aSaveThatNamesAnotherKindIsNeverIgnored() async throws {
        try await withApp { client, repository in
            let id = try await paste(Self.rental, client)
            let listing = try #require(try await repository.find(id: id))
            var fields = formFields(of: listing)
            fields[1] = ("kind", "second_hand")
            let saved = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders, body: form(fields))
            #expect(saved.status == .ok)
            #expect(saved.text.contains("Change Real estate to Second-hand item?"))
            #expect(try await repository.find(id: id)?.version == listing.version)
        }
    }
}

/// Publishing a draft whose values the text does not plainly state asks once, and keeps what was typed meanwhile.
@Suite struct PublishConfirmationTests {
    @Test func publishingWithValuesToCheckAsksOnceThenGoesAhead() async throws {
        try await withApp { client, repository in
            let listing = try await repository.create(
                NewListing(
                    kind: .realEstate, sourceText: "망원동 원룸 월세 500/45, 12월 초 입주", pastedOn: testDay,
                    fields: [
                        .title: .text("망원동 원룸"), .dealType: .text("monthly_rent"), .deposit: .integer(5_000_000),
                        .monthlyRent: .integer(450_000), .currency: .text("KRW"), .availableFrom: .text("2026-12"),
                    ],
                    evidence: [:], grades: [.availableFrom: .inferred, .monthlyRent: .stated],
                    issues: [Issue(field: .availableFrom, code: .inferred, message: "“12월 초” gives a part of a month.")]
                ),
                runs: [])
            let asked = try await client.execute(
                uri: "/listings/\(listing.id)/publish", method: .post, headers: formHeaders,
                body: form(formFields(of: listing, changing: ["title": "망원 원룸"])))
            #expect(asked.status == .ok)
            #expect(asked.text.contains("1 value is marked for a look (Available from)"))
            #expect(asked.text.contains("Publish anyway"))
            #expect(asked.text.contains("name=\"confirm_look\" value=\"1\""))
            let saved = try #require(try await repository.find(id: listing.id))
            #expect(saved.status == .draft, "not published without the answer")
            #expect(saved.fields[.title] == .text("망원 원룸"), "what was typed is saved")

            var fields = formFields(of: saved)
            fields.append(("confirm_look", "1"))
            let published = try await client.execute(
                uri: "/listings/\(listing.id)/publish", method: .post, headers: formHeaders, body: form(fields))
            #expect(published.status == .seeOther)
            #expect(try await repository.find(id: listing.id)?.status == .published)
        }
    }

    @Test func aValueThePersonChangedNeedsNoQuestion() async throws {
        try await withApp { client, repository in
            let listing = try await repository.create(
                NewListing(
                    kind: .realEstate, sourceText: "망원동 원룸 월세 500/45, 12월 초 입주", pastedOn: testDay,
                    fields: [
                        .dealType: .text("monthly_rent"), .monthlyRent: .integer(450_000), .currency: .text("KRW"),
                        .availableFrom: .text("2026-12"),
                    ],
                    evidence: [:], grades: [.availableFrom: .inferred],
                    issues: [Issue(field: .availableFrom, code: .inferred, message: "“12월 초” gives a part of a month.")]
                ),
                runs: [])
            let published = try await client.execute(
                uri: "/listings/\(listing.id)/publish", method: .post, headers: formHeaders,
                body: form(formFields(of: listing, changing: ["available_from": "2026-12-05"])))
            #expect(published.status == .seeOther)
            #expect(try await repository.find(id: listing.id)?.status == .published)
        }
    }
}

/// A post that gives several prices asks the person to choose, with one click.
@Suite struct SeveralPricesTests {
    @Test func thePricesTheTextGivesAreOfferedAndOneClickSavesTheChosen() async throws {
        try await withApp { client, repository in
            let id = try await paste("갤럭시 탭 S9 팝니다\n155만 → 95만 → 오늘만 89만원! 직거래 합정역", client)
            let page = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(page.text.contains("check: the text gives 3 different values"))
            let listing = try #require(try await repository.find(id: id))
            for (value, label) in [("1550000", "155만원"), ("950000", "95만원"), ("890000", "89만원")] {
                // Each is a choice, but for the one the form shows already.
                let inForm = listing.fields[.price]?.canonicalString() == value
                #expect(page.text.contains("name=\"choose\" value=\"price=\(value)\"") != inForm, "\(value)")
                #expect(page.text.contains(label) || inForm, "\(label)")
            }
            #expect(page.text.contains("values need a look") || page.text.contains("value needs a look"))

            var fields = formFields(of: listing)
            fields.append(("choose", "price=890000"))
            let chosen = try await client.execute(
                uri: "/listings/\(id)/publish", method: .post, headers: formHeaders, body: form(fields))
            #expect(chosen.status == .seeOther)
            #expect(
                chosen.headers[.location] == "/listings/\(id)/review?saved=1", "a choice saves, it does not publish")
            let saved = try #require(try await repository.find(id: id))
            #expect(saved.fields[.price] == .integer(890_000))
            #expect(saved.status == .draft)
            let after = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(!after.text.contains("name=\"choose\""), "the person chose: no more question")
        }
    }
}
