import Foundation
import ListingCore

/// Grades each extracted value by how well the listing's words back it (`EvidenceGrade`), with the reason a person
/// reads beside a value that is not plainly stated. A model that fills a field the listing does not state usually
/// quotes real words that do not say the value ("Tenant pays gas" for a monthly rent, "1 fl ounce" for a size), so
/// the words are checked against the value, not only found in the text.
public struct EvidenceGrader: Sendable {
    let check: EvidenceCheck
    /// The whole listing, for values given without evidence and for words the evidence leaves out.
    let listing: Words
    let listingText: String

    public init(listingText: String) {
        check = EvidenceCheck(listingText: listingText)
        listing = Words(listingText)
        self.listingText = listingText
    }

    public struct Grade: Sendable, Hashable {
        public var grade: EvidenceGrade
        /// Why the value is not `stated`, for the person.
        public var reason: String?

        static let stated = Grade(grade: .stated, reason: nil)
        static func inferred(_ reason: String) -> Grade { Grade(grade: .inferred, reason: reason) }
        static func unsupported(_ reason: String) -> Grade { Grade(grade: .unsupported, reason: reason) }
    }

    public func grade(_ value: FieldValue, spec: FieldSpec, evidence: String?) -> Grade {
        let name = spec.name
        if name == .title || name == .reason { return .stated }
        if let shape = Self.shapeProblem(value, name: name) { return shape }
        if name == .currency, value == .text("USD"), let other = otherDollar() {
            return .inferred("The text writes $ and names a place where the dollar is \(other): check which it is.")
        }
        guard let evidence, !TextNormalization.trimmed(evidence).isEmpty else {
            return withoutEvidence(value, spec: spec)
        }
        guard check.occurs(evidence) else {
            return .unsupported("The words given for it (“\(evidence)”) are not in the text.")
        }
        return says(Words(evidence), evidence: evidence, value: value, spec: spec)
    }

    /// Values whose form is not the field's, whatever the words: a list where one is wanted, a size that is a
    /// volume or a dimension, a model that is a description.
    static func shapeProblem(_ value: FieldValue, name: FieldName) -> Grade? {
        guard case .text(let text) = value else { return nil }
        switch name {
        case .brand, .model, .size:
            if text.rangeOfCharacter(from: CharacterSet(charactersIn: ",、;")) != nil {
                return .unsupported("Several values in one field: the listing offers more than one, so give none.")
            }
            if name == .size && !Self.looksLikeSize(text) {
                return .unsupported("“\(text)” is not a clothing or shoe size.")
            }
            if name == .model && Self.describesAnItem(text) {
                return .inferred("“\(text)” describes the item rather than naming its model.")
            }
            return nil
        default:
            return nil
        }
    }

