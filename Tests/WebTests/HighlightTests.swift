import ListingCore
import Testing

@testable import Desk
@testable import Web

/// Every field's evidence is marked in the source text, shared stretches and options' words included.
@Suite struct HighlightTests {
    @Test func fieldsThatShareWordsShareOneMarkAndEachFieldIsNamed() {
        let html = Formatting.highlighted(
            "원룸 월세 500/45, 에어컨 냉장고 <b>",
            evidence: [.deposit: "500/45", .monthlyRent: "500/45", .dealType: "월세", .rooms: "원룸", .propertyType: "원룸"],
            options: ["air_conditioner", "refrigerator"])
        #expect(html.contains(#"<mark data-fields="deposit monthly_rent" id="evidence-deposit">500/45</mark>"#))
        #expect(html.contains(#"<mark data-fields="property_type rooms" id="evidence-property_type">원룸</mark>"#))
        #expect(html.contains(#"<mark data-fields="options" id="evidence-options">에어컨</mark>"#))
        #expect(html.contains(#"<mark data-fields="options">냉장고</mark>"#))
        #expect(html.contains("&lt;b&gt;"), "the rest is escaped")
        for field in ["deposit", "monthly_rent", "deal_type", "rooms", "property_type", "options"] {
            #expect(html.contains(field), "\(field) is marked")
        }
    }

    @Test func wordsInsideAnotherFieldsWordsAreNamedOnItsMark() {
        let html = Formatting.highlighted(
            "보증금 1000 / 월세 58", evidence: [.deposit: "보증금 1000 / 월세 58", .monthlyRent: "월세 58"])
        #expect(
            html.contains(#"<mark data-fields="deposit monthly_rent" id="evidence-deposit">보증금 1000 / 월세 58</mark>"#))
    }
}
