import Foundation
import ListingCore
import Testing

@testable import Extraction

/// The literal every match of a rule's pattern must contain, by which the offline extractor skips the patterns a
/// listing cannot match before ICU runs them: never a literal a match could lack.
@Suite struct RuleExtractorPatternTests {
    @Test(arguments: [
        (#"(\d+)\s*층"#, "층"),
        (#"(\d{1,2})(?:st|nd|rd|th)\s*floor"#, "floor"),
        (#"x?yz\s*(\d+)"#, "yz"),
        (#"ab+c"#, "a"),
        (#"rent\s*:?\s*\$\s?([\d,]+)"#, "rent"),
    ])
    func aLiteralEveryMatchHas(pattern: String, literal: String) {
        #expect(RuleExtractor.Pattern.requiredLiteral(pattern) == literal)
    }

    @Test(arguments: [
        #"(\d+)\s*(?:bed(?:room)?s?|bd|br)\b"#, #"([\d.]+)\s*(평형)"#, #"a|bc"#, #"(\d{2,3})\s*(평)(?!형|정도|수|대)"#,
        #"[가-힣]{2,8}역?"#, #"\$\s?([\d,]+)"#,
    ])
    func noneWhenNoLiteralIsRequired(pattern: String) {
        #expect(RuleExtractor.Pattern.requiredLiteral(pattern) == nil)
    }

    @Test func oneOfTheAlternativesWords() {
        #expect(
            RuleExtractor.Pattern.anchors(#"거의\s*새|s급|like new|(?:^|[^a-z])used(?:[.!,]|$)"#) == [
                "거의", "s급", "like", "used",
            ])
        #expect(RuleExtractor.Pattern.anchors(#"(?:iphone|아이폰)\s?\d{1,2}|ps[45]"#) == ["iphone", "아이폰", "ps"])
        #expect(RuleExtractor.Pattern.anchors(#"택배|(?:한|두)\s*번"#) == ["택배", "한", "두"])
        #expect(RuleExtractor.Pattern.anchors(#"택배|\d+\s*"#) == [], "an alternative with no word of its own")
        #expect(RuleExtractor.Pattern.topLevelAlternatives(#"a(b|c)|[|]d|e\|f"#) == ["a(b|c)", "[|]d", #"e\|f"#])
    }

    @Test func everyRuleStillMatchesWhatItMatchedWithoutTheFilter() throws {
        let texts = ["망원동 원룸 3층/5층 19.8㎡ 월세 500/45", "2 bed 1 bath, 3rd floor, $2,400/month", "택배 가능 270mm 사이즈"]
        // Reading the texts compiles every pattern the rules use.
        for text in texts { _ = RuleExtractor.reply(for: text, pastedOn: LocalDate(year: 2026, month: 11, day: 20)!) }
        for text in texts {
            for pattern in RuleExtractor.regexCache.withLock({ Array($0.values) }) {
                let unfiltered =
                    pattern.expression.firstMatch(
                        in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if unfiltered { #expect(pattern.mightMatch(text), "\(pattern.expression.pattern) on \(text)") }
            }
        }
    }
}
