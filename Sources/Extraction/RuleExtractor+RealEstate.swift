import Foundation
import ListingCore

extension RuleExtractor {
    /// A Korean money figure: `1000`, `1억 2,000`, `3억5천만원`, `2.5억`, `50만원`, `삼억 오천`, `3백`, `2억 5백`,
    /// `3천5백`, `6마넌`.
    static let amount =
        #"((?:\d[\d,]*(?:\.\d+)?|[일이삼사오육칠팔구]+(?=[ ]*억))[ ]*(?:억[ ]*(?:\d[\d,]*|[일이삼사오육칠팔구]?[천백])?[ ]*(?:[천백])?[ ]*(?:만)?|천[ ]*\d[ ]*백[ ]*만?|[천백][ ]*만?|마넌|만)?[ ]*(?:원(?!룸))?)"#

    static func realEstateFields(_ text: String, pastedOn: LocalDate) -> [ReplyWriter.Field] {
        var found = FieldCollector()
        func add(_ name: FieldName, _ value: String, _ evidence: String?) { found.add(name, value, evidence) }
        let usd = CurrencyRule.currency(of: text) == "USD"

        if let title = title(text) { add(.title, title, nil) }
        // The building (아파트, 오피스텔…) says more than the room layout (원룸, 투룸) when both are given.
        if let (value, word) = vocabulary(withoutHouseNames(text), propertyWords).first
            ?? vocabulary(text, roomTypeWords).first
        {
            add(.propertyType, value, word)
        }

        // Deal type: the earliest deal word, skipping what describes a sitting tenant (현 임차인 보증금/월세); a word
        // that only says the owner is in a hurry or selling (급매, 팝니다) yields to one naming the deal (월세).
        let dealsNamed = vocabulary(text, dealWords)
        var deal = dealsNamed.first { !hurryDealWords.contains($0.word) } ?? dealsNamed.first
        // A dollar figure in six digits or more is a sale price, whatever else the ad says.
        if usd, deal?.value != "sale",
            text.range(of: #"\$\s?\d{1,3}(?:,\d{3}){1,3}(?!\d)"#, options: .regularExpression)
                .map({ MoneyParser.parse(String(text[$0]))?.amount ?? 0 }).map({ $0 >= 100_000 }) == true
        {
            deal = vocabulary(text, [("$", "sale")]).first
        }
        // An American apartment ad with a dollar figure and no word of a sale is a rental.
        if deal == nil, usd, !KindClassifier.containsWord(text.lowercased(), "sale"),
            !KindClassifier.containsWord(text.lowercased(), "hoa"),
            let word = vocabulary(text, [("$", "monthly_rent")]).first
        {
            deal = word
        }
        if let deal { add(.dealType, deal.value, deal.word) }

        // Money. Korean rent quotes leave out 만원.
        if !usd {
            if deal?.value != "sale", deal?.value != "short_term",
                let (match, evidence) = first(
                    text, regex(#"(?:월세|보증금|임대|반전세)[^\n\d]{0,16}?"# + amount + #"\s*/\s*(?:월세?\s*)?"# + amount)),
                let deposit = capture(match, 1).flatMap({ money($0, bareUnit: 10_000) }),
                let rent = capture(match, 2).flatMap({ money($0, bareUnit: 10_000) })
            {
                add(.deposit, String(deposit), evidence)
                add(.monthlyRent, String(rent), evidence)
            }
            // A sale's sitting tenant (현 임차인 보증금/월세) is not this listing's deal.
            if deal?.value != "sale", let (match, evidence) = first(text, regex(#"보증금\s*:?\s*"# + amount)),
                let deposit = capture(match, 1).flatMap({ money($0, bareUnit: 10_000) })
            {
                add(.deposit, String(deposit), evidence)
            }
            // `45만월`: a month's rent written before the month.
            if let (match, evidence) = first(text, regex(#"(?<![\d,.])(\d{1,3})\s*만\s*월(?![\d세])"#)),
                deal?.value != "jeonse", deal?.value != "sale", deal?.value != "short_term",
                let rent = capture(match, 1).flatMap({ money($0 + "만", bareUnit: 1) })
            {
                add(.monthlyRent, String(rent), evidence)
            }
            // `월세 500` on its own, never the first half of a `500/45` pair.
            if let (match, evidence) = first(
                text, regex(#"(?:^|[^\d])(?:월세|월)\s*:?\s*"# + amount + #"(?![\d,.]|[ ]*/)"#)),
                deal?.value != "jeonse", deal?.value != "sale", deal?.value != "short_term",
                let rent = capture(match, 1).flatMap({ money($0, bareUnit: 10_000) })
            {
                add(.monthlyRent, String(rent), evidence)
            }
            if deal?.value == "jeonse", let (match, evidence) = first(text, regex(#"전세(?:금|가)?\s*:?\s*"# + amount)),
                let deposit = capture(match, 1).flatMap({ money($0, bareUnit: 10_000) })
            {
                add(.deposit, String(deposit), evidence)
            }
            if deal?.value == "sale" {
                let saleWord = #"(?:매매가?|분양가|매도가|급매)\s*:?\s*"#
                // A reduced price (`12억 8천 → 11억 9천`): the second figure is the asking price.
                if let (match, evidence) = first(text, regex(saleWord + amount + #"\s*(?:→|->)\s*"# + amount)),
                    let price = capture(match, 2).flatMap({ money($0, bareUnit: 10_000) })
                {
                    add(.price, String(price), evidence)
                } else if let (match, evidence) = first(text, regex(amount + #"\s*(?:으로|로)\s*(?:내렸|낮췄|조정|인하)"#))
                    ?? first(text, regex(saleWord + amount))
                    ?? first(text, regex(#"(\d+(?:\.\d+)?\s*억(?:\s*\d[\d,]*\s*[천백]?|\s*[일이삼사오육칠팔구]?[천백])?\s*만?\s*원?)"#)),
                    let price = capture(match, 1).flatMap({ money($0, bareUnit: 10_000) })
                {
                    add(.price, String(price), evidence)
                }
            }
            if let (match, evidence) = first(
                text, regex(#"관리비?\s*(?:는|은)?\s*:?\s*(?:월\s*|약\s*|평균\s*|각\s*)*"# + amount)),
                let fee = capture(match, 1).flatMap({ money($0, bareUnit: 10_000) })
            {
                add(.maintenanceFee, String(fee), evidence)
            } else if let (_, evidence) = first(text, regex(#"관리비\s*:?\s*(?:없음|없습니다|없어요|x|포함|무료|0원)"#)) {
                add(.maintenanceFee, "0", evidence)
            }
        } else {
            if let (match, evidence) = first(
                text, regex(#"\$\s?([\d,]+(?:\.\d+)?k?)\s*(?:/\s*mo(?:nth)?|per month|a month|monthly|/m\b)"#))
                ?? first(text, regex(#"rent\s*:?\s*\$\s?([\d,]+(?:\.\d+)?k?)"#))
                // Craigslist titles open with the rent: `$1250 / 2br - 1200ft2 - …`.
                ?? first(text, regex(#"^\$\s?([\d,]+)\s*/\s*\d+\s*br\b"#))
                // A pasted title with its price on a line of its own (`Sunny 1br near the park` / `$1,250`).
                ?? (deal?.value == "monthly_rent"
                    ? first(text, regex(#"(?m)^[ \t]*"# + rentFigure + #"[ \t]*$"#))
                        // `Studio apartment near campus - $650`: the title's closing figure.
                        ?? first(text, regex(#"\A[^\n]*?[-–—:|(]\s*"# + rentFigure + #"\)?[ \t]*(?:\n|\z)"#))
                        ?? soleDollarFigure(text)
                    : nil),
                deal?.value != "sale",
                let rent = capture(match, 1).flatMap({ money($0, bareUnit: 1) }), rent >= 100
            {
                add(.monthlyRent, String(rent), evidence)
                if deal == nil { add(.dealType, "monthly_rent", evidence) }
            }
            if let (match, evidence) = first(
                text, regex(#"(?:deposit|security)\s*:?\s*(?:is\s*)?\$\s?([\d,]+(?:\.\d+)?k?)"#))
                ?? first(text, regex(#"\$\s?([\d,]+(?:\.\d+)?k?)\s*(?:security\s*)?deposit"#)),
                let deposit = capture(match, 1).flatMap({ money($0, bareUnit: 1) })
            {
                add(.deposit, String(deposit), evidence)
            }
            if deal?.value == "sale",
                // `was $420,000, now $399,000`: the figure after `now` is the asking price.
                let (match, evidence) = first(
                    text, regex(#"\bnow\s*(?:only\s*)?\$\s?([\d,]+(?:\.\d+)?\s*(?:k|m|million)?)"#))
                    ?? salePrice(text),
                let price = capture(match, 1).flatMap({ money($0, bareUnit: 1) })
            {
                add(.price, String(price), evidence)
            }
            // An owners' association's dues (`HOA $250/mo`) are the home's monthly fee.
            if let (match, evidence) = first(
                text,
                regex(
                    #"\bhoa\s*(?:dues|fees?)?\s*(?:is|are|of)?\s*:?\s*\$\s?([\d,]+)(?:\s*(?:/\s*mo(?:nth)?\b|per month|a month|monthly))?"#
                )),
                let fee = capture(match, 1).flatMap({ money($0, bareUnit: 1) })
            {
                add(.maintenanceFee, String(fee), evidence)
            }
        }
        if deal == nil, found.has(.monthlyRent) {
            // `보증금 1000 / 월 65` says monthly rent without the word 월세.
            add(.dealType, "monthly_rent", found.evidence(of: .monthlyRent))
        }
        if found.has(.price) || found.has(.deposit) || found.has(.monthlyRent)
            || found.has(.maintenanceFee)
        {
            add(.currency, usd ? "USD" : "KRW", nil)
        }

        // Area: 전용/공급, `214/286㎡`, `84.97㎡/59.98㎡` (the smaller is the exclusive area, whichever comes first;
        // a figure never starts inside the first one's unit, `m2`), 평, sq ft.
        if let (match, evidence) = first(
            text,
            regex(
                #"(?<![\d.\w])([\d.]+)\s*(?:㎡|[mM]2|[mM]²)?\s*/\s*([\d.]+)\s*(?:㎡|[mM]2|[mM]²)"#, caseSensitive: true)),
            let one = capture(match, 1), let other = capture(match, 2)
        {
            let inOrder = (Double(one) ?? 0) <= (Double(other) ?? 0)
            add(.areaM2, inOrder ? one : other, evidence)
            add(.supplyAreaM2, inOrder ? other : one, evidence)
        }
        if let (match, evidence) = first(
            text, regex(#"(?:전용|연면적)(?:면적)?\s*:?\s*([\d.]+)\s*(㎡|[mM]2|[mM]²|평)?(?![\d.])"#, caseSensitive: true))
            ?? first(text, regex(#"(?:실평수|실면적)\s*(?:약\s*)?([\d.]+)\s*(평|㎡|m2)"#)),
            let area = capture(match, 1).flatMap({ MeasureParser.area($0 + (capture(match, 2) ?? "")) })
        {
            add(.areaM2, FieldValue.format(decimal: area), evidence)
        }
        if let (match, evidence) = first(
            text, regex(#"공급(?:면적)?\s*:?\s*([\d.]+)\s*(㎡|[mM]2|[mM]²|평)?(?![\d.])"#, caseSensitive: true))
            ?? first(text, regex(#"([\d.]+)\s*(평형)"#))
            // `32평 (전용 84.9㎡)`: a bare 평 size beside an exclusive area is the supply size.
            ?? (found.has(.areaM2) ? bareSupplyPyeong(text) : nil),
            let area = capture(match, 1).flatMap({
                MeasureParser.area($0 + (capture(match, 2) == "평형" ? "평" : capture(match, 2) ?? ""))
            })
        {
            add(.supplyAreaM2, FieldValue.format(decimal: area), evidence)
        }
        if let (match, evidence) = first(
            text, regex(#"([\d,]+(?:\.\d+)?)\s*(sq\.?\s?ft\.?|sqft|square feet|sf\b|ft2\b|ft²)"#)),
            let area = capture(match, 1).flatMap({
                MeasureParser.area(TextEditing.replacing(",", with: "", in: $0) + " sq ft")
            })
        {
            add(.areaM2, FieldValue.format(decimal: area), evidence)
        }
        if !usd,
            let (match, evidence) = first(
                text, regex(#"(?:^|[^\d.지분])\s?([\d.]+)\s*(㎡|[mM]2|[mM]²)"#, caseSensitive: true)),
            !TextNormalization.contains(evidence, "대지"),
            let area = capture(match, 1).flatMap({ MeasureParser.area($0) })
        {
            add(.areaM2, FieldValue.format(decimal: area), evidence)
        }
        if !usd, let (match, evidence) = first(text, regex(#"(?:^|[^\d.])(\d+(?:\.\d+)?)\s*평(?!형)"#)),
            let area = capture(match, 1).flatMap({ MeasureParser.area($0 + "평") })
        {
            add(.areaM2, FieldValue.format(decimal: area), evidence)
        }

        // Rooms and bathrooms.
        // Craigslist's `0br` is a poster who left the bedrooms out, never a home with none.
        if let (match, evidence) = first(text, regex(#"방\s*:?\s*(\d+)"#))
            ?? first(text, regex(#"(?<![\d.])([1-9]\d?)\s*(?:bed(?:room)?s?|bd|br)\b"#)),
            let rooms = capture(match, 1)
        {
            add(.rooms, rooms, evidence)
        } else if let (value, word) = vocabulary(text, roomWords).first {
            add(.rooms, value, word)
        }
        if let (match, evidence) = first(text, regex(#"(?:욕실|화장실|화)\s*:?\s*(\d+)"#))
            ?? first(text, regex(#"(\d+(?:\.5)?|\d+\s?½)\s*-?\s*(?:full\s+)?(?:bath(?:room)?s?|ba)\b"#)),
            let baths = capture(match, 1).flatMap({ MeasureParser.halves($0) }), baths < 1_000
        {
            // `2.5 ba` is two baths and a half bath; a number no house has is no bathroom count. `2 full baths and
            // a half bath` is 2.5.
            let half = first(text, regex(#"full\s+bath(?:room)?s?\s*(?:and|&|\+|,)\s*(?:1|one|a)\s+half[\s-]*bath"#))
            add(.bathrooms, FieldValue.format(decimal: baths + (half == nil ? 0 : 0.5)), evidence)
        }

        // Floors.
        if let (match, evidence) = first(text, regex(#"(?:총\s*)?(\d+)\s*층\s*(?:건물\s*)?중(?:에)?\s*(\d+)\s*층"#)) {
            if let floor = capture(match, 2) { add(.floor, floor, evidence) }
            if let total = capture(match, 1) { add(.totalFloors, total, evidence) }
        }
        if let (match, evidence) = first(
            text, regex(#"(?:^|[^\d.])([bB]|지하\s*)?(\d{1,3})\s*층?\s*/\s*(?:총\s*)?(\d{1,3})\s*층"#, caseSensitive: true))
        {
            if let floor = capture(match, 2) {
                add(.floor, (capture(match, 1) != nil ? "-" : "") + floor, evidence)
            }
            if let total = capture(match, 3) { add(.totalFloors, total, evidence) }
        }
        if let (_, evidence) = first(text, regex(#"반지하"#)) { add(.floor, "-1", evidence) }
        if let (match, evidence) = first(text, regex(#"(?:총|지상)\s*(\d{1,3})\s*층"#))
            ?? first(text, regex(#"(\d{1,3})\s*층\s*(?:건물|짜리)"#)),
            let total = capture(match, 1)
        {
            add(.totalFloors, total, evidence)
        }
        if !found.has(.floor), let (floor, evidence) = singleFloor(text) {
            add(.floor, floor, evidence)
        }
        if let (match, evidence) = first(text, regex(#"(\d{1,2})(?:st|nd|rd|th)\s*floor"#)),
            let floor = capture(match, 1)
        {
            add(.floor, floor, evidence)
        }

        if let (value, word) = vocabulary(text, directionWords).first { add(.direction, value, word) }
        if let (value, word) = vocabulary(text, heatingWords).first { add(.heating, value, word) }
        if let (match, evidence) = first(text, regex(#"((?:19|20)\d{2})\s*년?\s*(?:준공|식|사용승인|완공|신축)"#))
            ?? first(text, regex(#"(?:준공|사용승인|built(?: in)?)\s*:?\s*((?:19|20)\d{2})"#)),
            let year = capture(match, 1)
        {
            add(.builtYear, year, evidence)
        }
        if let availability = availability(text, pastedOn: pastedOn) {
            add(.availableFrom, availability.value, availability.evidence)
        }
        for (field, yes, no) in flags {
            if let (_, evidence) = first(text, regex(no)) {
                add(field, "false", evidence)
            } else if let (_, evidence) = first(text, regex(yes)), !Self.leavesToBeAgreed(evidence) {
                add(field, "true", evidence)
            }
        }
        // In English ads "TV" is mostly cable or a room's name, not a furnished set: only Korean ads list it as an option.
        let options = vocabulary(text, optionWords, skippingDenied: true).filter { !(usd && $0.value == "tv") }
        if !options.isEmpty {
            add(.options, options.map(\.value).joined(separator: ", "), nil)
        }
        if let place = usd || !TextNormalization.hasHangul(text)
            ? englishLocation(text).map { ($0, $0) } : location(text)
        {
            add(.location, place.0, place.1)
        }
        return found.fields
    }

    /// A floor given alone (`7층`, `해당층 5층`), not a building height (`총 35층`, `6층 건물`) nor where someone
    /// else lives (`주인은 1층에 살아요`).
    /// `32평` standing alone beside an exclusive area: the supply size. Not `실평수 25평`, `전용 16평`, `대지지분 10평`.
    /// A US sale's price: the first dollar figure that is no fee, tax or deposit (`HOA $250`, `taxes $6,200`) and
    /// no sum a month or a year.
    static func salePrice(_ text: String) -> (match: RuleMatch, evidence: String)? {
        for match in regex(#"\$\s?([\d,]+(?:\.\d+)?\s*(?:k|m|million)?)"#).matches(in: text) {
            let before = TextEditing.trimming(
                TextEditing.lowercased(text[..<match.range.lowerBound].suffix(16)), of: " :=-")
            let after = TextEditing.lowercased(text[match.range.upperBound...].prefix(12))
            let other = ["hoa", "dues", "fee", "fees", "tax", "taxes", "deposit", "rent"].contains {
                before.hasSuffix($0)
            }
            let periodic = ["/mo", "/ mo", "/yr", "/year", "per month", "a month", "monthly", "per year", "a year"]
                .contains { TextEditing.trimmingSpaces(after).hasPrefix($0) }
            if other || periodic { continue }
            return (match, TextEditing.trimmingSpaces(text[match.range]))
        }
        return nil
    }

    static func bareSupplyPyeong(_ text: String) -> (RuleMatch, String)? {
        for match in regex(#"(\d{2,3})\s*(평)(?!형|정도|수|대)"#).matches(in: text) {
            let before = TextEditing.replacing(" ", with: "", in: text[..<match.range.lowerBound].suffix(8))
            if ["실평수", "실평", "전용", "지분", "대지", "약", "실", "("].contains(where: { before.hasSuffix($0) }) { continue }
            if before.last?.isNumber == true || before.hasSuffix(".") { continue }
            return (match, String(text[match.range]))
        }
        return nil
    }

    static func singleFloor(_ text: String) -> (String, String)? {
        floorMentions(text).first
    }

    /// Every floor a text gives on its own, in the order written, with its words; `1·2층` gives both floors.
    static func floorMentions(_ text: String) -> [(String, String)] {
        var mentions: [(String, String)] = []
        for match in regex(#"([bB]|지하\s*)?(\d{1,2})\s*층"#, caseSensitive: true).matches(in: text) {
            let before = TextEditing.replacing(" ", with: "", in: text[..<match.range.lowerBound].suffix(6))
            let after = TextEditing.replacing(" ", with: "", in: text[match.range.upperBound...].prefix(6))
            if before.hasSuffix("총") || before.hasSuffix("지상") || before.hasSuffix("/") || before.last?.isNumber == true
            {
                continue
            }
            // The building's height, where someone else lives, or the car park under the building (`1층필로티`).
            let notTheHome = [
                "건물", "짜리", "중", "에살", "에는", "은주인", "주택", "전체", "까지", "이상", "이하", "단독", "필로티", "주차",
            ]
            if notTheHome.contains(where: { after.hasPrefix($0) }) {
                continue
            }
            guard let digits = capture(match, 2) else { continue }
            let words = TextEditing.trimmingSpaces(text[match.range])
            // `1·2층`: the floor before the dot is one too.
            if let dot = before.last, "·~".contains(dot), let first = before.dropLast().last, first.isNumber,
                before.dropLast(2).last?.isNumber != true
            {
                mentions.append((String(first), String(first) + String(dot) + words))
            }
            let negative = capture(match, 1) != nil
            mentions.append(((negative ? "-" : "") + digits, words))
        }
        return mentions
    }

    static func availability(_ text: String, pastedOn: LocalDate) -> (value: String, evidence: String)? {
        if let (_, evidence) = first(
            text, regex(#"즉시\s*입주|입주\s*즉시|즉시\s*가능|available (?:now|immediately)|move[- ]in ready"#))
        {
            return ("immediate", evidence)
        }
        if let (_, evidence) = first(text, regex(#"(?:입주|이사|날짜|입주일)\s*(?:날짜|일|가능일)?\s*(?:은|는)?\s*협의|협의\s*입주"#)) {
            return ("negotiable", evidence)
        }
        // English: `Available August 15`, `available Sept 1st 2022`, `move-in 7/1`.
        let englishDate =
            #"((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?|\d{1,2}/\d{1,2}(?:/\d{4})?)"#
        if let (match, evidence) = first(
            text,
            regex(#"(?:available|move[- ]in|starting|lease starts?)\s*(?:date)?\s*(?:on|from)?\s*:?\s*"# + englishDate)),
            let written = capture(match, 1),
            let value = MeasureParser.availability(written, pastedOn: pastedOn)
        {
            return (value, evidence)
        }
        let datePattern = #"((?:\d{4}\s*년\s*)?\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?)"#
        if let (match, evidence) = first(
            text, regex(#"(?:입주|이사)\s*(?:가능일?|일|날짜|날)?\s*(?:은|는|:)?\s*"# + datePattern))
            ?? first(text, regex(datePattern + #"\s*(?:부터|이후)?\s*(?:입주|이사)"#))
            ?? first(text, regex(datePattern + #"\s*(?:부터|이후)\s*[가-힣\s]{0,8}?(?:들어오|들어와|입주|이사|가능)"#))
            ?? first(text, koreanSlashDatePattern),
            let written = capture(match, 1) ?? capture(match, 2),
            // `12월 초`, `2월 말`: only roughly a date, so left for the person.
            !["초", "말", "중순"].contains(where: { TextNormalization.contains(evidence, $0) }),
            let value = MeasureParser.availability(written, pastedOn: pastedOn)
        {
            return (value, evidence)
        }
        return nil
    }

    /// A Korean place and the words it is read from.
    static func location(_ text: String) -> (place: String, evidence: String)? {
        let pattern = regex(
            #"(?:(?:서울|부산|대구|인천|광주|대전|울산|세종|제주|경기|[가-힣]{1,4}시)\s+)?(?:[가-힣]{1,4}(?:구|군)\s+)?(?:^|[\s(\[,·])[가-힣]{1,5}(?:동|읍)(?=[\s,.)·]|$)"#
        )
        let matches = pattern.matches(in: text).map {
            TextEditing.trimming(text[$0.range], of: " ([,·")
        }
        // Words that end in 동 but are no place (이동 = moving, 자동 = automatic…).
        let stopWords: Set<String> = [
            "이동", "활동", "자동", "작동", "운동", "행동", "변동", "공동", "연동", "가동", "진동",
            "층동", "개동", "전동", "수동", "반동", "충동", "세동", "각동",
        ]
        if let best = matches.filter({ match in
            let place = match.split(separator: " ").last.map(String.init) ?? match
            return !stopWords.contains(place) && place.count >= 2
        }).max(by: { $0.count < $1.count }) {
            return (best, best)
        }
        // `선정릉초역세권` (right by the station): the station is 선정릉역.
        if let (match, evidence) = first(text, regex(#"([가-힣]{2,8}?)초역세권"#)), let name = capture(match, 1) {
            return (name + "역", evidence)
        }
        if let (_, evidence) = first(text, regex(#"[가-힣]{2,8}역"#)) { return (evidence, evidence) }
        // A rural district named before the kind of home, as 직방 writes it: `대소면 빌라투룸 50㎡ 3층`.
        if let (match, evidence) = first(
            text, regex(#"(?:^|[\s,·])([가-힣]{1,4}면)\s+(?:원룸|투룸|쓰리룸|빌라|오피스텔|아파트|상가|주택|단독|토지)"#)),
            let place = capture(match, 1)
        {
            return (place, evidence)
        }
        return nil
    }

    /// An American or Canadian place: a street address with its city, the `(Neighbourhood)` Craigslist puts after
    /// a title, or `in Buffalo` in the first lines.
    static func englishLocation(_ text: String) -> String? {
        let street =
            #"\b\d{1,5}\s+(?:[NSEW]\.?\s+)?[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,3}\s+(?:Dr|Drive|St|Street|Ave|Avenue|Rd|Road|Ln|Lane|Loop|Blvd|Boulevard|Way|Ct|Court|Pl|Place|Pkwy|Parkway|Cir|Circle|Ter|Terrace|Green)\b\.?"#
        if let (_, evidence) = first(
            text,
            regex(
                street
                    + #"(?:\s+(?:Unit|Apt|#)\s*\w+)?(?:,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2})?(?:,\s*[A-Z]{2}\b)?"#,
                caseSensitive: true))
        {
            return evidence
        }
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? ""
        if firstLine.hasSuffix(")"), let open = firstLine.lastIndex(of: "(") {
            let inside = firstLine[firstLine.index(after: open)..<firstLine.index(before: firstLine.endIndex)]
            let place = inside.split(separator: ",").first.map { TextEditing.trimmingSpaces($0) } ?? ""
            if place.count >= 2, place.uppercased() != "NA", place.first?.isLetter == true, !place.contains("$") {
                return place
            }
        }
        let opening = text.split(separator: "\n").prefix(3).joined(separator: " ")
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        ]
        // A town with its state's code (`Hamden CT`, `Cheshire, CT`); not the codes that are English words
        // (`Pets OK`, `IN unit`, `OR best offer`).
        if let (match, _) = first(
            opening,
            regex(
                #"(?<![A-Za-z])([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},?\s+(?:"# + stateCodes + #"))\b"#,
                caseSensitive: true)),
            let place = capture(match, 1)
        {
            return place
        }
        for match in regex(
            #"\b(?:in|located in)\s+(?:the heart of\s+)?([A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2}(?:,\s*[A-Z]{2}\b)?)"#,
            caseSensitive: true
        ).matches(in: opening) {
            guard let place = capture(match, 1), !months.contains(where: { place.hasPrefix($0) }),
                place.uppercased() != place || place.count <= 3
            else { continue }
            return place
        }
        return nil
    }

    /// The two-letter codes of the US states and DC, without those that are also English words (OK, IN, ME, OR,
    /// HI, OH).
    static let stateCodes = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "ID", "IL", "IA", "KS", "KY", "LA", "MD",
        "MA",
        "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "PA", "RI", "SC", "SD", "TN",
        "TX",
        "UT", "VT", "VA", "WA", "WV", "WI", "WY",
    ].joined(separator: "|")

    /// The text with `house` inside a name for something else blanked out (`Club House`, `open house`, `House
    /// Hunting`, `house rules`), letter for letter, so that the offsets of every other word stay where they were.
    static func withoutHouseNames(_ text: String) -> String {
        let names = houseNames.matches(in: text)
        guard !names.isEmpty else { return text }
        var blanked = ""
        var from = text.startIndex
        for match in names {
            blanked += text[from..<match.range.lowerBound]
            blanked += String(repeating: " ", count: text[match.range].utf8.count)
            from = match.range.upperBound
        }
        return blanked + text[from...]
    }

    static let houseNames = regex(
        #"\b(?:club|open|coffee|dog|green|guest|bath|light|ware|in)[ -]house\b|\bhouse[ -](?:hunting|rules?|plants?|warming|keeping|cleaning|sitt(?:er|ing)|music|party)\b"#
    )

    static let propertyWords: [(String, String)] = [
        ("오피스텔", "officetel"), ("아파트", "apartment"), ("빌라", "villa"), ("다세대", "villa"), ("연립", "villa"),
        ("단독주택", "house"), ("다가구", "house"), ("전원주택", "house"), ("단지", "apartment"),
        ("상가", "commercial"), ("사무실", "commercial"), ("점포", "commercial"), ("토지", "land"),
        ("condo", "apartment"), ("apartment", "apartment"), ("apt", "apartment"),
        ("townhouse", "house"), ("townhome", "house"), ("bungalow", "house"), ("cottage", "house"), ("duplex", "house"),
        ("house", "house"), ("office space", "commercial"),
        ("retail space", "commercial"),
    ]
    static let roomTypeWords: [(String, String)] = [
        ("원룸", "one_room"), ("투룸", "one_room"), ("studio", "one_room"),
    ]
    static let dealWords: [(String, String)] = [
        ("반전세", "monthly_rent"), ("월세", "monthly_rent"), ("전세", "jeonse"), ("매매", "sale"), ("분양", "sale"),
        ("급매", "sale"), ("단기임대", "short_term"), ("한달살기", "short_term"), ("단기", "short_term"), ("임대", "monthly_rent"),
        ("for rent", "monthly_rent"), ("for lease", "monthly_rent"), ("sublet", "monthly_rent"),
        ("/mo", "monthly_rent"),
        ("/month", "monthly_rent"), ("a month", "monthly_rent"), ("rent", "monthly_rent"), ("lease", "monthly_rent"),
        ("per month", "monthly_rent"), ("for sale", "sale"), ("팝니다", "sale"), ("price improved", "sale"),
        ("price reduced", "sale"), ("list price", "sale"), ("mortgage", "sale"),
    ]
    /// A rental's one dollar figure, when the text has no other and no word makes it a fee or a deposit, is its
    /// rent: `Spacious 1BR/1BA in Cleveland Heights, hardwood floors, $795. Heat included.`
    static func soleDollarFigure(_ text: String) -> (match: RuleMatch, evidence: String)? {
        let figures = dollarFigure.matches(in: text)
        guard figures.count == 1, let figure = figures.first,
            first(text, regex(#"deposit|security|fee\b|fees\b|application|\bhoa\b|\bpet rent"#)) == nil
        else { return nil }
        return (figure, String(text[figure.range]))
    }

    static let dollarFigure = regex(rentFigure + #"(?![\d,])"#)

    /// A dollar figure the size of a month's rent, captured: `$795`, `$1,350`.
    static let rentFigure = #"\$\s?(\d{1,2},\d{3}|\d{3,5})"#

    /// Deal words that may be said of any deal (`★급매★ 원룸 월세`: an urgent rental).
    static let hurryDealWords: Set<String> = ["급매", "팝니다"]
    static let roomWords: [(String, String)] = [
        ("쓰리룸", "3"), ("투룸", "2"), ("원룸", "1"), ("studio", "1"),
    ]
    static let directionWords: [(String, String)] = [
        ("남동향", "southeast"), ("남서향", "southwest"), ("북동향", "northeast"), ("북서향", "northwest"), ("남향", "south"),
        ("북향", "north"), ("동향", "east"), ("서향", "west"),
    ]
    static let heatingWords: [(String, String)] = [
        ("개별난방", "individual"), ("중앙난방", "central"), ("지역난방", "district"), ("도시가스", "individual"),
    ]
    static let optionWords: [(String, String)] = [
        ("에어컨", "air_conditioner"), ("냉장고", "refrigerator"), ("세탁기", "washing_machine"), ("가스레인지", "gas_range"),
        ("인덕션", "induction"), ("전자레인지", "microwave"), ("침대", "bed"), ("책상", "desk"), ("옷장", "wardrobe"),
        ("붙박이장", "wardrobe"), ("tv", "tv"), ("인터넷", "internet"), ("와이파이", "internet"), ("wifi", "internet"),
        ("신발장", "shoe_closet"), ("air conditioner", "air_conditioner"), ("air conditioning", "air_conditioner"),
        ("a/c", "air_conditioner"), ("in-unit washer", "washing_machine"),
        ("washer in unit", "washing_machine"), ("w/d in unit", "washing_machine"),
        ("in-unit laundry", "washing_machine"),
        ("fridge", "refrigerator"), ("refrigerator", "refrigerator"), ("microwave", "microwave"),
    ]
    /// `반려동물 협의 가능` (may be agreed): neither yes nor no, so the field is left for the person.
    static func leavesToBeAgreed(_ evidence: String) -> Bool {
        ["협의", "조율", "상의", "문의", "negotiable"].contains { evidence.lowercased().contains($0) }
    }

    /// (field, pattern for yes, pattern for no): a "no" wins when both appear.
    static let flags: [(FieldName, String, String)] = [
        (
            .parking,
            #"주차\s*(?:는|은|:)?\s*(?:가능|o|✔|있|세대당|[\d.]+\s*대|여유|넉넉|편리|100%)|\d\s*대\s*주차|무료\s*주차|주차장|parking|garage"#,
            #"주차\s*(?:는|은|:)?\s*(?:불가|x|안\s*됨|없)|no parking|street parking only"#
        ),
        (
            .elevator, #"(?:엘리베이터|엘베)\s*(?:는|:)?\s*(?:o|✔|있|\d+\s*대|연결)|elevator"#,
            #"(?:엘리베이터|엘베)\s*(?:는|은)?\s*(?:x|없)|no elevator|walk-?up"#
        ),
        (
            .petsAllowed, #"반려\s*(?:동물|견)[^\n]{0,12}?(?:가능|ok|환영)|pets? (?:allowed|ok|welcome|friendly)|allow pets"#,
            #"반려\s*(?:동물|견)[^\n]{0,12}?(?:불가|안\s*돼|x|금지|죄송)|no pets|pets not allowed"#
        ),
        (.loanOK, #"대출\s*(?:가능|[\d]+\s*%)|전세자금대출\s*가능|버팀목"#, #"대출\s*불가"#),
    ]
}
