import Foundation

/// An amount of money as written by a person, read into whole currency units.
public struct MoneyAmount: Sendable, Hashable {
    public var amount: Int
    /// The currency the text names (`$`, `원`, `EUR`), or nil when it names none.
    public var currency: String?
    /// Whether the text itself gave the scale (`만`, `억`, `원`, `k`, a currency sign) rather than a bare number.
    public var hasExplicitUnit: Bool
}

/// Reads money the way people write it: `50만원`, `1억 2천`, `3억5천만원`, `2.5억`, `삼백`, `１０００`, `$1,450`, `1.2k`.
public enum MoneyParser {
    /// Parses `text` as one amount. `bareUnit` scales a number written with no unit at all: Korean rent ads quote
    /// 만원 without saying so, so an extractor reading `보증금 1000` passes 10_000; a canonical reply value passes 1.
    public static func parse(_ text: String, bareUnit: Int = 1) -> MoneyAmount? {
        // The common case, a plain number, needs none of the work below.
        if let plain = Int(text), plain >= 0, plain <= Int.max / max(1, bareUnit) {
            return MoneyAmount(amount: plain * bareUnit, currency: nil, hasExplicitUnit: false)
        }
        var body = TextNormalization.key(text)
        // `6마넌` is chat for 6만원.
        if TextNormalization.contains(body, "마넌") { body = TextEditing.replacing("마넌", with: "만원", in: body) }
        var currency: String?
        for (marks, code) in currencyMarks {
            for mark in marks where TextNormalization.contains(body, mark) {
                currency = currency ?? code
                body = TextEditing.replacing(mark, with: " ", in: body)
            }
        }
        for noise in noiseWords where TextNormalization.contains(body, noise) {
            body = TextEditing.replacing(noise, with: " ", in: body)
        }
        body = TextEditing.trimming(body, of: " .~:=/()")
        guard !body.isEmpty else { return nil }

        if body.unicodeScalars.contains(where: { koreanUnitScalars.contains($0) || koreanDigits[$0] != nil }) {
            guard let korean = parseKorean(body, bareUnit: bareUnit) else { return nil }
            return MoneyAmount(
                amount: korean.amount, currency: currency, hasExplicitUnit: korean.explicit || currency != nil)
        }
        guard let western = parseWestern(body) else { return nil }
        let explicit = western.explicit || currency != nil
        let scaled = explicit ? western.value : western.value * Double(bareUnit)
        guard let amount = wholeUnits(scaled) else { return nil }
        return MoneyAmount(amount: amount, currency: currency, hasExplicitUnit: explicit)
    }

    static let currencyMarks: [([String], String)] = [
        (["us$", "usd", "dollars", "dollar", "$"], "USD"),
        (["eur", "euros", "euro", "€"], "EUR"),
        (["gbp", "£", "pounds"], "GBP"),
        (["jpy", "円", "엔", "¥", "yen"], "JPY"),
        (["krw", "₩", "won", "원"], "KRW"),
    ]

    static let noiseWords = [
        "약", "대략", "정도", "approximately", "approx.", "approx", "about", "around", "per month", "a month",
        "/month", "/mo", "per mo", "monthly", "obo", "firm", "only", "씩", "(", ")",
    ]

    public static let koreanDigits: [Unicode.Scalar: Int] = [
        "영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9,
    ]
    static let smallUnits: [Unicode.Scalar: Double] = ["십": 10, "백": 100, "천": 1_000]
    static let bigUnits: [Unicode.Scalar: Double] = ["만": 1e4, "억": 1e8, "조": 1e12]
    static let koreanUnitScalars: Set<Unicode.Scalar> = ["십", "백", "천", "만", "억", "조"]

    /// Korean place-value reading. A remainder written after 억 with no 만 is in 만 (`1억 2천` = 1억 2천만,
    /// `1억 2000` = 1억 2000만), as Korean price quotes always mean, except one or two bare digits, which are the
    /// 억's decimals (`1억2` = 1.2억, `1억25` = 1.25억); a number with no unit at all is scaled by `bareUnit`.
    static func parseKorean(_ body: String, bareUnit: Int) -> (amount: Int, explicit: Bool)? {
        var total = 0.0
        var section = 0.0
        var current: Double?
        var lastBig: Double?
        var explicit = false
        var number = ""
        // The digits of the last number when nothing followed it yet (`2` in `1억2`).
        var bareDigits: Int?

        func flushNumber() -> Bool {
            guard !number.isEmpty else { return true }
            let cleaned = TextEditing.replacing(",", with: "", in: number)
            bareDigits = cleaned.allSatisfy(\.isNumber) ? cleaned.count : nil
            number = ""
            guard let value = Double(cleaned) else { return false }
            current = value
            return true
        }

        for scalar in body.unicodeScalars {
            if ("0"..."9").contains(scalar) || scalar == "." || scalar == "," {
                number.unicodeScalars.append(scalar)
                continue
            }
            guard flushNumber() else { return nil }
            if scalar != " " { bareDigits = nil }
            if let digit = koreanDigits[scalar] {
                current = Double(digit)
            } else if let unit = smallUnits[scalar] {
                section += (current ?? 1) * unit
                current = nil
                explicit = true
            } else if let unit = bigUnits[scalar] {
                section += current ?? 0
                if section == 0 { section = 1 }
                // Big units descend (`1억 2천만`); `5만 1억` or `1억 2억` is two amounts written together.
                if let lastBig, unit >= lastBig { return nil }
                total += section * unit
                section = 0
                current = nil
                lastBig = unit
                explicit = true
            } else if scalar == " " {
                continue
            } else {
                return nil
            }
        }
        guard flushNumber() else { return nil }
        if lastBig == 1e8, section == 0, let digits = bareDigits, digits <= 2, let decimals = current {
            // `1억2`, `3억 5`, `1억25`: decimals of the 억.
            total += decimals * (digits == 1 ? 1e7 : 1e6)
            current = nil
        }
        section += current ?? 0
        // What follows the last big unit is less than one of the next unit down (`42만 5천`, `1억 2000` = 2000만):
        // `42만원450000` is an amount typed in front of another, not their sum.
        if let lastBig, section >= (lastBig > 1e4 ? 1e4 : lastBig) { return nil }
        if let lastBig, lastBig > 1e4 {
            total += section * 1e4
        } else if lastBig != nil {
            total += section
        } else {
            total += section * Double(bareUnit)
        }
        guard let amount = wholeUnits(total) else { return nil }
        return (amount, explicit)
    }

    /// `1,450`, `1.2k`, `3.5m`, `950000`.
    static func parseWestern(_ body: String) -> (value: Double, explicit: Bool)? {
        var text = TextEditing.replacing(" ", with: "", in: body)
        var multiplier = 1.0
        for (suffix, scale) in [
            ("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("mil", 1e6), ("bn", 1e9),
            ("k", 1e3), ("m", 1e6), ("b", 1e9),
        ] where text.hasSuffix(suffix) {
            multiplier = scale
            text.removeLast(suffix.count)
            break
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }),
            text.first?.isNumber == true
        else { return nil }
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            // Thousands separators: every group after the first has three digits (before any decimal point).
            for group in groups.dropFirst() {
                let digits = group.split(separator: ".", maxSplits: 1).first ?? ""
                guard digits.count == 3 else { return nil }
            }
        }
        guard let value = Double(TextEditing.replacing(",", with: "", in: text)) else { return nil }
        return (value * multiplier, multiplier != 1)
    }

    static func wholeUnits(_ value: Double) -> Int? {
        guard value.isFinite, value >= 0, value < 9e17 else { return nil }
        return Int(value.rounded())
    }
}
