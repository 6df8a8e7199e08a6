import Foundation
import ListingCore

/// Numbers and dates for the reader: thousands separators, money in the listing's own terms.
enum Formatting {
    static func grouped(_ number: Int) -> String {
        let digits = String(abs(number))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return number < 0 ? "-" + result : result
    }

    /// `5,000,000 ₩ (500만원)`, `$1,450`.
    static func money(_ amount: Int, currency: String) -> String {
        switch currency {
        case "KRW": return "\(grouped(amount)) ₩ (\(korean(amount)))"
        case "USD": return "$\(grouped(amount))"
        case "EUR": return "€\(grouped(amount))"
        default: return "\(grouped(amount)) \(currency)"
        }
    }

    /// 350000000 → `3억 5,000만원`; 500000 → `50만원`; 1200 → `1,200원`.
    static func korean(_ amount: Int) -> String {
        let eok = amount / 100_000_000
        let man = (amount % 100_000_000) / 10_000
        let won = amount % 10_000
        var parts: [String] = []
        if eok > 0 { parts.append("\(grouped(eok))억") }
        if man > 0 { parts.append("\(grouped(man))만") }
        if won > 0 || parts.isEmpty { parts.append(grouped(won)) }
        return parts.joined(separator: " ") + "원"
    }

    static func value(_ value: FieldValue, spec: FieldSpec, currency: String) -> String {
        switch (spec.type, value) {
        case (.money, .integer(let amount)): return money(amount, currency: currency)
        case (.area, .decimal(let metres)):
            return
                "\(FieldValue.format(decimal: metres)) m² (\(FieldValue.format(decimal: metres / MeasureParser.squareMetresPerPyeong))평)"
        case (.boolean, .boolean(let flag)): return flag ? "Yes" : "No"
        case (.integer, .integer(let number)): return String(number)
        default: return value.canonicalString()
        }
    }

    /// `2026-11-23T08:05:15Z`. ISO8601FormatStyle is a value type, safe to use from concurrent requests (the old
    /// formatter classes are not documented as such).
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// `2026-11-23 08:05 UTC`, for pages.
    static func timestamp(_ date: Date) -> String {
        let iso = iso(date)
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
    }

    static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Where evidence stands in the text: exactly, or else after width and whitespace folding (a model or the
    /// offline extractor may write `19.8m2` for `19.8㎡`, or join lines).
    static func locate(_ evidence: String, in text: String) -> Range<String.Index>? {
        if let exact = text.range(of: evidence) { return exact }
        let target = Array(TextNormalization.key(evidence).replacingOccurrences(of: " ", with: ""))
        guard !target.isEmpty else { return nil }
        var folded: [Character] = []
        var origins: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if !character.isWhitespace {
                for piece in TextNormalization.key(String(character)) where !piece.isWhitespace {
                    folded.append(piece)
                    origins.append(index)
                }
            }
            index = text.index(after: index)
        }
        guard folded.count >= target.count else { return nil }
        for start in 0...(folded.count - target.count) where folded[start] == target[0] {
            if Array(folded[start..<(start + target.count)]) == target {
                let end = origins[start + target.count - 1]
                return origins[start]..<text.index(after: end)
            }
        }
        return nil
    }

    /// The source text, HTML-escaped, with each field's evidence wrapped in `<mark data-field>`.
    static func highlighted(_ text: String, evidence: [FieldName: String]) -> String {
        var spans: [(Range<String.Index>, FieldName)] = []
        // Longer evidence first: it says more, and a shorter overlapping one (`월세` inside `월세 500/45`) adds nothing.
        for (field, words) in evidence.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) })
        where !words.isEmpty {
            guard let range = locate(words, in: text) else { continue }
            if spans.contains(where: { $0.0.overlaps(range) }) { continue }
            spans.append((range, field))
        }
        spans.sort { $0.0.lowerBound < $1.0.lowerBound }
        var result = ""
        var cursor = text.startIndex
        for (range, field) in spans {
            result += html(String(text[cursor..<range.lowerBound]))
            result +=
                "<mark data-field=\"\(html(field.rawValue))\" id=\"evidence-\(html(field.rawValue))\">\(html(String(text[range])))</mark>"
            cursor = range.upperBound
        }
        result += html(String(text[cursor...]))
        return result
    }
}
