import Desk
import Foundation
import ListingCore
import Storage

/// Numbers and dates for the pages: money in the listing's own terms, areas, a listing's line, highlighted text
/// (with the plain forms of `Desk`'s `Formatting`).
extension Formatting {
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

    static func value(_ value: FieldValue, spec: FieldSpec, currency: String, labels: Labels) -> String {
        switch (spec.type, value) {
        case (.money, .integer(let amount)): return money(amount, currency: currency)
        case (.area, .decimal(let metres)): return area(metres)
        case (.boolean, .boolean(let flag)): return flag ? labels.yes : labels.no
        case (.integer, .integer(let number)): return String(number)
        case (.halves, .decimal(let number)): return halves(number)
        case (.availability, .text("immediate")): return labels.immediately
        case (.availability, .text("negotiable")): return labels.byAgreement
        case (.enumeration, .text(let code)): return labels.choice(code)
        case (.options, .list(let codes)): return codes.map(labels.choice).joined(separator: ", ")
        default: return value.canonicalString()
        }
    }

    /// `23.1 m² (7평)`: square metres, and the pyeong Korean ads count in.
    static func area(_ metres: Double) -> String {
        "\(FieldValue.format(decimal: metres)) m² (\(FieldValue.format(decimal: metres / MeasureParser.squareMetresPerPyeong))평)"
    }

    /// What a person would write about a listing in a line: `월세 500/45 · 19.8 m² (6평) · 3/5층`,
    /// `전세 2억 3,000만원`, `$1,450/mo`, `450,000 ₩ (45만원) · like new`.
    static func summary(_ listing: Listing, labels: Labels) -> String {
        let fields = listing.fields
        let currency = fields[.currency]?.textValue ?? "KRW"
        func amount(_ name: FieldName) -> Int? {
            if case .integer(let value)? = fields[name] { return value }
            return nil
        }
        var parts: [String] = []
        switch listing.kind {
        case .realEstate:
            let inWon = currency == "KRW"
            switch fields[.dealType]?.textValue {
            case "monthly_rent"?, "short_term"?:
                let word = fields[.dealType]?.textValue == "short_term" ? "단기" : "월세"
                if inWon, let rent = amount(.monthlyRent) {
                    let deposit = amount(.deposit).map { grouped($0 / 10_000) } ?? "0"
                    parts.append("\(word) \(deposit)/\(grouped(rent / 10_000))")
                } else if let rent = amount(.monthlyRent) {
                    parts.append("\(money(rent, currency: currency))\(labels.perMonth)")
                } else {
                    parts.append(inWon ? word : labels.forRent)
                }
            case "jeonse"?:
                parts.append("전세" + (amount(.deposit).map { " " + korean($0) } ?? ""))
            case "sale"?:
                parts.append(
                    (inWon ? "매매" : labels.forSale)
                        + (amount(.price).map { " " + (inWon ? korean($0) : money($0, currency: currency)) } ?? "")
                )
            default:
                break
            }
            if case .decimal(let metres)? = fields[.areaM2] { parts.append(area(metres)) }
            if case .integer(let floor)? = fields[.floor] {
                parts.append(amount(.totalFloors).map { "\(floor)/\($0)층" } ?? "\(floor)층")
            }
        case .secondHand:
            if let price = amount(.price) { parts.append(price == 0 ? labels.free : money(price, currency: currency)) }
            if let condition = fields[.condition]?.textValue { parts.append(labels.choice(condition)) }
            if let brand = fields[.brand]?.textValue { parts.append(brand) }
        case .notListing:
            if let reason = fields[.reason]?.textValue { parts.append(reason) }
        }
        return parts.joined(separator: " · ")
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

    /// The source text, HTML-escaped, with each field's evidence wrapped in `<mark data-fields>`. Fields whose
    /// words are the same stretch of text (`500/45` for the deposit and the rent) share one mark, a field whose
    /// words lie inside another's is named on that mark, and each option is marked where the text names it.
    static func highlighted(
        _ text: String, evidence: [FieldName: String], options: [String] = []
    ) -> String {
        var spans: [(range: Range<String.Index>, fields: [FieldName])] = []
        func add(_ range: Range<String.Index>, _ field: FieldName) {
            if let index = spans.firstIndex(where: { $0.range == range || $0.range.contains(range) }) {
                if !spans[index].fields.contains(field) { spans[index].fields.append(field) }
            } else if !spans.contains(where: { $0.range.overlaps(range) }) {
                spans.append((range, [field]))
            }
        }
        // Longer evidence first, so that a shorter one inside it joins its mark.
        for (field, words) in evidence.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) })
        where !words.isEmpty {
            if let range = locate(words, in: text) { add(range, field) }
        }
        for option in options {
            let named = Synonyms.words(for: option, field: .options).filter { $0.count >= 2 }
                .compactMap { locate($0, in: text) }
                // The earliest, and of two starting together the longer (`붙박이장`, not `붙박이`): the same every run.
                .min {
                    ($0.lowerBound, text.distance(from: $1.lowerBound, to: $1.upperBound))
                        < ($1.lowerBound, text.distance(from: $0.lowerBound, to: $0.upperBound))
                }
            if let named { add(named, .options) }
        }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        var result = ""
        var cursor = text.startIndex
        var identified: Set<FieldName> = []
        for (range, fields) in spans {
            result += html(String(text[cursor..<range.lowerBound]))
            let names = fields.map(\.rawValue).joined(separator: " ")
            // Each field's first mark carries its id, for a link from the field.
            let id =
                fields.first { identified.insert($0).inserted }.map { " id=\"evidence-\(html($0.rawValue))\"" } ?? ""
            result += "<mark data-fields=\"\(html(names))\"\(id)>\(html(String(text[range])))</mark>"
            cursor = range.upperBound
        }
        result += html(String(text[cursor...]))
        return result
    }
}
