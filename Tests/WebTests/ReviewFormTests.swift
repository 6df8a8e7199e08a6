import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing

@testable import Web

/// The review form's shape and its doubts: fieldsets by deal type, and values the text contradicts or offers
/// several of, each offered as a one-click choice.
@Suite struct ReviewFormTests {
    @Test func everyFieldHasOneGroupWhateverTheDealType() {
        for kind in ListingKind.allCases {
            for deal in [nil] + FieldSchema.dealTypes {
                let placed = ReviewPage.layout(kind: kind, dealType: deal).flatMap(\.1)
                #expect(placed.count == Set(placed).count, "\(kind) \(deal ?? "-"): each field once")
                #expect(Set(placed) == Set(FieldSchema.fields(for: kind).map(\.name)), "\(kind) \(deal ?? "-")")
            }
        }
        let rental = ReviewPage.layout(kind: .realEstate, dealType: "monthly_rent")[0].1
        #expect(Array(rental[3...4]) == [.deposit, .monthlyRent], "a 월세 shows its deposit and rent first")
        let jeonse = ReviewPage.layout(kind: .realEstate, dealType: "jeonse")[0].1
        #expect(jeonse[3] == .deposit)
        let sale = ReviewPage.layout(kind: .realEstate, dealType: "sale")[0].1
        #expect(sale[3] == .price)
    }

    static func listing(_ text: String, kind: ListingKind, fields: [FieldName: FieldValue]) -> Listing {
        let now = Date(timeIntervalSince1970: 1_795_167_000)
        return Listing(
            id: 1, kind: kind, status: .draft, version: 1, sourceText: text, pastedOn: testDay, fields: fields,
            evidence: [:], grades: [:], provenance: Provenance(extractedBy: "sim-model", fallbackFrom: nil), issues: [],
            correctedFields: [], createdAt: now, updatedAt: now, publishedAt: nil)
    }

    /// The field as the page shows it, with the marks the offline reader's draft of these values would carry (a
    /// person's own values carry none: a save takes their marks away).
    static func field(_ name: FieldName, of listing: Listing) throws -> FieldView {
        var draft = ExtractedListing(kind: listing.kind, fields: listing.fields)
        ReviewMarks.mark(&draft, text: listing.sourceText, pastedOn: listing.pastedOn, readBy: .offline)
        let marks = draft.issues.filter { $0.field.map { !listing.correctedFields.contains($0) } ?? true }
        let fields = FieldView.all(
            kind: listing.kind, values: listing.fields, typed: [:], issues: marks, corrected: listing.correctedFields,
            evidence: [:], labels: .english)
        return try #require(fields.first { $0.name == name.rawValue })
    }

    @Test func aMoveInDateBrokenAcrossLinesThatTheDraftReadOtherwiseIsOfferedAsAChoice() throws {
        let text = "망원동 원룸 월세 보증금 500/45\n입주 가능일은\n2027년 1월 2일 입니다"
        #expect(RuleExtractor.availabilityCandidates(text, pastedOn: testDay) == ["2027-01-02"])
        var listing = Self.listing(
            text, kind: .realEstate, fields: [.dealType: .text("monthly_rent"), .availableFrom: .text("negotiable")])
        let doubted = try Self.field(.availableFrom, of: listing)
        #expect(doubted.state == "doubtful")
        #expect(doubted.stateLabel == "check: the text says otherwise")
        #expect(doubted.alternatives.map(\.choice) == ["available_from=2027-01-02"])

        listing.fields[.availableFrom] = .text("2027-01-02")
        let agreed = try Self.field(.availableFrom, of: listing)
        #expect(agreed.state == "filled", "the value the text gives is not doubted")
        #expect(agreed.alternatives.isEmpty)

        listing.fields[.availableFrom] = .text("negotiable")
        listing.correctedFields = [.availableFrom]
        #expect(try Self.field(.availableFrom, of: listing).state == "corrected", "what the person entered stands")
    }

    @Test func aTextThatGivesTwoMoveInValuesAsksWhichOne() throws {
        let text = "연남동 투룸 월세 1000/60\n입주 날짜 협의 가능, 12월 15일 이후 입주 희망"
        #expect(RuleExtractor.availabilityCandidates(text, pastedOn: testDay) == ["negotiable", "2026-12-15"])
        let listing = Self.listing(text, kind: .realEstate, fields: [.availableFrom: .text("negotiable")])
        let field = try Self.field(.availableFrom, of: listing)
        #expect(field.stateLabel == "check: the text gives 2 different values")
        #expect(field.alternatives.map(\.label) == ["2026-12-15"], "the value in the form is not offered again")
    }

    @Test func rentPairsAreFoundAndFloorsAreNot() {
        let pairs = RuleExtractor.rentCandidates("망원동 원룸 월세 500/50 또는 1000/45 조정 가능, 3/5층, 12/1 입주")
        #expect(pairs.map(\.deposit) == [5_000_000, 10_000_000])
        #expect(pairs.map(\.rent) == [500_000, 450_000])
        #expect(RuleExtractor.rentCandidates("아이폰 3/5 할부 남음").isEmpty, "no rent without a word of rent")
    }

    @Test func twoRentPairsAreChoicesAndOneClickSavesBoth() async throws {
        try await withApp { client, repository in
            let id = try await paste("망원동 원룸 월세 500/50 또는 1000/45 조정 가능, 3/5층", client)
            let review = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            #expect(review.text.contains("check: the text gives 2 different values"))
            #expect(review.text.contains("value=\"deposit=10000000;monthly_rent=450000\""))
            let stored = try #require(try await repository.find(id: id))
            let chosen = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form(formFields(of: stored) + [("choose", "deposit=10000000;monthly_rent=450000")]))
            #expect(chosen.status == .seeOther)
            let saved = try #require(try await repository.find(id: id))
            #expect(saved.fields[.deposit] == .integer(10_000_000))
            #expect(saved.fields[.monthlyRent] == .integer(450_000))
            #expect(saved.status == .draft, "a choice saves; it does not publish")
        }
    }
}
