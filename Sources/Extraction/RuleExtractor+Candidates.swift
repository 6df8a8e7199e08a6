import Foundation
import ListingCore

/// Every value a text offers for a field, where a draft keeps only one: the review page shows them as one-click
/// choices when they disagree with each other or with the value read (a price lowered twice, a move-in date the
/// model read as "negotiable", two deposit/rent pairs to choose from).
extension RuleExtractor {
    /// The move-in values a text states, in the order written, each once: `immediate`, `negotiable`, and dates
    /// (Korean or English, a date broken across lines included), as `available_from` codes.
    public static func availabilityCandidates(_ text: String, pastedOn: LocalDate) -> [String] {
        var found: [(position: Int, value: String)] = []
        func collect(_ pattern: Pattern, value: (RuleMatch) -> String?) {
            for match in pattern.matches(in: text) {
                if let value = value(match), !found.contains(where: { $0.value == value }) {
                    found.append((text.distance(from: text.startIndex, to: match.range.lowerBound), value))
                }
            }
        }
        collect(immediatePattern) { _ in "immediate" }
        collect(negotiablePattern) { _ in "negotiable" }
        for pattern in [koreanDatePattern, englishDatePattern, koreanSlashDatePattern] {
            collect(pattern) { match in
                guard let written = capture(match, 1) ?? capture(match, 2),
                    !["초", "말", "중순"].contains(where: { TextNormalization.contains(String(text[match.range]), $0) })
                else { return nil }
                // A date broken across lines reads as one.
                let joined = written.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return MeasureParser.availability(joined, pastedOn: pastedOn)
            }
        }
        return found.sorted { $0.position < $1.position }.map(\.value)
    }

    /// The deposit/rent pairs a Korean monthly-rent text quotes (`500/45`, `1000/40도 가능`), in won, each once,
    /// in the order written. Floors (`3/5층`), dates and other slashes are not pairs: the deposit must exceed the
    /// rent and the rent be a plausible monthly sum.
    public static func rentCandidates(_ text: String) -> [(deposit: Int, rent: Int)] {
        guard TextNormalization.contains(text, "월세") || TextNormalization.contains(text, "보증금") else { return [] }
        var pairs: [(deposit: Int, rent: Int)] = []
        for match in rentPairPattern.matches(in: text) {
            guard let deposit = capture(match, 1).flatMap({ money($0, bareUnit: 10_000) }),
                let rent = capture(match, 2).flatMap({ money($0, bareUnit: 10_000) }),
                deposit > rent, (50_000...10_000_000).contains(rent), deposit >= 1_000_000,
                !pairs.contains(where: { $0 == (deposit, rent) })
            else { continue }
            pairs.append((deposit, rent))
        }
        return pairs
    }

    /// The values a home's text gives for a field it may name more than once, in the order written, each once: room
    /// counts (`1 & 2 bedroom`), floors (`1·2층`) and areas (`대지 70평, 건물 35평`; one area in two units is one
    /// value, and the draft's supply area is the same home measured otherwise). The offline reader keeps the first;
    /// a person should choose.
    public static func rivalReadings(_ text: String, kind: ListingKind, supply: Double? = nil) -> [FieldName: [String]]
    {
        var rivals: [FieldName: [String]] = [:]
        func keep(_ name: FieldName, _ values: [String]) {
            var distinct: [String] = []
            for value in values where !distinct.contains(value) { distinct.append(value) }
            if distinct.count > 1 { rivals[name] = distinct }
        }
        switch kind {
        case .realEstate:
            keep(.rooms, positioned(text, roomPatterns))
            keep(.floor, floorMentions(text).map(\.0) + positioned(text, englishFloorPatterns))
            keep(
                .areaM2,
                areaReadings(text).filter { area in
                    // An exclusive area's supply area (`공급 110㎡`) is the same home measured otherwise.
                    supply.map { abs($0 - area) > 1 } ?? true
                }.map { FieldValue.format(decimal: $0) })
        case .secondHand:
            keep(.brand, distinctMakers(vocabulary(text, brandWords).map(\.value), in: text))
        case .notListing:
            break
        }
        return rivals
    }

    /// The makers a text names, one name each (`Samsung` and `삼성` are one), without the brand of a device's own
    /// edition (`애플워치 SE 나이키`, `Apple Watch Hermès` are by Apple).
    static func distinctMakers(_ brands: [String], in text: String) -> [String] {
        let edition = first(text, deviceEdition)?.evidence.lowercased()
        var makers: [String] = []
        for brand in brands {
            let key = Synonyms.compactKey(brand)
            let names = (EvidenceGrader.brandNames[brand] ?? []).map(Synonyms.compactKey)
            let same = makers.contains { maker in
                names.contains(Synonyms.compactKey(maker))
                    || (EvidenceGrader.brandNames[maker] ?? []).map(Synonyms.compactKey).contains(key)
            }
            let anEdition =
                makers.contains("Apple")
                && (edition.map { words in brandWords.contains { words.contains($0.0) && $0.1 == brand } } ?? false)
            if !same, !anEdition { makers.append(brand) }
        }
        return makers
    }

