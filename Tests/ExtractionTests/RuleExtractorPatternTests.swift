import Foundation
import ListingCore
import TestSupport
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
                "거의", "s급", "like new", "used",
            ])
        #expect(
            RuleExtractor.Pattern.anchors("no parking|street parking only") == ["no parking", "street parking only"])
        #expect(
            RuleExtractor.Pattern.anchors(#"walk-?up|pets? (?:allowed|ok)|available (?:now|soon)"#) == [
                "walk", "pet", "available ",
            ], "a quantified last letter is not required")
        #expect(RuleExtractor.Pattern.leadingLiterals(#"x?yz"#) == [], "a word of one letter rules nothing out")
        #expect(RuleExtractor.Pattern.anchors(#"(?:iphone|아이폰)\s?\d{1,2}|ps[45]"#) == ["iphone", "아이폰", "ps"])
        #expect(RuleExtractor.Pattern.anchors(#"택배|(?:한|두)\s*번"#) == ["택배", "한", "두"])
        #expect(RuleExtractor.Pattern.anchors(#"택배|\d+\s*"#) == [], "an alternative with no word of its own")
        #expect(RuleExtractor.Pattern.topLevelAlternatives(#"a(b|c)|[|]d|e\|f"#) == ["a(b|c)", "[|]d", #"e\|f"#])
    }

    @Test func theWordsOfAGroupEveryMatchPassesThrough() {
        typealias P = RuleExtractor.Pattern
        #expect(P.requiredGroupWords(#"\b\d\s?(?:br|bd|bdr|bdrm|bed)s?\b"#) == ["bd", "bed", "br"])
        #expect(P.requiredGroupWords(#"(?:^|[\s(\[,·])[가-힣]{1,5}(?:동|읍)(?=[\s,.)·]|$)"#) == ["동", "읍"])
        #expect(
            P.requiredGroupWords(#"(?:available|move[- ]in|lease starts?)\s*:?"#) == ["available", "lease", "move"])
        #expect(P.requiredGroupWords(#"([\d.]+)\s*(평형)"#) == ["평형"], "a capturing group")
        #expect(P.requiredGroupWords(#"(\d+)\s*(?:bed(?:room)?s?|bd|br)\b"#) == ["bd", "bed", "br"])
        #expect(P.requiredGroupWords(#"(?:ab?|cd)x"#) == ["a", "cd"], "a letter made optional is not required")
        #expect(P.requiredGroupWords(#"(?:a|b)?x"#) == nil, "an optional group")
        #expect(P.requiredGroupWords(#"(?:a|b)*x"#) == nil)
        #expect(P.requiredGroupWords(#"(?:a|b){0,2}x"#) == nil)
        #expect(P.requiredGroupWords(#"x(?=ab|cd)"#) == nil, "a lookahead requires nothing of the match")
        #expect(P.requiredGroupWords(#"x(?<!ab)(?!cd)"#) == nil)
        #expect(P.requiredGroupWords(#"(?:a|\d)x"#) == nil, "a branch with no word")
        #expect(P.requiredGroupWords(#"[(](?:a|b)"#) == ["a", "b"], "a parenthesis in a class opens no group")
        #expect(P.anchors(#"\d\s?층|(?:\d+|[bB])\s?(?:floor|fl)\b"#) == ["층", "fl"], "floor holds fl")
    }

    /// Every pattern the rules compile, on every labelled listing: wherever it matches, its filter lets it run.
    @Test func everyRuleStillMatchesWhatItMatchedWithoutTheFilterOnTheLabelledListings() throws {
        let texts = try ["dev.jsonl", "public-check.jsonl", "public-tune.jsonl", "public-ko-check.jsonl"].flatMap {
            try DevSet.listings($0).map(\.text)
        }
        for text in texts { _ = RuleExtractor.reply(for: text, pastedOn: LocalDate(year: 2026, month: 11, day: 20)!) }
        let patterns = RuleExtractor.regexCache.withLock { Array($0.values) }
        #expect(patterns.count > 100)
        var filtered = 0
        for text in texts {
            for pattern in patterns {
                let unfiltered =
                    pattern.expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if unfiltered {
                    #expect(pattern.mightMatch(text), "\(pattern.expression.pattern) on \(text)")
                } else if !pattern.mightMatch(text) {
                    filtered += 1
                }
            }
        }
        #expect(filtered > texts.count * 50, "the filter rules out most patterns a listing cannot match")
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

    /// A pattern that opens with `(?:^|[^…])` finds its first match through a lookbehind form: the same match,
    /// range and groups, on every labelled listing and on texts made to put the class at the edges.
    @Test func theLookbehindFormFindsTheSameFirstMatch() throws {
        let texts =
            try DevSet.listings().map(\.text) + DevSet.listings("public-check.jsonl").map(\.text)
            + Self.madeTexts(
                ["3", "/", "5층", ".", "b", "B", "지하 ", "1", "2.5", "㎡", "m2", " ", "월세 ", "월", "50", "\n", "층", "👍"],
                pieces: 12, seed: 7)
        let patterns = Self.compiledPatterns(readingFirst: texts.prefix(3)).filter { $0.lookbehind != nil }
        #expect(patterns.count >= 3, "the floor, area and rent patterns have the form")
        #expect(Self.sameFirstMatches(patterns, texts) > 300, "the texts match often enough to compare")
    }

    /// Texts of `pieces` pieces drawn from `words`, the same every run.
    static func madeTexts(_ words: [String], pieces: Int, seed: UInt64) -> [String] {
        var state = seed
        return (0..<2_000).map { _ in
            (0..<pieces).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return words[Int((state >> 33) % UInt64(words.count))]
            }.joined()
        }
    }

    /// Every pattern the rules compile, after reading `texts` (which compiles them).
    static func compiledPatterns(readingFirst texts: some Sequence<String>) -> [RuleExtractor.Pattern] {
        for text in texts { _ = RuleExtractor.reply(for: text, pastedOn: LocalDate(year: 2026, month: 11, day: 20)!) }
        return RuleExtractor.regexCache.withLock { Array($0.values) }
    }

    /// Expects each pattern's first match, as `firstMatch` finds it, to be the whole expression's (range and
    /// groups) on every text; the number of texts that matched.
    static func sameFirstMatches(_ patterns: [RuleExtractor.Pattern], _ texts: [String]) -> Int {
        var matched = 0
        for pattern in patterns {
            for text in texts {
                let plain = pattern.expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
                    .flatMap { RuleExtractor.Pattern.match($0, in: text) }
                let found = pattern.firstMatch(in: text)
                #expect(found?.range == plain?.range, "\(pattern.expression.pattern) on \(text)")
                #expect(found?.captures == plain?.captures, "\(pattern.expression.pattern) on \(text)")
                if plain != nil { matched += 1 }
            }
        }
        return matched
    }

    /// A case-sensitive pattern's words with capitals are looked for as written: a text without them is ruled out.
    @Test func aCaseSensitivePatternsCapitalsRuleTextsOut() {
        let state = RuleExtractor.Pattern(#"([A-Z][a-z]+,?\s+(?:CA|NY))\b"#, caseSensitive: true)
        #expect(state.casedAnchors == ["CA", "NY"] && state.anchors.isEmpty)
        #expect(state.mightMatch("Fresno, CA 93650") && state.firstMatch(in: "Fresno, CA 93650") != nil)
        #expect(!state.mightMatch("fresno, ca: call Cathy") && !state.mightMatch("Austin, TX"))
        #expect(RuleExtractor.Pattern(#"(\d+)\s*층"#, caseSensitive: true).anchors == ["층"])
    }

    /// Where two alternatives match at the same place, the earlier one is the match, with its own groups numbered
    /// as in the whole pattern; an alternative with a back-reference keeps the pattern whole.
    @Test(arguments: [
        (#"(x)|a(b)|ab(c)"#, "zzabc"), (#"ab(c)|a(b)|(x)"#, "zzabc"), (#"b|(a)(b)?"#, "ab"), (#"(?:a)|(b)|(c)"#, "cba"),
        (#"주차\s*(없)|no (parking)"#, "No Parking, 주차 없음"),
    ])
    func theEarlierAlternativeWinsATie(pattern: String, text: String) {
        let whole = RuleExtractor.Pattern(pattern)
        #expect(whole.branches.count > 1)
        let plain = whole.expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            .flatMap { RuleExtractor.Pattern.match($0, in: text) }
        #expect(whole.firstMatch(in: text)?.range == plain?.range)
        #expect(whole.firstMatch(in: text)?.captures == plain?.captures)
        #expect(RuleExtractor.Pattern(#"(a)\1|b"#).branches.isEmpty)
        #expect(RuleExtractor.Pattern(#"(?i)a|b"#).branches.isEmpty)
        #expect(RuleExtractor.Pattern(#"\Qa|b\E"#).branches.isEmpty, "the sign quoted is no alternation")
        #expect(RuleExtractor.Pattern(#"\Qa|b\E"#).firstMatch(in: "x a|b")?.range != nil)
    }

    /// A pattern with alternatives finds its first match through its branches: the same match, range and groups as
    /// the whole pattern, on every labelled listing and on texts made of the alternatives' words.
    @Test func theBranchesFindTheSameFirstMatch() throws {
        let words = [
            "주차", " 불가", "no parking", " ", "반려견", "pets ok", "iPhone 13", "아이폰", "-", "AB-1234", "갤럭시", "s23",
            "월세", "보증금 ", "500", "/", "50", "층", "\n", "available", "Jan 5", "즉시 입주", "$1,200", "2 bed", "1 ba",
            "Austin, TX", "새것", "like new", "네고", "obo",
        ]
        let texts =
            try ["dev.jsonl", "public-check.jsonl", "public-tune.jsonl", "public-ko-check.jsonl"].flatMap {
                try DevSet.listings($0).map(\.text)
            } + Self.madeTexts(words, pieces: 10, seed: 11)
        let patterns = Self.compiledPatterns(readingFirst: texts.prefix(120)).filter { !$0.branches.isEmpty }
        #expect(patterns.count >= 20, "many rules have alternatives")
        #expect(Self.sameFirstMatches(patterns, texts) > 1_000, "the texts match often enough to compare")
    }
}
