import Foundation
import ListingCore

/// Where a text may state a field that a draft left empty: the words a listing uses for the field (`관리비`,
/// `parking`, `walk-up`, a figure in ㎡ or 평), found in the text, and the words around them for the person to read.
/// A field none of whose words occur is "not in the text"; one whose words do is hinted (`ReviewMarks`), so that a
/// value a reader missed is not folded away as if the text did not have it.
enum FieldHints {
    /// The first place the text speaks of the field, with a few words either side, or nil when it never does.
    static func snippet(for field: FieldName, in text: String) -> String? {
        let found = [patterns[field], namePatterns[field]].compactMap { $0?.firstMatch(in: text) }
        guard let first = found.min(by: { $0.range.lowerBound < $1.range.lowerBound }) else { return nil }
        return around(first.range, in: text)
    }

    /// The first line that has letters, when besides words of selling (`팝니다`, `for sale`) it has two words or
    /// more: the product it names.
    static func namingTitle(_ text: String) -> String? {
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.contains(where: \.isLetter) })
        else { return nil }
        let selling: Set<String> = [
            "팝니다", "판매", "판매합니다", "팔아요", "급처", "양도", "양도합니다", "나눔", "새상품", "중고", "for", "sale",
            "selling", "sell", "new", "used", "like", "obo", "firm", "free",
        ]
        let words = line.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.lowercased() }
            .filter { !selling.contains($0) && !$0.allSatisfy(\.isNumber) }
        return words.count >= 2 ? String(line.prefix(60)).trimmingCharacters(in: .whitespaces) : nil
    }

    /// The match with up to 24 characters either side, on its line, trimmed.
    static func around(_ range: Range<String.Index>, in text: String) -> String {
        let lineStart =
            text[..<range.lowerBound].lastIndex(where: \.isNewline).map { text.index(after: $0) }
            ?? text.startIndex
        let lineEnd = text[range.upperBound...].firstIndex(where: \.isNewline) ?? text.endIndex
        let start = text.index(range.lowerBound, offsetBy: -24, limitedBy: lineStart) ?? lineStart
        let end = text.index(range.upperBound, offsetBy: 24, limitedBy: lineEnd) ?? lineEnd
        let words = text[start..<end].trimmingCharacters(in: .whitespacesAndNewlines)
        return (start > lineStart ? "…" : "") + words + (end < lineEnd ? "…" : "")
    }

    /// A listing's words for each field, in Korean and English (whole words where a short English word could sit
    /// inside another).
    static let patterns: [FieldName: RuleExtractor.Pattern] = {
        let words: [FieldName: String] = [
            .propertyType:
                #"아파트|빌라|오피스텔|원룸|투룸|쓰리룸|주택|상가|사무실|\bhouse\b|apartment|\bapt\b|\bcondo\b|townho(?:me|use)|\bduplex\b|\bstudio\b"#,
            .dealType: #"매매|전세|월세|임대|\bfor rent\b|\bfor sale\b|\blease\b|/\s?mo\b|per month|\brent\b|sublet"#,
            .price: #"가격|판매가|매매가|\$\s?\d|\d\s?(?:만\s?원|원)\b|\bprice\b|\basking\b"#,
            .deposit: #"보증금|전세금|\bdeposit\b|security deposit|first and last"#,
            .monthlyRent: #"월세|월\s?\d|/\s?mo\b|per month|a month|monthly rent"#,
            .maintenanceFee: #"관리비|\bhoa\b|maintenance fee|condo fee|\bstrata\b"#,
            .areaM2: #"\d\s?(?:㎡|m2|m²|평|sq\.?\s?ft|sqft|square (?:feet|foot|meters?)|ft2)"#,
            .supplyAreaM2: #"공급\s?면적|공급\s?\d"#,
            .rooms: #"방\s?\d|\d\s?룸|원룸|투룸|쓰리룸|\d\s?(?:bed|bd|br)\b|bedroom|\bstudio\b"#,
            .bathrooms: #"욕실|화장실|\d(?:\.\d)?\s?(?:bath|ba)\b|bathroom"#,
            .floor: #"\d\s?층|지하|반지하|옥탑|\d(?:st|nd|rd|th)\s?(?:floor|fl)\b|\bfloor\b|upstairs|ground level|basement"#,
            .totalFloors: #"\d\s?층\s?(?:건물|짜리)|/\s?\d+\s?층|\d\s?-?\s?stor(?:y|ey)|\d\s?floors\b"#,
            .direction: #"(?:남|북|동|서|남동|남서|북동|북서)향|facing (?:south|north|east|west)"#,
            .heating: #"난방|보일러|\bheat(?:ing)?\b|radiator|furnace"#,
            .builtYear: #"준공|사용승인|신축|년식|\bbuilt\b|construct|renovated"#,
            .loanOK: #"대출|융자|\bloan\b|mortgage"#,
            .availableFrom: #"입주|이사|\bavailable\b|move[- ]?in|lease starts?|\bvacant\b"#,
            .parking: #"주차|\bparking\b|garage|driveway|carport"#,
            .elevator: #"엘리베이터|승강기|\belevator\b|\blift\b|walk[- ]?up"#,
            .petsAllowed: #"반려|애완|강아지|고양이|\bpets?\b|\bdogs?\b|\bcats?\b"#,
            .options: #"에어컨|냉장고|세탁기|옵션|풀옵션|\bfurnished\b|appliances|washer|dryer|fridge|dishwasher"#,
            .location:
                #"위치|역세권|거래\s?장소|[가-힣]{1,6}역\s?(?:\d+\s?번\s?출구|도보|근처|인근|앞)|[가-힣]{1,6}동\s?(?:에서|근처|인근|직거래)|\blocated\b|\blocation\b"#,
            .brand: #"브랜드|\bbrand\b|정품"#,
            .model: #"모델|\bmodel\b"#,
            .condition: #"상태|새상품|미개봉|사용감|하자|기스|스크래치|\bcondition\b|like new|brand new|barely used|scratch"#,
            .negotiable: #"네고|에눌|가격\s?제안|흥정|\bobo\b|\bfirm\b|negotiable|best offer|\bono\b"#,
            .tradeMethod: #"직거래|택배|배송|\bpick ?up\b|\bshipping\b|\bship\b|\bdelivery\b"#,
            .quantity: #"\d\s?(?:개|매|세트|장|켤레)|\d\s?(?:pcs|pieces|pack)\b|\bset of\b"#,
            .size: #"사이즈|\bsize\s?:?\s?(?:\d|xs|s|m|l|xl)\b|\bUS\s?\d|\bEU\s?\d|\d{3}\s?mm"#,
        ]
        return words.mapValues { RuleExtractor.regex($0) }
    }()

    /// Words whose letter case tells: a street address, a model number, a letter size.
    static let namePatterns: [FieldName: RuleExtractor.Pattern] = [
        .location: RuleExtractor.regex(
            #"\d+ [A-Z][a-z]+ (?:St|Ave|Rd|Dr|Blvd|Ct|Pl|Ln|Cir|Loop|Pkwy|Hwy|Street|Avenue|Road|Drive|Lane|Way|Court|Place|Trail)\b|, [A-Z]{2} \d{5}\b"#,
            caseSensitive: true),
        .model: RuleExtractor.regex(#"\b[A-Z]{1,4}-?\d{2,}[A-Z0-9]*\b"#, caseSensitive: true),
        .size: RuleExtractor.regex(#"\b(?:XS|S|M|L|XL|XXL)\b"#, caseSensitive: true),
    ]
}