    /// Whether the words (found in the text) state the value.
    func says(_ words: Words, evidence: String, value: FieldValue, spec: FieldSpec) -> Grade {
        let name = spec.name
        switch (spec.type, value) {
        case (.money, .integer(0))
        where name == .maintenanceFee && words.mention(["utilit", "공과금"])
            && !words.mention(["관리비", "fee", "hoa", "maintenance", "condo"]):
            return .inferred("“\(evidence)” speaks of utilities, not of a maintenance fee.")
        case (.money, .integer(0)):
            let none = ["포함", "없", "무료", "나눔", "included", "includes", "none", "free", "giveaway", "nohoa", "nofee"]
            return none.contains { words.contains($0) }
                ? .stated : .inferred("“\(evidence)” does not say it is included or none.")
        case (.money, .integer(let amount)):
            guard EvidenceCheck.supports(value, spec: spec, evidence: evidence) else {
                return .unsupported("“\(evidence)” does not state \(value.canonicalString()).")
            }
            // `월 38 (40에서 조정)`, `$180 → $150`, `was $180`: the figure the price was changed from is not it.
            if Self.oldFigures(in: evidence).contains(amount),
                EvidenceCheck.figures(in: evidence).count > 1
            {
                return .unsupported("“\(evidence)” says \(amount) was changed to another figure.")
            }
            return .stated
        case (.halves, .decimal(let number)):
            guard EvidenceCheck.supports(value, spec: spec, evidence: evidence) else {
                return .unsupported("“\(evidence)” does not state \(FieldValue.format(decimal: number)).")
            }
            // `2.5 Bathrooms` read as 2: the half bath was dropped.
            if number.rounded() == number, abs(number) < 1e6, Self.givesFraction(of: Int(number), in: evidence) {
                return .inferred("“\(evidence)” gives a fraction, not \(Int(number)).")
            }
            return .stated
        case (.money, _), (.area, _):
            return EvidenceCheck.supports(value, spec: spec, evidence: evidence)
                ? .stated : .unsupported("“\(evidence)” does not state \(value.canonicalString()).")
        case (.integer, .integer(let number)):
            guard EvidenceCheck.supports(value, spec: spec, evidence: evidence) else {
                return .unsupported("“\(evidence)” does not state \(number).")
            }
            // `2.5 rooms` is no whole number of rooms.
            if Self.givesFraction(of: number, in: evidence) {
                return .inferred("“\(evidence)” gives a fraction, not \(number).")
            }
            if name == .builtYear {
                let completion = ["준공", "사용승인", "건축", "신축", "완공", "년식", "built", "constructed", "yearbuilt"]
                if !completion.contains(where: { words.contains($0) }) {
                    return .inferred("“\(evidence)” does not say the building was completed in \(number).")
                }
            }
            return .stated
        case (.enumeration, _) where name == .category:
            // A category is a reading of the whole post by nature, not of particular words.
            return .stated
        case (.enumeration, .text(let text)), (.currency, .text(let text)):
            // The quoted words, or else the rest of the listing, must say it (a model often quotes the price line
            // for a deal type that the title states).
            return says(text, field: name, in: words) || says(text, field: name, in: listing)
                ? .stated : .inferred("Read from “\(evidence)”, which does not say \(text).")
        case (.options, .list(let items)):
            if let denied = listing.denied(items) { return denied }
            let unsaid = items.filter { item in
                let named = Synonyms.words(for: item, field: .options)
                return !words.mention(named) && !listing.mention(named)
            }
            return unsaid.isEmpty
                ? .stated : .inferred("The text does not name \(unsaid.joined(separator: ", ")).")
        case (.availability, .text(let text)):
            return Self.availability(text, words: words, evidence: evidence)
        case (.boolean, .boolean(let flag)):
            return Self.yesOrNo(flag, field: name, words: words, evidence: evidence)
        case (.text, .text(let text)):
            return written(text, field: name)
                ? .stated : .inferred("“\(text)” is a reading of “\(evidence)”, not its words.")
        default:
            return .stated
        }
    }

    /// Whether an enum value (or a currency) is said in a compact text: by one of its words, or for the values
    /// whose words are patterns rather than words.
    func says(_ value: String, field: FieldName, in words: Words) -> Bool {
        if words.mention(Synonyms.words(for: value, field: field)) { return true }
        let compact = words.compact
        switch (field, value) {
        case (.dealType, "monthly_rent"):
            // 월 50, 월65: a monthly amount.
            return compact.unicodeScalars.indices.contains { index in
                compact.unicodeScalars[index] == "월"
                    && compact.unicodeScalars.index(after: index) < compact.unicodeScalars.endIndex
                    && CharacterSet.decimalDigits.contains(
                        compact.unicodeScalars[compact.unicodeScalars.index(after: index)])
            }
        case (.tradeMethod, "both"):
            return says("in_person", field: field, in: words) && says("shipping", field: field, in: words)
        case (.currency, let code) where code.hasSuffix("D"):
            return compact.contains("$")
        default:
            return false
        }
    }

