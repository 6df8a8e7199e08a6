import Foundation
import ListingCore

/// Our guard against invented values: a value's `evidence` must occur in the listing, and must state its number.
public struct EvidenceCheck: Sendable {
    let foldedText: String

    public init(listingText: String) {
        foldedText = TextNormalization.key(listingText)
    }

    /// Whether the evidence occurs in the listing, after whitespace and width folding.
    public func occurs(_ evidence: String) -> Bool {
        let folded = TextNormalization.key(evidence)
        if folded.isEmpty { return true }
        if TextNormalization.contains(foldedText, folded) { return true }
        // Models join lines and drop spaces; `...` marks an elision: each part must occur.
        let compactText = String(foldedText.unicodeScalars.filter { $0 != " " })
        let parts = folded.components(separatedBy: "...").flatMap { $0.components(separatedBy: "…") }
            .map { $0.replacingOccurrences(of: " ", with: "") }.filter { !$0.isEmpty }
        return !parts.isEmpty && parts.allSatisfy { TextNormalization.contains(compactText, $0) }
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
                if let money = MoneyParser.parse(candidate, bareUnit: 1), money.amount * 10_000 == amount {
                    return true
                }
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
        case (.halves, .decimal(let number)):
            // `1.5 baths`, `1½`, `1 1/2`; a whole count as a count is written (`two baths`, `욕실 2개`).
            let written = evidence.replacingOccurrences(of: "½", with: ".5").replacingOccurrences(
                of: " 1/2", with: ".5")
            if figures(in: written).contains(where: { MeasureParser.halves($0) == number }) { return true }
            guard number.rounded() == number, abs(number) < 1e6 else { return false }
            return supports(
                .integer(Int(number)), spec: FieldSpec(spec.name, .integer(0...1_000_000), label: spec.label),
                evidence: evidence)
        case (.integer, .integer(let number)):
            let folded = TextNormalization.key(evidence)
            // A whole number of the words, not digits inside another (the 2 of 2021 is not a quantity of two).
            if wholeNumbers(in: folded).contains(abs(number)) { return true }
            if let counted = MeasureParser.count(folded), counted == number { return true }
            if numberWords.contains(where: { folded.contains($0.word) && $0.value == number }) { return true }
            if number < 0 && ["지하", "basement"].contains(where: { TextNormalization.contains(folded, $0) }) {
                return true
            }
            if let floors = MeasureParser.floor(folded), floors.floor == number || floors.total == number {
                return true
            }
            return false
        default:
            return true
        }
    }

    /// Numbers written as words, counts and ordinals alike (`two bedrooms`, `second floor`, `방 두 개`).
    static let numberWords: [(word: String, value: Int)] = [
        ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7), ("eight", 8),
        ("nine", 9), ("ten", 10), ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5),
        ("sixth", 6), ("seventh", 7), ("eighth", 8), ("ninth", 9), ("tenth", 10), ("single", 1), ("double", 2),
        ("한 ", 1), ("두 ", 2), ("세 ", 3), ("네 ", 4), ("한개", 1), ("두개", 2), ("세개", 3), ("네개", 4),
    ]

    /// The whole numbers written in a text: each run of digits, and runs joined by thousands separators
    /// (`1,380` → 1, 380 and 1380).
    public static func wholeNumbers(in text: String) -> [Int] {
        var numbers: [Int] = []
        var run = ""
        var joined = ""
        func flush() {
            if let number = Int(run) { numbers.append(number) }
            if joined != run, let number = Int(joined) { numbers.append(number) }
            run = ""
            joined = ""
        }
        var previous: Character?
        for character in TextNormalization.key(text) {
            if character.isASCII && character.isNumber {
                run.append(character)
                joined.append(character)
            } else if character == ",", previous?.isNumber == true, !joined.isEmpty {
                if let number = Int(run) { numbers.append(number) }
                run = ""
            } else {
                flush()
            }
            previous = character
        }
        flush()
        return numbers
    }

    /// The figures in a piece of text with the units that follow them: `보증금 1000/월 50` → `1000`, `50`;
    /// `3억 5천` → `3억 5천`; `$1,450` → `$1,450`. A hand-written scan: this runs for every value with evidence.
    static func figures(in text: String) -> [String] {
        let characters = Array(TextNormalization.key(text))
        var results: [String] = []
        var index = 0
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        func isKoreanDigit(_ c: Character) -> Bool {
            c.unicodeScalars.count == 1 && MoneyParser.koreanDigits[c.unicodeScalars.first!] != nil
        }
        func isUnit(_ c: Character) -> Bool { "억천만백십".contains(c) }
        while index < characters.count {
            let c = characters[index]
            let startsFigure =
                isDigit(c)
                || (c == "$" && index + 1 < characters.count
                    && (isDigit(characters[index + 1]) || characters[index + 1] == " "))
                || (isKoreanDigit(c) && index + 1 < characters.count && isUnit(characters[index + 1]))
            guard startsFigure else {
                index += 1
                continue
            }
            var end = index + 1
            while end < characters.count {
                let d = characters[end]
                if isDigit(d) || d == "," || d == "." || isUnit(d)
                    || isKoreanDigit(d) && end + 1 < characters.count && isUnit(characters[end + 1])
                {
                    end += 1
                } else if d == " ", end + 1 < characters.count,
                    isUnit(characters[end + 1]) || isDigit(characters[end + 1]) && isUnit(characters[end - 1])
                        || isUnit(characters[end - 1]) && isKoreanDigit(characters[end + 1])
                            && end + 2 < characters.count && isUnit(characters[end + 2])
                {
                    end += 1
                } else {
                    break
                }
            }
            // A unit right after the figure: 원, k, 평, m2, sq ft.
            let tail = String(characters[end..<min(characters.count, end + 6)])
            for unit in ["원", "k", "평", "m2", " sq ft", "sq ft", "sqft", " sqft", " 평"] where tail.hasPrefix(unit) {
                end += unit.count
                break
            }
            let figure = String(characters[index..<end]).trimmingCharacters(in: CharacterSet(charactersIn: " ,."))
            if !figure.isEmpty { results.append(figure) }
            index = end
        }
        return results
    }
}
