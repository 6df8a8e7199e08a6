import Foundation

/// Random inputs for the fuzz tests: texts built from fragments that reach the odd corners of a reader (units, signs,
/// separators, huge numbers, Hangul numerals, entities), mixed with arbitrary Unicode scalars. Seeded, so that a
/// failure names its seed and input and can be replayed. The count comes from `LISTINGDESK_FUZZ_COUNT`: a short run by
/// default (CI), a long one by hand (`LISTINGDESK_FUZZ_COUNT=1000000 scripts/test --filter Fuzz`).
public struct Fuzz: Sendable {
    public static var count: Int {
        ProcessInfo.processInfo.environment["LISTINGDESK_FUZZ_COUNT"].flatMap(Int.init) ?? 3_000
    }

    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["LISTINGDESK_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_130
    }

    /// Fragments that readers of listing values react to.
    public static let valueFragments = [
        "0", "1", "5", "9", "10", "500", "1,000", "3.5", ".", ",", "-", "+", "e", "E", "1e400", "99999999999999999999",
        "억", "만", "천", "원", "만원", "삼억", "오천", "$", "USD", "k", "K", "€", "円", "평", "㎡", "m2", "m²", "sq ft",
        "sqft", "ft2", "층", "B", "b1", "지하", "반지하", "고층", "/", "중", "총", "년", "월", "일", "다음 달", "초", "말",
        "즉시", "협의", "immediate", "now", "Jan", "2026-", "12-", "31", "13", "-00", "입주", "가능", "불가", "yes", "no",
        "없음", "N/A", "null", "true", "false", " ", "\t", "\n", "１２", "０", "\u{0}", "\u{301}", "\u{200D}", "🏠", "%",
        "NaN", "inf", "-inf", "0x10", "에어컨", "tv", ";", "&", "<", "\"",
    ]

    var state: UInt64

    public init(seed: UInt64 = Fuzz.seed) {
        state = seed
    }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func int(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    /// Up to `maxParts` pieces: mostly fragments, sometimes an arbitrary scalar.
    public mutating func text(from fragments: [String], maxParts: Int = 12) -> String {
        var result = ""
        for _ in 0..<int(below: maxParts + 1) {
            if int(below: 6) == 0 {
                let code = UInt32(int(below: 0x11_0000))
                result.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            } else {
                result += fragments[int(below: fragments.count)]
            }
        }
        return result
    }

    /// Arbitrary bytes, `length` at most.
    public mutating func bytes(maxLength: Int) -> [UInt8] {
        (0..<int(below: maxLength + 1)).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
