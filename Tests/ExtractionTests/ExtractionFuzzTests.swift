import Extraction
import ListingCore
import TestSupport
import Testing

/// The reply reader on arbitrary replies, and the offline extractor on arbitrary pastes: no trap, no hang, and every value the draft
/// holds is one the validator takes (so a draft can always be stored).
@Suite struct ExtractionFuzzTests {
    static let pasteFragments =
        Fuzz.valueFragments + [
            "아파트", "원룸", "투룸", "오피스텔", "매매", "전세", "월세", "보증금", "관리비", "전용", "공급", "실평수", "주차",
            "엘리베이터", "반려동물", "입주", "for rent", "bd", "ba", "deposit", "$1,200", "/mo", "팝니다", "새상품", "택배",
            "직거래", "네고", "사이즈", "270mm", "iPhone", "나눔", "<listing>", "</listing>", "<fields>", "\n\n",
        ]

    /// Pieces of envelopes as models write them, right and wrong: tags in every spelling, attributes, entities,
    /// CDATA, fences, wrappers, and every field's name.
    static let replyFragments =
        Fuzz.valueFragments + FieldSchema.allFields.map(\.name.rawValue) + [
            "<thinking>", "</thinking>", "<classification>", "</classification>", "real_estate", "second_hand",
            "not_listing", "<fields>", "</fields>", "<", ">", "</", "/>", "<price>", "</price>", "<Monthly-Rent>",
            "<monthly_rent evidence=\"", "\">", "evidence='", "'", "<![CDATA[", "]]>", "&amp;", "&#50900;", "&#x;",
            "&lt;", "&#xFFFFFFFF;", "<reply>", "</reply>", "```xml", "```", "<options>", "</options>", "<reason>", "=",
            "<!--", "-->", "<?xml", "?>",
        ]

    @Test func anyReplyIsReadIntoADraftThatCanBeStored() {
        var fuzz = Fuzz()
        let day = LocalDate(year: 2026, month: 11, day: 20)!
        for round in 0..<Fuzz.count {
            let reply = fuzz.text(from: Self.replyFragments, maxParts: 40)
            var draft = ReplyInterpreter.interpret(
                ReplyParser.parse(reply), listingText: "월세 500/45 원룸 iPhone 13", pastedOn: day,
                fallbackKind: .notListing)
            ReviewMarks.mark(&draft, text: "월세 500/45 원룸 iPhone 13", pastedOn: day, readBy: .model)
            expectStorable(draft, input: reply, round: round)
        }
    }

    @Test func anyPasteGivesADraftThatCanBeStored() {
        var fuzz = Fuzz()
        let day = LocalDate(year: 2026, month: 11, day: 20)!
        for round in 0..<Fuzz.count {
            let text = fuzz.text(from: Self.pasteFragments, maxParts: 40)
            let reply = RuleExtractor.reply(for: text, pastedOn: day)
            var draft = ReplyInterpreter.interpret(
                ReplyParser.parse(reply), listingText: text, pastedOn: day, fallbackKind: .notListing)
            // Read as a model's draft too: the offline reader reads it again and the two are compared.
            ReviewMarks.mark(&draft, text: text, pastedOn: day, readBy: round % 2 == 0 ? .model : .offline)
            expectStorable(draft, input: text, round: round)
        }
    }

    /// Every value, and every value a mark offers in its place, is one the field can store.
    func expectStorable(_ draft: ExtractedListing, input text: String, round: Int) {
        for issue in draft.issues {
            for choice in issue.candidates ?? [] {
                for (name, canonical) in choice where name != ListingCore.Issue.kindField {
                    guard let spec = FieldSchema.spec(name, in: draft.kind) else {
                        Issue.record("seed \(Fuzz.seed) round \(round): a candidate for \(name), not a field")
                        continue
                    }
                    let value = FieldValue(canonical: canonical, type: spec.type)
                    if let problem = ValueNormalizer.check(value, as: spec) {
                        Issue.record(
                            "seed \(Fuzz.seed) round \(round): “\(text)” offered \(name) = \(value): \(problem)")
                    }
                }
            }
        }
        for (name, value) in draft.fields {
            guard let spec = FieldSchema.spec(name, in: draft.kind) else {
                Issue.record("seed \(Fuzz.seed) round \(round): \(name) is not a field of \(draft.kind)")
                continue
            }
            if let problem = ValueNormalizer.check(value, as: spec) {
                Issue.record("seed \(Fuzz.seed) round \(round): “\(text)” gave \(name) = \(value): \(problem)")
            }
        }
    }
}
