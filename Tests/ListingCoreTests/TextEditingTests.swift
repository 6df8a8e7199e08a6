import Foundation
import ListingCore
import Testing

/// `TextEditing` stands in for the standard library's and Foundation's lower-casing, trimming and replacing: the
/// same strings must come out, checked against the originals.
@Suite struct TextEditingTests {
    /// Every scalar of the first two planes, alone and between letters: lower-cased as `String.lowercased()` does.
    @Test func lowersEveryScalarAsTheStandardLibraryDoes() {
        var differing: [String] = []
        for value in UInt32(0)..<0x2_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "A" + String(Character(scalar)) + "ß"
            if TextEditing.lowercased(text) != text.lowercased() { differing.append(String(value, radix: 16)) }
        }
        #expect(differing.isEmpty, "scalars lowered otherwise: \(differing.prefix(20))")
        for text in ["ΣΑΣ ΟΔΟΣ", "İstanbul", "월세 50/1000 APT", "", "Ⅻ ＡＢＣ 😀", "e\u{0301}É\u{0301}"] {
            #expect(TextEditing.lowercased(text) == text.lowercased(), "\(text)")
            #expect(TextEditing.lowercased(text.dropFirst()) == String(text.dropFirst()).lowercased())
        }
    }

    /// `lowercasedIfNeeded` reads Hangul from its bytes to skip the work: the same string as lower-casing.
    @Test func lowersOnlyWhatNeedsIt() {
        let pieces = ["월세", "ㅋㅋ", "APT", "apt", "é", "É", "€", "꧁", "ꙁ", "Ꙁ", "1", " ", "😀", "ｱ", "Ａ", "中"]
        for text in Self.randomTexts(pieces, count: 3_000, seed: 0x5DEE_CE66_D1CE_4E5B) {
            #expect(TextNormalization.lowercasedIfNeeded(text) == text.lowercased(), "\(text)")
        }
    }

    static func randomTexts(_ pieces: [String], count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined() }
    }

    @Test func trimsAsFoundationDoes() {
        let pieces = [" ", "\t", "\n", "\u{00A0}", "\u{3000}", "\u{2009}", "a", "월", ":", "=", "-", "📍", "[", "]", "é"]
        for text in Self.randomTexts(pieces, count: 3_000, seed: 0x9E37_79B9_7F4A_7C15) {
            #expect(
                TextEditing.trimmingSpaces(text) == text.trimmingCharacters(in: .whitespaces),
                "\(text.debugDescription)")
            #expect(
                TextEditing.trimming(text, of: " :=-")
                    == text.trimmingCharacters(in: CharacterSet(charactersIn: " :=-")),
                "\(text.debugDescription)")
            // Foundation on Linux never trims a sign outside the first plane (📍: its `CharacterSet(charactersIn:)`
            // does not hold it): a plain set of the scalars, dropped from both ends, is the reference there.
            let pins = Set("[]📍".unicodeScalars)
            let scalars = text.unicodeScalars
            let kept = scalars.drop(while: pins.contains).reversed().drop(while: pins.contains).reversed()
            #expect(
                TextEditing.trimming(Substring(text), of: "[]📍") == String(String.UnicodeScalarView(kept)),
                "\(text.debugDescription)")
        }
        #expect(TextEditing.trimming("📍 역삼역", where: { $0 == "📍" || $0 == " " }) == "역삼역")
    }

    @Test func replacesAsFoundationDoes() {
        let pieces = [",", " ", "마", "넌", "만", "원", "1", "½", " 1/2", "/", "a", "aa", "층중"]
        let targets = [",", " ", "마넌", "½", " 1/2", "aa", "층중", "없는"]
        var replaced = 0
        for (index, text) in Self.randomTexts(pieces, count: 3_000, seed: 0x2545_F491_4F6C_DD1D).enumerated() {
            let target = targets[index % targets.count]
            let replacement = ["", " ", "만원", ".5"][index % 4]
            let expected = text.replacingOccurrences(of: target, with: replacement)
            #expect(TextEditing.replacing(target, with: replacement, in: text) == expected, "\(target) in \(text)")
            if expected != text { replaced += 1 }
        }
        #expect(replaced > 500, "the cases replace something often enough to test it")
    }
}