    static let deviceEdition = regex(
        #"(?:애플\s*워치|apple\s*watch)[^\n]{0,12}?(?:나이키|nike|에르메스|hermes|hermès)"#)

    /// Every number the patterns capture, in the order written (a pattern's second capture too: `1 & 2 bedroom`).
    static func positioned(_ text: String, _ patterns: [(Pattern, @Sendable (String) -> String?)]) -> [String] {
        var found: [(position: Int, value: String)] = []
        for (pattern, read) in patterns {
            for match in pattern.matches(in: text) {
                let position = text.distance(from: text.startIndex, to: match.range.lowerBound)
                for index in 1...2 {
                    if let written = capture(match, index), let value = read(written) {
                        found.append((position + index, value))
                    }
                }
            }
        }
        return found.sorted { $0.position < $1.position }.map(\.value)
    }

    static let numberWords = ["one": "1", "two": "2", "three": "3", "four": "4", "five": "5"]

    static let roomPatterns: [(Pattern, @Sendable (String) -> String?)] = [
        (regex(#"방\s*:?\s*(\d)(?!\d)"#), { $0 }),
        (regex(#"\b(?:(\d)\s*(?:&|and|or|/|,|-)\s*)?(\d)\s*-?\s*(?:bed(?:room)?s?|bdr?m?s?|br)\b"#), { $0 }),
        (
            regex(
                #"\b(?:(one|two|three|four|five)\s*(?:&|and|or|,)\s*)?(one|two|three|four|five)[- ]bed(?:room)?s?\b"#),
            { numberWords[$0.lowercased()] }
        ),
        (regex(#"(쓰리룸|투룸|원룸|\bstudio\b)"#), { word in roomWords.first { $0.0 == word.lowercased() }?.1 }),
    ]

    static let englishFloorPatterns: [(Pattern, @Sendable (String) -> String?)] = [
        (regex(#"\b(\d{1,2})(?:st|nd|rd|th)\s*floor"#), { $0 })
    ]

    /// The areas a Korean or English text gives, in square metres, in the order written; one area given in two
    /// units (`25평 (82.6㎡)`) is one value, and a land share (`대지지분 10평`) is none.
    static func areaReadings(_ text: String) -> [Double] {
        let pattern = regex(
            #"(지분\s*)?(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(㎡|m2|m²|평(?!형)|sq\.?\s?ft\.?|sqft|square feet|ft2)"#)
        var areas: [Double] = []
        for match in pattern.matches(in: text) where capture(match, 1) == nil {
            guard let figure = capture(match, 2).map({ TextEditing.replacing(",", with: "", in: $0) }),
                let unit = capture(match, 3)?.lowercased(),
                let area = MeasureParser.area(
                    figure + (unit.hasPrefix("평") ? "평" : unit.hasPrefix("s") || unit == "ft2" ? " sq ft" : "㎡")),
                area >= 5, !areas.contains(where: { abs($0 - area) <= max(1, $0 * 0.03) })
            else { continue }
            areas.append(area)
        }
        return areas
    }

    static let immediatePattern = regex(
        #"즉시\s*입주|입주\s*즉시|즉시\s*가능|바로\s*입주|available (?:now|immediately)|move[- ]in ready"#)
    static let negotiablePattern = regex(
        #"(?:입주|이사|날짜|입주일)\s*(?:날짜|일|가능일)?\s*(?:은|는)?\s*(?:협의|조율)|(?:협의|조율)\s*입주|move[- ]in date (?:is )?(?:negotiable|flexible)"#
    )
    static let koreanDatePattern = regex(
        #"(?:입주|이사)\s*(?:가능일?|일|날짜|날)?\s*(?:은|는|:)?\s*((?:\d{4}\s*년\s*)?\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?)|((?:\d{4}\s*년\s*)?\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?)\s*(?:부터|이후)?\s*(?:입주|이사)"#
    )
    /// A month and day with a slash beside a Korean word of moving in (`12/20 입주`, `입주일: 1/5`); a floor
    /// (`3/5층`) or a rent (`500/45`) is none.
    static let koreanSlashDatePattern = regex(
        #"(?:입주|이사)\s*(?:가능일?|일|날짜|날)?\s*(?:은|는|:)?\s*(?<![\d/])(\d{1,2}/\d{1,2})(?![\d/])|(?<![\d/])(\d{1,2}/\d{1,2})(?![\d/층])\s*(?:부터|이후)?\s*(?:입주|이사)"#
    )
    static let englishDatePattern = regex(
        #"(?:available|move[- ]in|starting|lease starts?)\s*(?:date)?\s*(?:on|from)?\s*:?\s*((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?|\d{1,2}/\d{1,2}(?:/\d{4})?)"#
    )
    static let rentPairPattern = regex(
        #"(?<![\d/.,])(\d{2,5}|\d+\s*억(?:\s*\d{1,4})?|\d{1,4}\s*만)\s*/\s*(?:월\s*)?(\d{1,3}(?:\.\d)?)(?:\s*만\s*원?|\s*만)?(?![\d/.,]|\s*(?:층|F|f|평|㎡|m|동|호|일|년))"#
    )
}