    /// The amounts the words say a price was changed from (`40에서 조정`, `40만 → 38만`, `was $180`, `원래 5만`), read
    /// with a bare number in 만 and in units both.
    static func oldFigures(in evidence: String) -> Set<Int> {
        var amounts = Set<Int>()
        for pattern in oldFigurePatterns {
            for match in pattern.matches(in: evidence) {
                guard let figure = RuleExtractor.capture(match, 1) else { continue }
                for unit in [1, 10_000] {
                    if let money = MoneyParser.parse(figure, bareUnit: unit) { amounts.insert(money.amount) }
                }
            }
        }
        return amounts
    }

    static let oldFigurePatterns = [
        RuleExtractor.regex(#"(\d[\d,.]*\s*(?:만\s*원?|천\s*원?|원)?)\s*에서\s*(?:조정|인하|내림|내렸|할인|네고|깎)"#),
        RuleExtractor.regex(#"\$?\s*(\d[\d,.]*\s*(?:만\s*원?|천\s*원?|원|k)?)\s*(?:→|->|=>)"#),
        RuleExtractor.regex(#"(?:\bwas|\boriginally|원래|정가|기존)\s*:?\s*\$?\s*(\d[\d,.]*\s*(?:만\s*원?|천\s*원?|원|k)?)"#),
    ]

    /// Whether the words write the number with a fraction after it (`2.5`, not `2` or `12.5`).
    static func givesFraction(of number: Int, in text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let digits = Array(String(number).unicodeScalars)
        func isDigit(_ index: Int) -> Bool {
            index >= 0 && index < scalars.count && ("0"..."9").contains(scalars[index])
        }
        var index = 0
        while index + digits.count + 1 < scalars.count {
            if Array(scalars[index..<(index + digits.count)]) == digits, !isDigit(index - 1),
                scalars[index + digits.count] == ".", isDigit(index + digits.count + 1)
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// Whether a text value is written in the listing: each of its words (a plural's singular will do), or for a
    /// brand, one of the names its products go by.
    func written(_ value: String, field: FieldName) -> Bool {
        if field == .brand,
            let names = Self.brandNames.first(where: { Synonyms.compactKey($0.key) == Synonyms.compactKey(value) })?
                .value, listing.mention(names.map(Synonyms.compactKey))
        {
            return true
        }
        let tokens = value.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        let significant = tokens.filter {
            ($0.count >= 2 || !$0.unicodeScalars.allSatisfy(\.isASCII)) && !Self.linkingWords.contains($0)
        }
        if significant.isEmpty { return listing.contains(Synonyms.compactKey(value)) }
        return significant.allSatisfy { token in
            listing.contains(token) || (token.hasSuffix("s") && token.count > 3 && listing.contains(token.dropLast()))
        }
    }

    /// Words that join the parts of a name or a place and are often added or dropped in writing it out.
    static let linkingWords: Set<String> = ["the", "of", "and", "at", "in", "on", "near", "by", "to"]

    /// Brands by the names of their products, which is how most posts name them (아이폰, 갤럭시).
    static let brandNames: [String: [String]] = [
        "Apple": ["애플", "아이폰", "iphone", "애플워치", "apple watch", "아이패드", "ipad", "맥북", "macbook", "에어팟", "airpods"],
        "애플": ["apple", "아이폰", "iphone", "애플워치", "아이패드", "ipad", "맥북", "macbook", "에어팟", "airpods"],
        "Samsung": ["삼성", "갤럭시", "galaxy"],
        "삼성": ["samsung", "갤럭시", "galaxy"],
        "LG": ["엘지", "그램", "gram"],
        "Sony": ["소니", "플레이스테이션", "playstation", "ps5", "ps4"],
        "Nintendo": ["닌텐도", "스위치", "switch"],
        "Nike": ["나이키"],
        "Adidas": ["아디다스"],
        "IKEA": ["이케아"],
        "Dyson": ["다이슨"],
        "Starbucks": ["스타벅스"],
        "배달의민족": ["배민", "baemin"],
    ]

    /// The dollar a text's places use when it is not the US one: `$` alone in a post from Toronto is most likely
    /// CAD. Nil when the text names no such place, or says US dollars outright.
    func otherDollar() -> String? {
        if listing.mention(["usd", "us$", "usdollars"]) { return nil }
        if listing.compact.utf8.count < 4 { return nil }
        for (code, places) in Self.dollarPlaces where listing.mention(places) { return code }
        return Self.hasCanadianPostalCode(listingText) ? "CAD" : nil
    }

    /// Places (countries, provinces and states, the largest cities) of the dollars other than the US one.
    static let dollarPlaces: [(String, [String])] = [
        (
            "CAD",
            [
                "canada", "canadian", "ontario", "quebec", "québec", "britishcolumbia", "alberta", "manitoba",
                "saskatchewan", "novascotia", "newbrunswick", "newfoundland", "toronto", "montreal", "montréal",
                "vancouver", "calgary", "edmonton", "ottawa", "winnipeg", "mississauga", "brampton", "halifax",
                "stcatharines", "saskatoon", "burnaby",
            ]
        ),
        ("AUD", ["australia", "australian", "sydney", "melbourne", "brisbane", "adelaide", "queensland"]),
        ("NZD", ["newzealand", "auckland", "christchurch"]),
        ("SGD", ["singapore"]),
        ("HKD", ["hongkong", "kowloon"]),
    ]

    /// A Canadian postal code (`L2G 0A7`): letter, digit, letter, then digit, letter, digit.
    static func hasCanadianPostalCode(_ text: String) -> Bool {
        canadianPostalCode.firstMatch(in: text) != nil
    }

    static let canadianPostalCode = RuleExtractor.regex(
        #"(?<![A-Za-z0-9])[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9](?![A-Za-z0-9])"#, caseSensitive: true)

    /// No words were quoted: the text itself is searched for the value.
    func withoutEvidence(_ value: FieldValue, spec: FieldSpec) -> Grade {
        let name = spec.name
        switch (spec.type, value) {
        case (.enumeration, _) where name == .category:
            // A category is a reading of the whole post by nature, not of particular words.
            return .stated
        case (.currency, .text(let code)):
            if says(code, field: .currency, in: listing) { return .stated }
            // The default currency of a Korean post needs no words.
            return code == "KRW"
                && TextNormalization.hasHangul(listing.compact)
                ? .stated : .inferred("No words in the text name the currency.")
        case (.text, .text(let text)):
            return written(text, field: name) ? .stated : .inferred("“\(text)” is not written in the text.")
        case (.enumeration, .text(let text)):
            return says(text, field: name, in: listing)
                ? .stated : .inferred("No words were given for it, and the text does not say \(text).")
        case (.options, .list(let items)):
            if let denied = listing.denied(items) { return denied }
            let unsaid = items.filter { !listing.mention(Synonyms.words(for: $0, field: .options)) }
            return unsaid.isEmpty ? .stated : .inferred("The text does not name \(unsaid.joined(separator: ", ")).")
        case (.money, _), (.area, _), (.integer, _), (.halves, _):
            return EvidenceCheck.supports(value, spec: spec, evidence: listingText)
                ? .stated : .unsupported("No figure in the text gives \(value.canonicalString()).")
        default:
            return .inferred("No words were given for it: check it against the text.")
        }
    }

    /// Words that leave a yes/no to be agreed, words that say no, and words that say yes.
    static let agreedWords = ["협의", "조율", "상의", "문의", "negotiable", "tbd", "uponrequest", "askabout"]
    static let noWords = ["불가", "안됨", "안돼", "금지", "없", "x", "no", "not", "cannot", "without"]
    static let yesWords = ["가능", "있", "환영", "포함", "ok", "yes", "allowed", "available", "included", "welcome"]

    /// A yes/no read again from its words: words that leave it to be agreed are neither (`반려동물 협의`; for the
    /// price's own "negotiable" they are its yes), and words that say only the opposite (`반려동물 불가` for yes,
    /// `주차 가능` for no) do not support it. Words that say neither (`walk-up`, `price is firm`) are left as read.
    static func yesOrNo(_ flag: Bool, field: FieldName, words: Words, evidence: String) -> Grade {
        if field != .negotiable, words.mention(agreedWords) {
            return .inferred("“\(evidence)” leaves it to be agreed: neither yes nor no.")
        }
        let saysNo = words.mention(noWords)
        let saysYes = words.mention(yesWords)
        if flag && saysNo && !saysYes { return .unsupported("“\(evidence)” says no.") }
        if !flag && saysYes && !saysNo { return .unsupported("“\(evidence)” says yes.") }
        return .stated
    }

    static func availability(_ value: String, words: Words, evidence: String) -> Grade {
        switch value {
        case "immediate":
            let now = ["즉시", "바로", "당장", "지금", "공실", "immediate", "now", "today", "asap", "vacant"]
            return now.contains { words.contains($0) } ? .stated : .inferred("“\(evidence)” does not say now.")
        case "negotiable":
            let agreed = ["협의", "조율", "조정", "상의", "negotiable", "flexible", "tbd"]
            return agreed.contains { words.contains($0) }
                ? .stated : .inferred("“\(evidence)” does not say it can be agreed.")
        default:
            let vague = ["초", "중순", "말", "주차", "early", "mid", "late", "endof", "beginningof", "week"]
            if vague.contains(where: { words.contains($0) }) {
                return .inferred("“\(evidence)” gives a part of a month, not a day or a month.")
            }
            let relative = ["다음달", "이번달", "내달", "nextmonth", "thismonth"]
            if relative.contains(where: { words.contains($0) }) { return .stated }
            let parts = value.split(separator: "-").compactMap { Int($0) }
            let numbers = Set(EvidenceCheck.wholeNumbers(in: evidence))
            let monthNames = [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ]
            let month = parts.count > 1 ? parts[1] : 0
            let monthSaid = numbers.contains(month) || (1...12 ~= month && words.contains(monthNames[month - 1]))
            let daySaid = parts.count < 3 || numbers.contains(parts[2])
            return monthSaid && daySaid
                ? .stated : .inferred("“\(evidence)” does not state \(value).")
        }
    }

    /// A text as the grader searches it: compact (`Synonyms.compactKey`) for words, and as whole words, so that a
    /// short Latin word (`s`, `ne`, `ac`) counts only as a word of its own, not inside another; symbols (`$`, `₩`)
    /// count anywhere.
    struct Words: Sendable {
        let compact: String
        let tokens: Set<String>

        init(_ text: String) {
            // The key once, for both forms (it was read twice, and Foundation's searches and character sets were
            // most of the time a reply took to read: docs/PERFORMANCE.md).
            let key = TextNormalization.key(text)
            compact = Synonyms.compact(key: key)
            tokens = Self.tokens(key)
        }

        /// The runs of letters and digits (a combining mark stays with its letter).
        static func tokens(_ key: String) -> Set<String> {
            var tokens: Set<String> = []
            var current: [UInt8] = []
            for scalar in key.unicodeScalars {
                if isWordScalar(scalar) {
                    current.append(contentsOf: scalar.utf8)
                } else if !current.isEmpty {
                    tokens.insert(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            }
            if !current.isEmpty { tokens.insert(String(decoding: current, as: UTF8.self)) }
            return tokens
        }

        @inline(__always)
        static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if value < 0x80 {
                return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            }
            if (0xAC00...0xD7A3).contains(value) { return true }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return properties.isAlphabetic || properties.numericType != nil
            }
        }

        func mention(_ words: [String]) -> Bool {
            words.contains { word in
                guard !word.isEmpty else { return false }
                if word.utf8.count < 3, word.unicodeScalars.allSatisfy({ $0.isASCII && Self.isWordScalar($0) }) {
                    return tokens.contains(word) || compact == word
                }
                return TextNormalization.contains(compact, word)
            }
        }

        func contains(_ word: some StringProtocol) -> Bool { TextNormalization.contains(compact, String(word)) }

        /// Unsupported, naming them, when the text denies some of the options wherever it names them (`세탁기x`).
        func denied(_ items: [String]) -> Grade? {
            let bytes = Array(compact.utf8)
            let denied = items.filter { item in
                let named = Synonyms.words(for: item, field: .options).map { Array(Synonyms.compactKey($0).utf8) }
                let mentioned = named.filter { word in
                    !word.isEmpty && TextNormalization.contains(compact, String(decoding: word, as: UTF8.self))
                }
                return !mentioned.isEmpty && mentioned.allSatisfy { Negation.deniesEvery($0, in: bytes) }
            }
            return denied.isEmpty ? nil : .unsupported("The text says there is no \(denied.joined(separator: ", ")).")
        }
    }

    /// Clothing and shoe sizes as people write them: letters (M, XL, FREE), numbers (95, 270, 8.5), shoes in mm,
    /// a system before or after (US 8, EU 42, Men's 11.5), children's ages (24 Months, 4T, 3Y), waists (W32).
    static func looksLikeSize(_ raw: String) -> Bool {
        var text = raw.lowercased().replacingOccurrences(of: "’", with: "'")
        if let open = text.firstIndex(of: "(") { text = String(text[..<open]) }
        for prefix in ["size", "사이즈", "men's", "mens", "women's", "womens", "kids", "남성", "여성", "남자", "여자"] {
            text = text.replacingOccurrences(of: prefix, with: " ")
        }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "/" }).map(String.init)
        guard !tokens.isEmpty else { return false }
        let letters: Set<String> = [
            "xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl", "free", "f", "프리", "os", "onesize",
        ]
        let systems: Set<String> = [
            "us", "uk", "eu", "jp", "kr", "fr", "it", "w", "l", "months", "month", "개월", "years", "yrs", "mm",
        ]
        return tokens.allSatisfy { token in
            if letters.contains(token) || systems.contains(token) { return true }
            if let number = Double(token) { return number > 0 && number <= 130 || (200...320).contains(number) }
            if token.hasSuffix("mm"), let number = Double(token.dropLast(2)) { return (200...320).contains(number) }
            for unit in ["months", "month", "개월", "yrs", "years", "y", "t", "m"] where token.hasSuffix(unit) {
                if let number = Double(token.dropLast(unit.count)), number > 0, number <= 36 { return true }
            }
            for system in ["us", "uk", "eu", "w", "l"] where token.hasPrefix(system) {
                if let number = Double(token.dropFirst(system.count)), number > 0, number <= 60 { return true }
            }
            return false
        }
    }

    /// Words for what an item is rather than which one it is.
    static let itemWords = [
        "case", "cover", "bag", "bin", "clip", "cap", "hat", "shoes", "sneakers", "coat", "jacket", "shirt", "tee",
        "hoodie", "pants", "jeans", "dress", "skirt", "leggings", "tumbler", "cup", "mug", "bundle", "shampoo",
        "lotion", "perfume", "케이스", "커버", "가방", "볼캡", "모자", "신발", "운동화", "코트", "자켓", "재킷", "니트",
        "셔츠", "티셔츠", "후드", "바지", "청바지", "원피스", "치마", "레깅스", "텀블러", "머그", "샴푸", "로션", "향수",
    ]

    static func describesAnItem(_ model: String) -> Bool {
        let words = model.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return words.contains { word in itemWords.contains { word == $0 || (!$0.isASCII && word.hasSuffix($0)) } }
    }
}

extension String {
    fileprivate var isASCII: Bool { unicodeScalars.allSatisfy(\.isASCII) }
}
