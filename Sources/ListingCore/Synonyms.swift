import Foundation

/// Words in Korean and English that map onto the canonical enum values of docs/FIELDS.md.
public enum Synonyms {
    /// The canonical value of an enum field for a word, or nil.
    public static func canonical(_ text: String, field: FieldName) -> String? {
        let key = compactKey(text)
        guard let spec = FieldSchema.spec(named: field) else { return nil }
        if let exact = spec.allowedValues.first(where: { compactKey($0) == key }) { return exact }
        if field == .options { return optionTable[key] }
        return table[field]?[key]
    }

    /// The words that mean an enum value or an option (its own name included), as compact keys.
    public static func words(for value: String, field: FieldName) -> [String] {
        let source = field == .options ? optionTable : (table[field] ?? [:])
        return [compactKey(value)] + source.filter { $0.value == value }.map(\.key)
    }

    /// Lower-cased with spaces, hyphens, underscores and dots removed: `Monthly-Rent` → `monthlyrent`.
    public static func compactKey(_ text: String) -> String {
        compact(key: TextNormalization.key(text))
    }

    /// `compactKey` of a text already made a key (`TextNormalization.key`).
    public static func compact(key: String) -> String {
        var kept: [UInt8] = []
        kept.reserveCapacity(key.utf8.count)
        for scalar in key.unicodeScalars {
            switch scalar {
            // Foundation's `CharacterSet.whitespaces` (spaces and tab), and the joiners of words.
            case " ", "\t", "\u{00A0}", "\u{1680}", "\u{2000}"..."\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}",
                "-", "_", ".", "·", "'", "\"", "`":
                continue
            default:
                kept.append(contentsOf: scalar.utf8)
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// The canonical options named in a list (`에어컨, 세탁기` or `air_conditioner;tv`), and the items not understood.
    public static func options(_ text: String) -> (values: [String], unknown: [String]) {
        var values: [String] = []
        var unknown: [String] = []
        let separators = CharacterSet(charactersIn: ",;/·・|、\n")
        for rawItem in text.components(separatedBy: separators) {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty, !TextNormalization.isAbsentMarker(item) else { continue }
            if let value = canonical(item, field: .options) {
                if !values.contains(value) { values.append(value) }
            } else {
                unknown.append(item)
            }
        }
        return (values, unknown)
    }

    static func entries(_ pairs: [String: [String]]) -> [String: String] {
        var result: [String: String] = [:]
        for (value, words) in pairs {
            for word in words { result[compactKey(word)] = value }
        }
        return result
    }

    static let table: [FieldName: [String: String]] = [
        .dealType: entries([
            "sale": ["매매", "for sale", "sell", "selling", "sold", "buy", "purchase", "분양", "급매", "팝니다", "매도"],
            "jeonse": ["전세", "chonsei", "key money", "전세임대"],
            "monthly_rent": [
                "월세", "반전세", "rent", "rental", "for rent", "lease", "monthly", "monthly rental", "임대",
                "월세임대", "sublet", "sublease", "/mo", "per month", "a month", "/month", "month",
            ],
            "short_term": ["단기", "단기임대", "일세", "주세", "short term", "short-term rental", "한달살기", "vacation rental"],
        ]),
        .propertyType: entries([
            "apartment": ["아파트", "apt", "apartment", "condo", "condominium", "flat", "주상복합", "co-op", "coop", "단지"],
            "officetel": ["오피스텔", "officetel"],
            "villa": ["빌라", "다세대", "연립", "다세대주택", "연립주택"],
            "house": [
                "단독", "단독주택", "다가구", "다가구주택", "주택", "house", "single family", "detached", "전원주택", "townhouse",
                "townhome", "bungalow", "cottage", "duplex",
            ],
            "one_room": ["원룸", "투룸", "studio", "one room", "oneroom", "쓰리룸", "고시원", "room"],
            "commercial": [
                "상가", "사무실", "점포", "office", "retail", "store", "shop", "commercial", "지식산업센터", "공장",
                "창고", "warehouse",
            ],
            "land": ["토지", "대지", "land", "lot", "임야", "전답"],
            "other": ["기타", "other"],
        ]),
        .direction: entries([
            "south": ["남향", "남", "south", "south facing", "s"],
            "southeast": ["남동향", "남동", "동남향", "동남", "southeast", "south east", "se"],
            "east": ["동향", "동", "east", "e"],
            "northeast": ["북동향", "북동", "동북향", "동북", "northeast", "north east", "ne"],
            "north": ["북향", "북", "north", "n"],
            "northwest": ["북서향", "북서", "서북향", "서북", "northwest", "north west", "nw"],
            "west": ["서향", "서", "west", "w"],
            "southwest": ["남서향", "남서", "서남향", "서남", "southwest", "south west", "sw"],
        ]),
        .heating: entries([
            "individual": ["개별난방", "개별", "도시가스", "도시가스보일러", "보일러", "gas boiler", "individual heating"],
            "central": ["중앙난방", "중앙", "central heating"],
            "district": ["지역난방", "지역", "district heating"],
        ]),
        .category: entries([
            "digital": [
                "디지털기기", "디지털", "전자기기", "electronics", "phone", "phones", "computer", "computers", "laptop",
                "camera", "console", "휴대폰", "핸드폰", "스마트폰", "노트북", "컴퓨터", "태블릿", "카메라",
            ],
            "appliances": ["생활가전", "가전", "가전제품", "appliance", "home appliances"],
            "furniture": ["가구", "가구/인테리어", "가구인테리어", "인테리어", "furniture", "home decor"],
            "kitchen": ["생활/주방", "생활주방", "주방", "주방용품", "생활용품", "kitchenware", "household", "home goods"],
            "kids": ["유아동", "유아", "아동", "유아도서", "baby", "kids", "children", "toddler"],
            "fashion": [
                "의류", "패션", "여성의류", "남성의류", "패션잡화", "잡화", "clothing", "clothes", "shoes", "bags",
                "accessories", "apparel", "신발", "가방",
            ],
            "beauty": ["뷰티", "뷰티/미용", "뷰티미용", "미용", "화장품", "cosmetics", "makeup"],
            "sports": [
                "스포츠", "스포츠/레저", "스포츠레저", "레저", "자전거", "sport", "sporting goods", "bicycle", "bike",
                "outdoor", "fitness",
            ],
            "hobby": [
                "취미", "게임", "음반", "취미/게임/음반", "취미게임음반", "games", "music", "instruments", "collectibles",
                "toys", "악기",
            ],
            "books": ["도서", "책", "book", "books"],
            "tickets": ["티켓", "교환권", "티켓/교환권", "티켓교환권", "ticket", "gift card", "voucher", "상품권"],
            "pets": ["반려동물용품", "반려동물", "pet supplies", "pet"],
            "plants": ["식물", "plant", "plants"],
            "vehicles": ["자동차", "중고차", "오토바이", "차량", "car", "cars", "motorcycle", "auto parts", "vehicle", "auto"],
            "other": ["기타", "기타중고물품", "other", "misc"],
        ]),
        .condition: entries([
            "new": [
                "새상품", "새것", "미개봉", "미사용", "새제품", "new", "brand new", "new in box", "nib", "nwt",
                "new with tags", "sealed", "unopened", "신품", "신제품", "never worn", "never used", "bnwt", "택포함새것",
            ],
            "like_new": [
                "s급", "거의새것", "거의 새것", "like new", "mint", "excellent", "1회사용", "1-2회사용", "1~2회 사용",
                "새것같음", "open box", "가벼운사용감", "거의새제품", "새제품만큼", "1회착용", "한번착용", "하루착용",
                "한번사용", "딱한번",
            ],
            "good": [
                "a급", "good", "사용감적음", "사용감 적음", "상태좋음", "very good", "gently used", "양호", "상태좋", "great condition",
            ],
            "fair": [
                "b급", "fair", "사용감있음", "사용감 있음", "생활기스", "used", "worn", "c급", "흠집있음", "기스", "잔기스", "흠집", "scratches",
            ],
            "for_parts": ["고장", "부품용", "for parts", "as-is", "as is", "broken", "not working", "parts only", "junk"],
        ]),
        .tradeMethod: entries([
            "in_person": [
                "직거래", "in person", "pickup", "pick up", "local pickup", "pickup only", "meetup", "meet up",
                "cash and carry", "대면", "가지러", "문고리",
            ],
            "shipping": [
                "택배", "택배거래", "반값택배", "편의점택배", "gs택배", "cu택배", "shipping", "ship", "delivery", "ships",
                "post", "우편", "배송", "택포", "반택",
            ],
            "both": [
                "both", "직거래/택배", "직거래택배", "택배/직거래", "택배직거래", "둘다", "둘다가능", "직택", "pickup or shipping",
                "shipping or pickup",
            ],
        ]),
        .currency: entries([
            "KRW": ["원", "₩", "won", "krw", "korean won"],
            "USD": ["$", "usd", "dollar", "dollars", "us$", "us dollars"],
            "EUR": ["€", "eur", "euro", "euros"],
            "JPY": ["¥", "円", "엔", "yen", "jpy"],
            "GBP": ["£", "gbp", "pound", "pounds"],
        ]),
    ]

    static let optionTable: [String: String] = entries([
        "air_conditioner": [
            "에어컨", "벽걸이에어컨", "스탠드에어컨", "시스템에어컨", "air conditioner", "air conditioning", "ac", "central air",
            "a/c", "aircon", "에어콘", "냉방",
        ],
        "refrigerator": ["냉장고", "빌트인냉장고", "fridge", "refrigerator"],
        "washing_machine": [
            "세탁기", "드럼세탁기", "washer", "washing machine", "laundry", "in-unit laundry",
            "washer/dryer",
        ],
        "gas_range": ["가스레인지", "가스렌지", "가스버너", "gas range", "gas stove", "stove", "가스쿡탑", "쿡탑"],
        "induction": ["인덕션", "하이라이트", "전기레인지", "induction", "cooktop"],
        "microwave": ["전자레인지", "전자렌지", "microwave"],
        "bed": ["침대", "bed", "더블침대", "싱글침대", "퀸침대", "매트리스"],
        "desk": ["책상", "desk"],
        "wardrobe": ["옷장", "붙박이장", "붙박이", "wardrobe", "closet", "built-in closet", "walk-in closet"],
        "tv": ["tv", "티비", "텔레비전", "television"],
        "internet": ["인터넷", "와이파이", "wifi", "wi-fi", "internet", "wi fi"],
        "shoe_closet": ["신발장", "shoe closet", "shoe cabinet", "shoe rack"],
    ])
}
