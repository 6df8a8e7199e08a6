import ListingCore
import Testing

/// `TextNormalization.firstOffset` looks for a needle's rarest byte and compares around it: it must find what a
/// plain search finds, the leftmost occurrence, with whole words honoured.
@Suite struct TextSearchTests {
    /// The leftmost occurrence, byte by byte, as the reference.
    static func plainSearch(_ needle: [UInt8], in hay: [UInt8], wholeWord: Bool) -> Int? {
        func isWordByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard !needle.isEmpty else { return 0 }
        guard needle.count <= hay.count else { return nil }
        for start in 0...(hay.count - needle.count) where Array(hay[start..<(start + needle.count)]) == needle {
            let end = start + needle.count
            if wholeWord && isWordByte(needle[0]) && start > 0 && isWordByte(hay[start - 1]) { continue }
            if wholeWord && isWordByte(needle[needle.count - 1]) && end < hay.count && isWordByte(hay[end]) {
                continue
            }
            return start
        }
        return nil
    }

    @Test func findsWhatAPlainSearchFinds() {
        // Few distinct pieces, so that needles occur often, partly and more than once.
        let pieces = ["월", "세", "보증금", " ", "a", "apt", "s", "1", "/", "층", "é", "x"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text(_ length: Int) -> String { (0..<length).map { _ in pieces[next(pieces.count)] }.joined() }
        var found = 0
        for _ in 0..<3_000 {
            let hay = text(next(40))
            let needle = next(3) == 0 ? text(1 + next(3)) : String(hay.dropFirst(next(8)).prefix(1 + next(4)))
            let wholeWord = next(2) == 0
            let expected = Self.plainSearch(Array(needle.utf8), in: Array(hay.utf8), wholeWord: wholeWord)
            #expect(
                TextNormalization.firstOffset(of: needle, in: hay, wholeWord: wholeWord) == expected,
                "\(needle) in \(hay), whole word \(wholeWord)")
            if expected != nil { found += 1 }
        }
        #expect(found > 1_000, "the cases find something often enough to test the comparison")
    }

    /// `BytePairs` rules a needle out only when it is not in the text, and does rule most absent needles out.
    @Test func bytePairsRuleOutOnlyWhatIsAbsent() {
        let pieces = ["월", "세", "보증금", " ", "a", "apt", "s", "1", "/", "층", "é", "x", "😀"]
        var state: UInt64 = 0x1234_5678_9ABC_DEF1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text(_ length: Int) -> String { (0..<length).map { _ in pieces[next(pieces.count)] }.joined() }
        var (absent, ruledOut) = (0, 0)
        for _ in 0..<3_000 {
            let hay = text(next(12))
            let needle = next(2) == 0 ? text(next(4)) : String(hay.dropFirst(next(8)).prefix(next(5)))
            let present = TextNormalization.contains(hay, needle)
            let pairs = BytePairs(hay)
            if present { #expect(pairs.mayContain(needle), "\(needle) is in \(hay)") } else { absent += 1 }
            if !pairs.mayContain(needle) { ruledOut += 1 }
            #expect(BytePairs.of(hay).mayContain(needle) == pairs.mayContain(needle), "the kept pairs are the text's")
        }
        #expect(ruledOut * 2 > absent, "most absent needles are ruled out (\(ruledOut) of \(absent))")
    }

    /// With `plural`, the earliest of the whole word, its `s` form and (after s, x or h) its `es` form: as three
    /// plain searches would find, not the word first (`… apartments … Apartment` finds the first).
    @Test func findsTheEarliestOfAWordAndItsPlural() {
        let words = [
            "apt", "apts", "box", "boxes", "boxs", "a", "as", "ax", "axes", "sh", "shes", "x", "xs", "월", "apt1",
        ]
        let separators = [" ", " ", ",", "", "s", "e"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text(_ count: Int) -> String {
            (0..<count).map { _ in words[next(words.count)] + separators[next(separators.count)] }.joined()
        }
        var plurals = 0
        for _ in 0..<3_000 {
            let hay = text(next(8))
            let needle = ["apt", "box", "a", "ax", "sh", "x"][next(6)]
            let forms = [needle, needle + "s"] + (["s", "x", "h"].contains(needle.last) ? [needle + "es"] : [])
            let offsets = forms.compactMap { Self.plainSearch(Array($0.utf8), in: Array(hay.utf8), wholeWord: true) }
            let expected = offsets.min()
            let plain = Self.plainSearch(Array(needle.utf8), in: Array(hay.utf8), wholeWord: true)
            #expect(
                TextNormalization.firstOffset(of: needle, in: hay, wholeWord: true, plural: true) == expected,
                "\(needle) in \(hay)")
            if expected != plain { plurals += 1 }
        }
        #expect(plurals > 100, "the plural comes first often enough to test it")
    }
}
