import Foundation
import ListingCore

/// Our guard against invented values: a value's `evidence` must occur in the listing, and must state its number.
public struct EvidenceCheck: Sendable {
    let foldedText: String
    let compactText: String

    public init(listingText: String) {
        foldedText = TextNormalization.key(listingText)
        compactText = foldedText.replacingOccurrences(of: " ", with: "")
    }

    /// Whether the evidence occurs in the listing, after whitespace and width folding.
    public func occurs(_ evidence: String) -> Bool {
        let folded = TextNormalization.key(evidence)
        if folded.isEmpty { return true }
        if foldedText.contains(folded) { return true }
        // Models join lines and drop spaces; `...` marks an elision: each part must occur.
        let parts = folded.components(separatedBy: "...").flatMap { $0.components(separatedBy: "…") }
            .map { $0.replacingOccurrences(of: " ", with: "") }.filter { !$0.isEmpty }
        return !parts.isEmpty && parts.allSatisfy { compactText.contains($0) }
    }

    /// Whether the evidence states this number: some figure in it, read with the units it carries (or 만원, as
    /// Korean rent quotes are), gives the value.
    public static func supports(_ value: FieldValue, spec: FieldSpec, evidence: String) -> Bool {
        switch (spec.type, value) {
        case (.money, .integer(let amount)):
            if amount == 0 { return true }
            let candidates = figures(in: evidence)
            for candidate in candidates {
                for unit in [1, 10_000] {
                    if let money = MoneyParser.parse(candidate, bareUnit: unit), money.amount == amount { return true }
                }
                // A shorthand like `5천` for 5천만 in a deposit.
                if let money = MoneyParser.parse(candidate, bareUnit: 1), money.amount * 10_000 == amount { return true }
            }
            return false
        case (.area, .decimal(let metres)):
            for candidate in figures(in: evidence) {
                if let area = MeasureParser.area(candidate), abs(area - metres) <= 1 { return true }
                for suffix in ["평", "sqft", "m2"] {
                    if let area = MeasureParser.area(candidate + suffix), abs(area - metres) <= 1 { return true }
                }
            }
            return false
        case (.integer, .integer(let number)):
            let folded = TextNormalization.key(evidence)
            if folded.contains(String(abs(number))) { return true }
            if let counted = MeasureParser.count(folded), counted == number { return true }
            if number < 0 && (folded.contains("반지하") || folded.contains("지하") || folded.contains("basement")) { return true }
            if let floors = MeasureParser.floor(folded), floors.floor == number || floors.total == number { return true }
            return false
        default:
            return true
        }
    }

    /// The figures in a piece of text with the units that follow them: `보증금 1000/월 50` → `1000`, `50`;
    /// `3억 5천` → `3억 5천`; `$1,450` → `$1,450`.
    static func figures(in text: String) -> [String] {
        let folded = TextNormalization.key(text)
        var results: [String] = []
        for match in folded.matches(of: /\$?\s?[0-9일이삼사오육칠팔구십백천][0-9,.]*(?:\s?[억천만백십]+\s?[0-9,.]*)*(?:\s?[억천만백십원])*(?:k|\s?sq\s?ft|sqft|평|m2)?/) {
            let figure = String(match.output).trimmingCharacters(in: .whitespaces)
            if figure.contains(where: \.isNumber) || figure.unicodeScalars.contains(where: { MoneyParser.koreanDigits[$0] != nil }) {
                results.append(figure)
            }
        }
        return results
    }
}
