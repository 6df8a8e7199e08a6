import Foundation
import ListingCore
import Testing

/// The rules that live once, in the pure core: status transitions, the currency default, reading a correction.
@Suite struct DomainRuleTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    @Test func statusTransitions() {
        #expect(ListingStatus.initial(for: .notListing) == .rejected)
        #expect(ListingStatus.initial(for: .secondHand) == .draft)
        #expect(ListingStatus.draft.afterSave(as: .realEstate, publishing: false) == .draft)
        #expect(ListingStatus.draft.afterSave(as: .realEstate, publishing: true) == .published)
        #expect(ListingStatus.published.afterSave(as: .realEstate, publishing: false) == .published)
        #expect(ListingStatus.published.afterSave(as: .notListing, publishing: false) == .rejected)
        #expect(ListingStatus.rejected.afterSave(as: .secondHand, publishing: false) == .draft)
    }

    @Test func currencyIsSetOnlyWhereThereIsMoney() {
        var fields: [FieldName: FieldValue] = ["deposit": .integer(5_000_000)]
        CurrencyRule.applyDefault(to: &fields, kind: .realEstate, sourceText: "보증금 500")
        #expect(fields["currency"] == .text("KRW"))
        var dollars: [FieldName: FieldValue] = ["price": .integer(95)]
        CurrencyRule.applyDefault(to: &dollars, kind: .secondHand, sourceText: "Air Max 90, $95")
        #expect(dollars["currency"] == .text("USD"))
        var none: [FieldName: FieldValue] = ["rooms": .integer(2)]
        CurrencyRule.applyDefault(to: &none, kind: .realEstate, sourceText: "$ everywhere")
        #expect(none["currency"] == nil)
        var stated: [FieldName: FieldValue] = ["price": .integer(1), "currency": .text("EUR")]
        CurrencyRule.applyDefault(to: &stated, kind: .secondHand, sourceText: "$1")
        #expect(stated["currency"] == .text("EUR"))
    }

    @Test func aCorrectionReadsTypedValuesKeepsUnsentOnesAndRefusesBadOnes() {
        let stored: [FieldName: FieldValue] = ["deal_type": .text("monthly_rent"), "monthly_rent": .integer(450_000)]
        let patch = Correction(
            kind: .realEstate, submitted: ["deposit": .typed("500만"), "parking": .exact(.boolean(true))],
            stored: stored,
            pastedOn: day, sourceText: "월세 500/45", keepUnsent: true)
        #expect(patch.errors.isEmpty)
        #expect(patch.fields["deposit"] == .integer(5_000_000))
        #expect(patch.fields["monthly_rent"] == .integer(450_000), "a field left out keeps its value")
        #expect(patch.fields["currency"] == .text("KRW"))
        #expect(patch.typed["deposit"] == "500만")

        let form = Correction(
            kind: .realEstate, submitted: ["deal_type": .typed("월세"), "floor": .typed("abc"), "brand": .typed("x")],
            stored: stored, pastedOn: day, sourceText: "", keepUnsent: false)
        #expect(form.fields["monthly_rent"] == nil, "a form that leaves a field out clears it")
        #expect(form.errors.contains { $0.field == "floor" && $0.code == .invalidValue })
        #expect(form.errors.contains { $0.field == "brand" && $0.code == .wrongKindField })
    }

    @Test func theDayOfAnInstantIsReadInTheTimeZoneGiven() {
        let instant = Date(timeIntervalSince1970: 1_795_996_800)  // 2026-11-30 00:00 UTC
        #expect(LocalDate(instant) == LocalDate(year: 2026, month: 11, day: 30))
        #expect(
            LocalDate(instant, in: TimeZone(identifier: "America/New_York")!)
                == LocalDate(year: 2026, month: 11, day: 29))
    }
}
