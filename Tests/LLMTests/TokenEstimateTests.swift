import Testing

@testable import LLM

/// The rough token count for text no tokenizer has seen: a quarter of a token for each ASCII character, 0.7 for any
/// other character (a Unicode scalar), rounded up.
@Suite struct TokenEstimateTests {
    /// The count as its definition reads, in exact hundredths.
    func byDefinition(_ text: String) -> Int {
        let hundredths = text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 25 : 70) }
        return (hundredths + 99) / 100
    }

    @Test func countsAQuarterForASCIIAndSevenTenthsForAnyOtherCharacter() {
        #expect(TokenUsage.estimate("") == 0)
        #expect(TokenUsage.estimate("abcd") == 1)
        #expect(TokenUsage.estimate("abcde") == 2)
        #expect(TokenUsage.estimate("보증금") == 3, "2.1 rounds up")
        #expect(TokenUsage.estimate(String(repeating: "방", count: 10)) == 7, "exactly 7, not 7.000…1")
        #expect(TokenUsage.estimate("😀é") == 2, "a four-byte and a two-byte character, one scalar each")
    }

    @Test func agreesWithTheDefinitionOnMixedTexts() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", " ", "\n", "방", "é", "😀", "\u{0301}", "25평", "$1,200/mo", "<", "&amp;"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(TokenUsage.estimate(text) == byDefinition(text), "\(text.debugDescription)")
        }
    }
}
