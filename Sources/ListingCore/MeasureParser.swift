import Foundation

/// Reads areas, floors, counts, yes/no words and dates as people write them.
public enum MeasureParser {
    public static let squareMetresPerPyeong = 3.305785
    public static let squareMetresPerSquareFoot = 0.09290304

    /// `25평` → 82.6, `84㎡`, `84 m2`, `650 sq ft` → 60.4, `84` → 84.0 (a bare number is square metres).
    public static func area(_ text: String) -> Double? {
        var body = TextNormalization.key(text)
        for noise in [",", "약", "about", "approx.", "approx", "~", "전용", "공급", "실평수", "실", "면적", ":"]
        where TextNormalization.contains(body, noise) {
            body = TextEditing.replacing(noise, with: noise == "," ? "" : " ", in: body)
        }
        body = TextEditing.trimmingSpaces(body)
        var number = ""
        var index = body.startIndex
        while index < body.endIndex, body[index].isASCII, body[index].isNumber || body[index] == "." {
            number.append(body[index])
            index = body.index(after: index)
        }
        guard let value = Double(number), value > 0 else { return nil }
        let unit = TextEditing.trimmingSpaces(body[index...])
        let metres: Double
        switch unit {
        case "", "m2", "m^2", "sqm", "sq m", "square meters", "square metres", "제곱미터", "m 2", "㎡":
            metres = value
        case "평", "평형", "py", "p", "pyeong", "평정도":
            metres = value * squareMetresPerPyeong
        case "sq ft", "sqft", "sq. ft.", "sq.ft.", "sq ft.", "sq.ft", "square feet", "sf", "ft2", "ft^2", "feet":
            metres = value * squareMetresPerSquareFoot
        default:
            return nil
        }
        return roundedToTenth(metres)
    }

    public static func roundedToTenth(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    /// `3층` → 3, `B1`/`지하1층`/`반지하` → -1, `3/15층` → (3, 15), `15층 중 11층` → (11, 15).
    /// `고층` and other words that are not a number give nil. Hand-written: this runs for every floor value read.
    public static func floor(_ text: String) -> (floor: Int?, total: Int?)? {
        let body = String(TextNormalization.key(text).unicodeScalars.filter { $0 != " " })
        if ["반지하", "semi-basement", "semibasement"].contains(where: { TextNormalization.contains(body, $0) }) {
            return (-1, nil)
        }
        // "15층중11층", "총15층중11층": the total comes first.
        if let middle = body.range(of: "층중") {
            var before = body[..<middle.lowerBound]
            if before.hasPrefix("총") { before = before.dropFirst() }
            let after = body[middle.upperBound...]
            let floorDigits = after.prefix { $0.isASCII && $0.isNumber }
            let rest = after.dropFirst(floorDigits.count)
            guard let total = Int(before), let floor = Int(floorDigits), rest.isEmpty || rest == "층" else { return nil }
            return (floor, total)
        }
        let sides = body.split(separator: "/", omittingEmptySubsequences: false)
        if sides.count == 2 {
            var totalSide = sides[1]
            for prefix in ["총", "지상"] where totalSide.hasPrefix(prefix) {
                totalSide = totalSide.dropFirst(prefix.count)
            }
            guard let floor = floorNumber(sides[0]), let total = floorNumber(totalSide), total > 0 else { return nil }
            return (floor, total)
        }
        if let floor = floorNumber(body[...]) { return (floor, nil) }
        if ["ground", "groundfloor", "일층"].contains(body) { return (1, nil) }
        return nil
    }

    /// `3`, `3층`, `3f`, `3rd`, `b1`, `지하1층`, `-1` → the floor number.
    static func floorNumber(_ token: Substring) -> Int? {
        var rest = token
        var negative = false
        for prefix in ["b", "지하", "-"] where rest.hasPrefix(prefix) {
            negative = true
            rest = rest.dropFirst(prefix.count)
            break
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 4, let number = Int(digits) else { return nil }
        let suffix = rest.dropFirst(digits.count)
        guard
            ["", "층", "f", "th", "st", "nd", "rd", "floor", "thfloor", "stfloor", "ndfloor", "rdfloor"].contains(suffix)
        else {
            return nil
        }
        return negative ? -number : number
    }

    /// The first whole number in the text, or a word that means one: `방3` → 3, `3개` → 3, `투룸` → 2, `studio` → 1.
    public static func count(_ text: String) -> Int? {
        let body = TextNormalization.key(text)
        for (word, value) in countWords where word.first!.isASCII ? body == word : body.contains(word) {
            return value
        }
        let characters = Array(body)
        guard let start = characters.firstIndex(where: { $0.isASCII && $0.isNumber }) else { return nil }
        var end = start
        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
        if end + 1 < characters.count, characters[end] == ".", characters[end + 1].isNumber { return nil }
        guard let number = Int(String(characters[start..<end])) else { return nil }
        return start > 0 && characters[start - 1] == "-" ? -number : number
    }

    /// A count in halves as people write it: `1.5 baths`, `1½`, `1 1/2`, `욕실 2개`, `two`. Nil when no number is
    /// there; whether it is a whole number of halves is the caller's check.
    public static func halves(_ text: String) -> Double? {
        // `½` before the key folds it to `1⁄2`, which would join the digit before it (`1½` is not 11⁄2).
        let written = TextEditing.replacing(" 1/2", with: ".5", in: TextEditing.replacing("½", with: ".5", in: text))
        let body = TextNormalization.key(written)
        let characters = Array(body)
        guard let start = characters.firstIndex(where: { $0.isASCII && $0.isNumber }) else {
            return count(text).map(Double.init)
        }
        var end = start
        while end < characters.count, characters[end].isASCII, characters[end].isNumber || characters[end] == "." {
            end += 1
        }
        guard let number = Double(String(characters[start..<end])) else { return nil }
        return start > 0 && characters[start - 1] == "-" ? -number : number
    }

    static let countWords: [(String, Int)] = [
        ("원룸", 1), ("투룸", 2), ("쓰리룸", 3), ("포룸", 4), ("studio", 1), ("one", 1), ("two", 2), ("three", 3),
        ("four", 4), ("five", 5),
    ]

    /// `true`/`yes`/`가능`/`O` and `false`/`no`/`불가`/`X`. Anything else is nil.
    public static func boolean(_ text: String) -> Bool? {
        let key = TextNormalization.key(text).trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        if trueWords.contains(key) { return true }
        if falseWords.contains(key) { return false }
        return nil
    }

    static let trueWords: Set<String> = [
        "true", "yes", "y", "t", "1", "가능", "가능함", "가능해요", "o", "○", "있음", "있어요", "있습니다", "허용", "ok", "okay",
        "allowed", "available", "included", "됨", "네", "예", "on", "checked",
    ]
    static let falseWords: Set<String> = [
        "false", "no", "n", "f", "0", "불가", "불가능", "불가함", "x", "×", "안됨", "안돼요", "not allowed", "금지",
        "not available", "off", "no pets", "없어요",
    ]

    /// A move-in date: `YYYY-MM-DD`, `YYYY-MM`, `2027년 1월 15일`, `12월 1일` (resolved against the day pasted),
    /// `즉시` → `immediate`, `협의` → `negotiable`.
    public static func availability(_ text: String, pastedOn: LocalDate) -> String? {
        let key = TextNormalization.key(text)
        let compact = String(key.unicodeScalars.filter { $0 != " " })
        if [
            "immediate", "immediately", "now", "asap", "즉시", "즉시입주", "즉시입주가능", "바로", "바로입주", "공실", "available now",
            "move-in ready", "right away",
        ].contains(where: { compact == $0.replacingOccurrences(of: " ", with: "") })
            || compact.hasPrefix("즉시")
        {
            return "immediate"
        }
        if ["협의", "조율", "negotiable", "flexible"].contains(where: { TextNormalization.contains(compact, $0) })
            || compact == "tbd"
        {
            return "negotiable"
        }
        if let match = compact.firstMatch(of: DatePatterns.numeric) {
            return date(year: Int(match.1), month: Int(match.2), day: match.3.flatMap { Int($0) })
        }
        if let match = compact.firstMatch(of: DatePatterns.korean) {
            let month = Int(match.2) ?? 0
            let day = match.3.flatMap { Int($0) }
            let year = match.1.flatMap { Int($0) } ?? resolveYear(month: month, day: day ?? 1, pastedOn: pastedOn)
            return date(year: year, month: month, day: day)
        }
        if let match = key.firstMatch(of: DatePatterns.english) {
            let month = monthNames.firstIndex(of: String(match.1))! + 1
            let day = match.2.flatMap { Int($0) }
            let year = match.3.flatMap { Int($0) } ?? resolveYear(month: month, day: day ?? 1, pastedOn: pastedOn)
            return date(year: year, month: month, day: day)
        }
        if let match = compact.firstMatch(of: DatePatterns.slashed) {
            let month = Int(match.1) ?? 0
            let day = Int(match.2) ?? 0
            let year = match.3.flatMap { Int($0) } ?? resolveYear(month: month, day: day, pastedOn: pastedOn)
            return date(year: year, month: month, day: day)
        }
        return nil
    }

    /// The date patterns, made once: a regex literal is built anew each time its line runs, and building them was
    /// a tenth of the offline extractor's time (docs/PERFORMANCE.md).
    enum DatePatterns {
        nonisolated(unsafe) static let numeric = /^(\d{4})[-.\/](\d{1,2})(?:[-.\/](\d{1,2}))?\.?$/
        nonisolated(unsafe) static let korean = /(?:(\d{4})년)?(\d{1,2})월(?:(\d{1,2})일)?/
        nonisolated(unsafe) static let english =
            /(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})?(?:st|nd|rd|th)?,?\s*(\d{4})?/
        nonisolated(unsafe) static let slashed = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// A month and day with no year is the next such day on or after the day pasted.
    static func resolveYear(month: Int, day: Int, pastedOn: LocalDate) -> Int {
        if (month, day) < (pastedOn.month, pastedOn.day) && month < pastedOn.month { return pastedOn.year + 1 }
        return pastedOn.year
    }

    static func date(year: Int?, month: Int?, day: Int?) -> String? {
        guard let year, let month, (1...12).contains(month), (1900...2200).contains(year) else { return nil }
        if let day {
            return LocalDate(year: year, month: month, day: day)?.description
        }
        return "\(LocalDate.pad(year, 4))-\(LocalDate.pad(month, 2))"
    }
}
