import Foundation
import ListingCore

extension RuleExtractor {
    static func secondHandFields(_ text: String) -> [ReplyWriter.Field] {
        var found = FieldCollector()
        func add(_ name: FieldName, _ value: String, _ evidence: String?) { found.add(name, value, evidence) }
        if let title = title(text) { add(.title, title, nil) }
        let brand = vocabulary(text, brandWords).first
        if let (value, word) = vocabulary(text, categoryWords).first { add(.category, value, word) }
        // An accessory made to fit a device (`애플워치 스트랩`, `iPhone case`) is not by the device's maker,
        // unless the post says it is genuine (정품).
        let fitsADevice =
            vocabulary(text, accessoryWords).first != nil
            && vocabulary(text, [("정품", "genuine"), ("genuine", "genuine")]).first == nil
        if let brand, !(fitsADevice && deviceWords.contains(brand.word.lowercased())) {
            add(.brand, brand.value, brand.word)
        }
        if let (_, evidence) = first(text, regex(modelPattern)) { add(.model, evidence, evidence) }
        if let (value, word) = condition(text) { add(.condition, value, word) }

        // Price: the first figure that is not a retail, purchase or shipping price.
        // Marketplace pastes put the price on a line of its own under the title (`11,000원`, `$41`).
        for line in text.split(separator: "\n").prefix(4) {
            let candidate = TextEditing.trimmingSpaces(line)
            guard candidate.count <= 16, candidate.first?.isNumber == true || candidate.first == "$",
                candidate.hasSuffix("원") || candidate.first == "$",
                let price = money(candidate, bareUnit: 1)
            else { continue }
            add(.price, String(price), candidate)
            break
        }
        // A giveaway: 나눔, or `free` as an offer (not `smoke free`, `feel free`).
        if !found.has(.price),
            let (_, evidence) = first(
                text,
                regex(
                    #"무료\s*나눔|나눔\s*(?:합니다|해요|해드려요|드려요)|\bfor free\b|\bfree to (?:a )?good home|\bcurb alert|^free\b(?!\s+people\b)|\bfree:|\bprice:\s*free"#
                ))
        {
            add(.price, "0", evidence)
        }
        // The price: the figure of the most telling pattern, the earliest of those; a price lowered along arrows
        // (`155만 → 95만 → 89만`) asks the figure the last arrow points to.
        let candidates = askingPriceMatches(text)
        if !found.has(.price),
            let chosen = loweredTo(candidates, in: text)
                ?? candidates.min(by: { ($0.pattern, $0.position) < ($1.pattern, $1.position) })
        {
            add(.price, String(chosen.amount), chosen.words)
        }
        if found.has(.price) { add(.currency, CurrencyRule.currency(of: text), nil) }

        if let (_, evidence) = first(
            text,
            regex(
                #"네고[^\n]{0,8}?(?:불가|x|안\s*됩니다|안\s*돼|안\s*받|사절|차단|어렵|no)|가격\s*제안\s*불가|(?:에누리|에눌|애눌)[^\n]{0,4}?(?:불가|x|사절)|가격\s*조정[^\n]{0,4}?(?:불가|x|안\s*(?:받|됩|돼)|받지\s*않)|가격에만\s*판매|\bfirm\b|no lowball|정가\s*판매"#
            ))
        {
            add(.negotiable, "false", evidence)
        } else if let (_, evidence) = first(
            text, regex(#"네고\s*(?:가능|o)|가격\s*제안|\bobo\b|or best offer|negotiable|네고\s*해|에눌|에누리"#))
        {
            add(.negotiable, "true", evidence)
        }
        // A method the post refuses (`택배 불가`, `no shipping`) is not offered.
        let inPerson =
            first(text, regex(#"직거래\s*(?:불가|x|안\s*(?:해|돼|됩))|no (?:local )?pick ?up|shipping only|택배\s*만"#))
                == nil
            ? first(
                text,
                regex(
                    #"직거래|in person|local pickup|pick ?up|meet ?up|cash only|가지러\s*오|가져가실|가지고\s*가실|직접\s*가져|문고리|방문\s*수령"#
                )) : nil
        let shipping =
            first(text, regex(#"택배\s*(?:거래\s*)?(?:불가|x|안\s*(?:해|돼|됩))|no shipping|pick ?up only|직거래\s*만"#)) == nil
            ? first(text, regex(#"택배|반값\s*택|반택|택포|편의점\s*택배|shipping|will ship|can ship|\bships\b|배송"#)) : nil
        switch (inPerson, shipping) {
        case (let person?, nil): add(.tradeMethod, "in_person", person.evidence)
        case (nil, let ship?): add(.tradeMethod, "shipping", ship.evidence)
        case (_?, _?): add(.tradeMethod, "both", nil)
        default: break
        }
        if let (match, evidence) = first(
            text,
            regex(
                #"(?:사이즈|size)\s*:?\s*((?:x{0,2}-?small|medium|x{0,2}-?large|xxs|xs|s|m|l|xl|xxl|xxxl|free|us\s?\d{1,2}(?:\.5)?|\d{2,3}(?:\.5)?\s?(?:mm|cm)?|\d{1,2}t|\d{1,2}(?:\.5)?))(?![a-z0-9]|\s*(?:번|회|차례|개|벌|장|켤레|일|달|개월|년|주))"#
            ))
            ?? first(text, regex(#"(?:^|[^a-z0-9])((?:xxs|xs|s|m|l|xl|xxl|xxxl|\d{2,3}))\s*사이즈"#))
            ?? first(text, regex(#"(\d{3}\s?mm)"#))
            // A pair of jeans' waist and length: `W32 L30`.
            ?? first(text, regex(#"\b(w\d{2}\s?l\d{2})\b"#)),
            let size = capture(match, 1)
        {
            add(.size, size, evidence)
        }
        let titleLine = text.split(separator: "\n").first.map(String.init) ?? text
        if let (match, evidence) = first(text, regex(#"(\d+)\s*(?:개|벌|켤레|장)\s*(?:일괄|전부|모두|한번에)"#))
            ?? first(titleLine, regex(#"(\d{1,2})\s*(?:종|개|통|벌|켤레)(?!\s*(?:월|년|입|중))"#))
            ?? first(text, regex(#"(?:×|x)\s*(\d{1,2})\s*(?:개|통|ea|pcs)"#))
            ?? first(text, regex(#"\b(?:bundle|set|lot) of (\d{1,2})\b"#))
            ?? first(text, regex(#"(?:set of|qty:?|quantity:?)\s*(\d+)"#)),
            let quantity = capture(match, 1), let count = Int(quantity), count > 1
        {
            add(.quantity, quantity, evidence)
        }
        if let (match, evidence) = first(
            text,
            regex(
                #"(?:거래\s*(?:장소|지역|위치)|직거래\s*(?:장소|지역)|위치|(?<![가-힣])장소|location|pickup in)\s*:\s*([^\n,\]]{2,30})"#
            )),
            let place = capture(match, 1).map({ TextEditing.trimming($0, where: isPlaceTrim) })
        {
            add(.location, place, evidence)
        } else if let (match, evidence) = first(text, regex(#"직거래\s*(?:는|은)?\s*([가-힣]{2,8}(?:역|동|구))(?![가-힣])"#))
            ?? first(text, regex(#"([가-힣]{2,8}(?:역|동))\s*(?:에서|근처)?\s*직거래"#)),
            let place = capture(match, 1)
        {
            add(.location, place, evidence)
        } else if let (place, evidence) = location(text) {
            add(.location, place, evidence)
        }
        return found.fields
    }

    /// The patterns a price is read with, most telling first, each with the unit of a bare figure it captures.
    static let pricePatterns: [(pattern: String, bareUnit: Int)] = [
        (#"(?:가격|판매가|price|asking)\s*:?\s*(\$?\s?[\d,]+(?:\.\d+)?\s*(?:만\s*원?|천\s*원|원|k)?)"#, 1),
        (#"(\$\s?[\d,]+(?:\.\d+)?k?)"#, 1),
        (
            #"([\d,]+(?:\.\d+)?\s*(?:만\s*원?(?!\s*(?:km|킬로|키로|마일|miles?)\b)|마넌)|[\d,]{3,}\s*원|(?<![\d,.가-힣])만\s*원(?!\s*(?:대|짜리|이하|미만|이상)))"#,
            1
        ),
        // A figure in thousands with no unit that the seller sells at (`380,000에 판매합니다`).
        (#"((?<![\d,.])\d{1,3}(?:,\d{3})+)\s*에\s*(?:판매|팝니다|팔아요|드려요|드립니다|처분|넘겨)"#, 1),
        // Shipping included at a bare small figure, which is in 만원 (`택포 11`: 110,000원).
        (#"택포\s*(\d{1,3})(?![\d,.]|\s*(?:원|천|만|개|벌|장|켤레|%|k\b))"#, 10_000),
    ]
    /// Words before a figure that make it some other price than the asking one.
    static let notTheAskingPrice = regex(
        #"(?:정가|구매가|구입가|새제품가|신품가|출고가|retail|paid|msrp|택배비|배송비|반값택배|shipping|원래|originally"#
            + #"|\bwas|\bused to be)\s*:?\s*(?:는|은)?\s*$"#)

    /// Words after a figure that make it what the seller paid (`485,000원에 구매했고`, `200만원대 주고 샀고`), not what
    /// they ask; `…에 구매 가능` and `…에 구매하세요` still ask it.
    static let paidForIt = regex(
        #"^\s*(?:대|넘게|정도|이상|쯤)?\s*(?:에|을|를)?\s*(?:주고|구매(?!\s*(?:가능|하실|하세요|원하))|구입(?!\s*(?:가능|하실|하세요))|샀|사서)"#)

    /// What is trimmed from a pickup place: spaces, brackets and the pin people put before it (`📍 역삼역`).
    static func isPlaceTrim(_ scalar: Unicode.Scalar) -> Bool {
        TextEditing.isHorizontalSpace(scalar) || "[]📍".unicodeScalars.contains(scalar)
    }

    /// Every figure that could be the asking price, with the pattern that found it (0 is the most telling) and
    /// where it stands.
    static func askingPriceMatches(_ text: String) -> [(pattern: Int, position: Int, amount: Int, words: String)] {
        var matches: [(pattern: Int, position: Int, amount: Int, words: String)] = []
        for (index, (pattern, unit)) in pricePatterns.enumerated() {
            for match in regex(pattern).matches(in: text) {
                let position = text.distance(from: text.startIndex, to: match.range.lowerBound)
                let before = text[
                    text.index(match.range.lowerBound, offsetBy: -min(16, position))..<match.range.lowerBound]
                if notTheAskingPrice.firstMatch(in: String(before)) != nil { continue }
                let end = text.index(match.range.upperBound, offsetBy: 14, limitedBy: text.endIndex) ?? text.endIndex
                if paidForIt.firstMatch(in: String(text[match.range.upperBound..<end])) != nil { continue }
                guard let figure = capture(match, 1), let price = money(figure, bareUnit: unit), price > 0 else {
                    continue
                }
                matches.append(
                    (index, position, price, TextEditing.trimmingSpaces(text[match.range])))
            }
        }
        return matches
    }

    /// The figure at the end of a chain of arrows between prices (`A → B → C`: C), or nil when no arrow joins two.
    static func loweredTo(
        _ matches: [(pattern: Int, position: Int, amount: Int, words: String)], in text: String
    ) -> (pattern: Int, position: Int, amount: Int, words: String)? {
        let ordered = matches.sorted { $0.position < $1.position }
        var last: (pattern: Int, position: Int, amount: Int, words: String)?
        for (earlier, later) in zip(ordered, ordered.dropFirst()) where later.position > earlier.position {
            let start = text.index(text.startIndex, offsetBy: earlier.position)
            let end = text.index(text.startIndex, offsetBy: later.position)
            let between = text[start..<end]
            if between.contains("→") || between.contains("->") || between.contains("=>") { last = later }
        }
        return last
    }

    /// The different amounts a post gives as its price, in the order it gives them (`155만 → 95만 → 오늘만 89만원`):
    /// more than one means the person should choose.
    public static func priceCandidates(_ text: String) -> [Int] {
        var seen: [Int] = []
        for match in askingPriceMatches(TextNormalization.fold(text, keepLines: true)).sorted(by: {
            $0.position < $1.position
        })
        where !seen.contains(match.amount) {
            seen.append(match.amount)
        }
        return seen
    }

    static let modelPattern =
        #"(?:iphone|아이폰)\s?\d{1,2}(?:\s?(?:pro|프로|max|맥스|mini|미니|plus|플러스))*(?:\s?\d{2,4}\s?(?:gb|tb|기가))?|\b[A-Z]{2,4}-[A-Z0-9]{3,8}\b|(?:galaxy|갤럭시)\s?(?:s|z|a|note|노트|탭|tab|버즈|buds|워치|watch)\s?\d{0,2}(?:\s?(?:ultra|울트라|plus|플러스|fe|flip|fold|폴드|플립)\d?)*|(?:macbook|맥북)\s?(?:air|pro|에어|프로)?(?:\s?m\d)?|ipad\s?(?:pro|air|mini)?\s?\d*|(?:airpods|에어팟)\s?(?:pro|max|프로|맥스)?\s?\d?|ps[45]|플스\s?[45]|(?:nintendo\s)?switch(?:\s?oled)?"#

    static let accessoryWords: [(String, String)] = [
        ("호환", "fits"), ("케이스", "fits"), ("스트랩", "fits"), ("보호필름", "fits"), ("필름", "fits"), ("거치대", "fits"),
        ("case", "fits"), ("strap", "fits"), ("compatible", "fits"), ("screen protector", "fits"), ("charger", "fits"),
    ]
    /// Words that name a device rather than its maker: they imply the brand only for the device itself.
    static let deviceWords: Set<String> = [
        "iphone", "아이폰", "ipad", "아이패드", "macbook", "맥북", "airpods", "에어팟", "galaxy", "갤럭시", "애플워치", "ps5", "플스",
    ]

    static let brandWords: [(String, String)] = [
        ("애플워치", "Apple"),
        ("iphone", "Apple"), ("아이폰", "Apple"), ("ipad", "Apple"), ("아이패드", "Apple"), ("macbook", "Apple"),
        ("맥북", "Apple"), ("맥스튜디오", "Apple"), ("mac studio", "Apple"), ("아이맥", "Apple"), ("imac", "Apple"),
        ("airpods", "Apple"), ("에어팟", "Apple"), ("apple", "Apple"), ("애플", "Apple"),
        ("galaxy", "Samsung"), ("갤럭시", "Samsung"), ("samsung", "Samsung"), ("삼성", "삼성"), ("lg", "LG"), ("엘지", "LG"),
        ("sony", "Sony"), ("소니", "Sony"), ("ps5", "Sony"), ("플스", "Sony"), ("nintendo", "Nintendo"),
        ("닌텐도", "Nintendo"),
        ("dyson", "Dyson"), ("다이슨", "Dyson"), ("ikea", "IKEA"), ("이케아", "IKEA"), ("nike", "Nike"), ("나이키", "Nike"),
        ("adidas", "Adidas"), ("아디다스", "Adidas"), ("north face", "The North Face"), ("노스페이스", "The North Face"),
        ("starbucks", "Starbucks"), ("스타벅스", "Starbucks"), ("lululemon", "Lululemon"), ("룰루레몬", "Lululemon"),
        ("taylormade", "TaylorMade"), ("테일러메이드", "TaylorMade"), ("hermes", "Hermès"), ("에르메스", "Hermès"),
        ("canon", "Canon"), ("캐논", "Canon"), ("nikon", "Nikon"), ("니콘", "Nikon"), ("fujifilm", "Fujifilm"),
        ("후지필름", "Fujifilm"), ("bose", "Bose"), ("보스", "Bose"), ("xiaomi", "Xiaomi"), ("샤오미", "Xiaomi"),
        ("lenovo", "Lenovo"), ("레노버", "Lenovo"), ("dell", "Dell"), ("hp ", "HP"), ("asus", "ASUS"), ("에이수스", "ASUS"),
        ("cuckoo", "Cuckoo"), ("쿠쿠", "Cuckoo"), ("philips", "Philips"), ("필립스", "Philips"), ("balmuda", "BALMUDA"),
        ("발뮤다", "BALMUDA"), ("bugaboo", "Bugaboo"), ("부가부", "Bugaboo"), ("stokke", "Stokke"), ("스토케", "Stokke"),
        ("lego", "LEGO"), ("레고", "LEGO"), ("yamaha", "Yamaha"), ("야마하", "Yamaha"), ("fender", "Fender"),
        ("펜더", "Fender"), ("gucci", "Gucci"), ("구찌", "Gucci"), ("chanel", "Chanel"), ("샤넬", "Chanel"),
        ("louis vuitton", "Louis Vuitton"), ("루이비통", "Louis Vuitton"), ("new balance", "New Balance"),
        ("뉴발란스", "New Balance"), ("patagonia", "Patagonia"), ("파타고니아", "Patagonia"), ("herman miller", "Herman Miller"),
        ("허먼밀러", "Herman Miller"), ("trek", "Trek"), ("specialized", "Specialized"), ("brompton", "Brompton"),
        ("브롬톤", "Brompton"), ("kitchenaid", "KitchenAid"), ("melissa & doug", "Melissa & Doug"), ("peloton", "Peloton"),
        ("배민", "배달의민족"), ("배달의민족", "배달의민족"), ("instant pot", "Instant Pot"), ("vitamix", "Vitamix"),
        ("melissa and doug", "Melissa & Doug"), ("fossil", "Fossil"), ("disney", "Disney"), ("디즈니", "Disney"),
        ("rae dunn", "Rae Dunn"), ("raedunn", "Rae Dunn"), ("funko", "Funko"), ("pacsun", "PacSun"),
        ("under armour", "Under Armour"), ("언더아머", "Under Armour"), ("squishmallow", "Squishmallows"),
        ("kate spade", "Kate Spade"), ("coach", "Coach"), ("코치", "Coach"), ("michael kors", "Michael Kors"),
        ("levi's", "Levi's"), ("levis", "Levi's"), ("리바이스", "Levi's"), ("columbia", "Columbia"),
        ("carhartt", "Carhartt"), ("칼하트", "Carhartt"), ("stussy", "Stüssy"), ("스투시", "Stüssy"),
        ("ralph lauren", "Ralph Lauren"), ("랄프로렌", "Ralph Lauren"), ("lacoste", "Lacoste"),
        ("라코스테", "Lacoste"), ("tommy hilfiger", "Tommy Hilfiger"), ("타미힐피거", "Tommy Hilfiger"),
        ("madewell", "Madewell"),
        ("american girl", "American Girl"), ("free people", "Free People"), ("victoria's secret", "Victoria's Secret"),
        ("kendra scott", "Kendra Scott"), ("lilly pulitzer", "Lilly Pulitzer"), ("supreme", "Supreme"),
        ("슈프림", "Supreme"), ("arc'teryx", "Arc'teryx"),
        ("아크테릭스", "Arc'teryx"),
        // Car makers, and the Korean makers' best-known models (`현대` alone is also "modern").
        ("honda", "Honda"), ("혼다", "Honda"), ("toyota", "Toyota"), ("도요타", "Toyota"), ("토요타", "Toyota"),
        ("hyundai", "Hyundai"), ("현대자동차", "현대"), ("현대차", "현대"), ("아반떼", "현대"), ("쏘나타", "현대"),
        ("그랜저", "현대"), ("싼타페", "현대"), ("투싼", "현대"), ("기아자동차", "기아"), ("기아차", "기아"), ("쏘렌토", "기아"),
        ("카니발", "기아"), ("nissan", "Nissan"), ("닛산", "Nissan"), ("subaru", "Subaru"), ("mazda", "Mazda"),
        ("tesla", "Tesla"), ("테슬라", "Tesla"), ("bmw", "BMW"), ("mercedes", "Mercedes-Benz"), ("벤츠", "Mercedes-Benz"),
        ("audi", "Audi"), ("아우디", "Audi"), ("volkswagen", "Volkswagen"), ("폭스바겐", "Volkswagen"),
        ("chevrolet", "Chevrolet"), ("chevy", "Chevrolet"), ("쉐보레", "Chevrolet"), ("jeep", "Jeep"), ("lexus", "Lexus"),
        ("렉서스", "Lexus"),
        ("uniqlo", "Uniqlo"), ("유니클로", "Uniqlo"), ("zara", "Zara"), ("muji", "MUJI"), ("무인양품", "MUJI"),
        ("converse", "Converse"), ("컨버스", "Converse"), ("vans", "Vans"), ("puma", "Puma"), ("푸마", "Puma"),
        ("reebok", "Reebok"), ("리복", "Reebok"), ("asics", "ASICS"), ("아식스", "ASICS"), ("salomon", "Salomon"),
        ("살로몬", "Salomon"), ("hoka", "Hoka"), ("birkenstock", "Birkenstock"), ("버켄스탁", "Birkenstock"), ("ugg", "UGG"),
        ("dr. martens", "Dr. Martens"), ("닥터마틴", "Dr. Martens"), ("moncler", "Moncler"), ("몽클레어", "Moncler"),
        ("prada", "Prada"), ("프라다", "Prada"), ("dior", "Dior"), ("디올", "Dior"), ("celine", "Celine"), ("셀린느", "Celine"),
        ("rolex", "Rolex"), ("롤렉스", "Rolex"), ("cartier", "Cartier"), ("까르띠에", "Cartier"), ("casio", "Casio"),
        ("카시오", "Casio"), ("g-shock", "Casio"), ("지샥", "Casio"), ("garmin", "Garmin"), ("가민", "Garmin"),
        ("fitbit", "Fitbit"), ("beats", "Beats"), ("jbl", "JBL"), ("marshall", "Marshall"), ("마샬", "Marshall"),
        ("sennheiser", "Sennheiser"), ("젠하이저", "Sennheiser"), ("logitech", "Logitech"), ("로지텍", "Logitech"),
        ("razer", "Razer"), ("microsoft", "Microsoft"), ("xbox", "Microsoft"), ("엑스박스", "Microsoft"),
        ("google pixel", "Google"), ("gopro", "GoPro"), ("고프로", "GoPro"), ("dji", "DJI"),
        ("leica", "Leica"), ("라이카", "Leica"), ("olympus", "Olympus"), ("올림푸스", "Olympus"), ("panasonic", "Panasonic"),
        ("파나소닉", "Panasonic"), ("coway", "Coway"), ("코웨이", "Coway"), ("winix", "Winix"), ("위닉스", "Winix"),
        ("braun", "Braun"), ("tefal", "Tefal"), ("테팔", "Tefal"), ("hanssem", "Hanssem"), ("한샘", "Hanssem"),
        ("iloom", "iloom"), ("일룸", "iloom"), ("sidiz", "Sidiz"), ("시디즈", "Sidiz"), ("cybex", "Cybex"),
        ("싸이벡스", "Cybex"),
        ("fisher-price", "Fisher-Price"), ("피셔프라이스", "Fisher-Price"), ("graco", "Graco"), ("chicco", "Chicco"),
        ("uppababy", "UPPAbaby"), ("britax", "Britax"), ("coleman", "Coleman"), ("콜맨", "Coleman"),
        ("snow peak", "Snow Peak"),
        ("스노우피크", "Snow Peak"), ("helinox", "Helinox"), ("헬리녹스", "Helinox"), ("callaway", "Callaway"),
        ("캘러웨이", "Callaway"), ("titleist", "Titleist"), ("타이틀리스트", "Titleist"), ("giant", "Giant"), ("자이언트", "Giant"),
        ("삼천리", "삼천리자전거"), ("le creuset", "Le Creuset"), ("르크루제", "Le Creuset"), ("pyrex", "Pyrex"), ("yeti", "YETI"),
        ("stanley", "Stanley"), ("hydro flask", "Hydro Flask"), ("keurig", "Keurig"), ("nespresso", "Nespresso"),
        ("네스프레소", "Nespresso"), ("breville", "Breville"), ("cuisinart", "Cuisinart"), ("irobot", "iRobot"),
        ("roomba", "iRobot"), ("룸바", "iRobot"), ("pottery barn", "Pottery Barn"), ("west elm", "West Elm"),
        ("steelcase", "Steelcase"), ("tory burch", "Tory Burch"), ("lg전자", "LG"), ("삼성전자", "삼성"),
    ]
    static let categoryWords: [(String, String)] = [
        ("아이폰", "digital"), ("iphone", "digital"), ("갤럭시", "digital"), ("galaxy", "digital"), ("ipad", "digital"),
        ("아이패드", "digital"), ("맥북", "digital"), ("macbook", "digital"), ("노트북", "digital"), ("laptop", "digital"),
        ("에어팟", "digital"), ("airpods", "digital"), ("카메라", "digital"), ("camera", "digital"), ("모니터", "digital"),
        ("monitor", "digital"), ("ps5", "digital"), ("플스", "digital"), ("닌텐도", "digital"), ("nintendo", "digital"),
        ("switch", "digital"), ("키보드", "digital"), ("keyboard", "digital"), ("헤드폰", "digital"),
        ("headphones", "digital"),
        ("이어폰", "digital"), ("tablet", "digital"), ("태블릿", "digital"),
        ("냉장고", "appliances"), ("세탁기", "appliances"), ("청소기", "appliances"), ("vacuum", "appliances"),
        ("에어컨", "appliances"), ("전자레인지", "appliances"), ("공기청정기", "appliances"), ("air purifier", "appliances"),
        ("밥솥", "appliances"), ("선풍기", "appliances"), ("dyson", "appliances"), ("다이슨", "appliances"),
        ("소파", "furniture"), ("sofa", "furniture"), ("couch", "furniture"), ("책상", "furniture"), ("desk", "furniture"),
        ("의자", "furniture"), ("chair", "furniture"), ("침대", "furniture"), ("bed frame", "furniture"),
        ("dresser", "furniture"), ("bookshelf", "furniture"), ("table", "furniture"), ("식탁", "furniture"),
        ("수납장", "furniture"), ("이케아", "furniture"), ("ikea", "furniture"),
        ("냄비", "kitchen"), ("프라이팬", "kitchen"), ("그릇", "kitchen"), ("텀블러", "kitchen"), ("cookware", "kitchen"),
        ("유모차", "kids"), ("stroller", "kids"), ("카시트", "kids"), ("car seat", "kids"), ("아기", "kids"), ("baby", "kids"),
        ("toddler", "kids"), ("장난감", "kids"),
        ("패딩", "fashion"), ("자켓", "fashion"), ("jacket", "fashion"), ("코트", "fashion"), ("coat", "fashion"),
        ("운동화", "fashion"), ("sneakers", "fashion"), ("shoes", "fashion"), ("air max", "fashion"),
        ("jordan", "fashion"), ("가방", "fashion"), ("bag", "fashion"),
        ("원피스", "fashion"), ("dress", "fashion"), ("셔츠", "fashion"), ("shirt", "fashion"), ("jeans", "fashion"),
        ("레깅스", "fashion"), ("shorts", "fashion"), ("lg 그램", "digital"), ("lg그램", "digital"), ("엘지 그램", "digital"),
        ("테이블", "furniture"), ("맥스튜디오", "digital"), ("mac studio", "digital"), ("아이맥", "digital"), ("imac", "digital"),
        ("화장품", "beauty"), ("향수", "beauty"), ("perfume", "beauty"), ("makeup", "beauty"),
        ("자전거", "sports"), ("bike", "sports"), ("bicycle", "sports"), ("골프", "sports"), ("golf", "sports"),
        ("캠핑", "sports"), ("텐트", "sports"), ("tent", "sports"), ("요가", "sports"), ("yoga", "sports"),
        ("덤벨", "sports"), ("treadmill", "sports"), ("러닝머신", "sports"),
        ("guitar", "hobby"), ("피아노", "hobby"), ("piano", "hobby"), ("레고", "hobby"), ("lego", "hobby"),
        ("보드게임", "hobby"), ("board game", "hobby"), ("vinyl", "hobby"), ("피규어", "hobby"),
        ("책", "books"), ("도서", "books"), ("book", "books"), ("교재", "books"), ("소설", "books"),
        ("티켓", "tickets"), ("ticket", "tickets"), ("상품권", "tickets"), ("기프티콘", "tickets"), ("gift card", "tickets"),
        ("쿠폰", "tickets"), ("교환권", "tickets"),
        ("사료", "pets"), ("캣타워", "pets"), ("켄넬", "pets"), ("dog crate", "pets"), ("cat tree", "pets"),
        ("화분", "plants"), ("식물", "plants"), ("plant", "plants"), ("몬스테라", "plants"),
        ("purse", "fashion"), ("handbag", "fashion"), ("tee", "fashion"), ("t-shirt", "fashion"), ("hoodie", "fashion"),
        ("tumbler", "kitchen"), ("mug", "kitchen"), ("measuring cup", "kitchen"), ("canister", "kitchen"),
        ("funko", "hobby"), ("squishmallow", "hobby"), ("plush", "hobby"), ("figure", "hobby"),
        ("trading card", "hobby"),
        ("애플워치", "digital"), ("워치", "digital"), ("스트랩", "digital"), ("케이스", "digital"), ("충전기", "digital"),
        ("프린터", "digital"), ("복합기", "digital"), ("맨투맨", "fashion"), ("니트", "fashion"), ("볼캡", "fashion"),
        ("모자", "fashion"), ("스카프", "fashion"), ("점퍼", "fashion"), ("후드", "fashion"), ("leggings", "fashion"),
        ("샴푸", "beauty"), ("기프티콘", "tickets"), ("이용권", "tickets"), ("냄비", "kitchen"), ("트라이크", "kids"),
        ("자동차", "vehicles"), ("타이어", "vehicles"), ("tire", "vehicles"), ("오토바이", "vehicles"),
        ("motorcycle", "vehicles"), ("스쿠터", "vehicles"), ("headlight", "vehicles"), ("tail light", "vehicles"),
        ("bumper", "vehicles"), ("rims", "vehicles"), ("휠", "vehicles"), ("블랙박스", "vehicles"),
        ("clean title", "vehicles"), ("mileage", "vehicles"), ("sedan", "vehicles"), ("무사고", "vehicles"),
        ("주행거리", "vehicles"), ("아반떼", "vehicles"), ("쏘나타", "vehicles"), ("그랜저", "vehicles"),
        // Tools and building supplies have no category of their own: `other`.
        ("공구", "other"), ("tool", "other"), ("드릴", "other"), ("drill", "other"), ("wrench", "other"),
        ("socket set", "other"), ("screwdriver", "other"), ("hammer", "other"), ("사다리", "other"),
        ("ladder", "other"), ("generator", "other"), ("compressor", "other"), ("table saw", "other"),
        ("circular saw", "other"), ("chainsaw", "other"), ("toolbox", "other"),
        ("앰프", "digital"), ("amplifier", "digital"), ("receiver", "digital"), ("subwoofer", "digital"),
        ("toaster", "appliances"), ("토스터", "appliances"), ("오븐", "appliances"), ("oven", "appliances"),
        ("painting", "hobby"), ("그림", "hobby"), ("antique", "hobby"), ("골동품", "hobby"),
        // Everyday goods by kind, in both languages: what most posts are.
        ("스피커", "digital"), ("speaker", "digital"), ("마우스", "digital"), ("mouse", "digital"), ("ssd", "digital"),
        ("그래픽카드", "digital"), ("graphics card", "digital"), ("본체", "digital"), ("데스크탑", "digital"),
        ("desktop", "digital"), ("렌즈", "digital"), ("lens", "digital"), ("드론", "digital"), ("drone", "digital"),
        ("스마트워치", "digital"), ("smartwatch", "digital"), ("controller", "digital"), ("xbox", "digital"),
        ("playstation", "digital"), ("휴대폰", "digital"), ("핸드폰", "digital"), ("phone", "digital"),
        ("tv", "appliances"), ("티비", "appliances"), ("에어프라이어", "appliances"), ("air fryer", "appliances"),
        ("믹서기", "appliances"), ("blender", "appliances"), ("커피머신", "appliances"), ("coffee maker", "appliances"),
        ("정수기", "appliances"), ("가습기", "appliances"), ("humidifier", "appliances"), ("건조기", "appliances"),
        ("dryer", "appliances"), ("히터", "appliances"), ("heater", "appliances"), ("다리미", "appliances"),
        ("전기장판", "appliances"), ("microwave", "appliances"), ("washer", "appliances"), ("fridge", "appliances"),
        ("조명", "furniture"), ("lamp", "furniture"), ("거울", "furniture"), ("mirror", "furniture"), ("러그", "furniture"),
        ("rug", "furniture"), ("커튼", "furniture"), ("선반", "furniture"), ("shelf", "furniture"),
        ("서랍", "furniture"), ("cabinet", "furniture"), ("행거", "furniture"), ("매트리스", "furniture"),
        ("mattress", "furniture"), ("책장", "furniture"), ("nightstand", "furniture"), ("ottoman", "furniture"),
        ("접시", "kitchen"), ("plate", "kitchen"), ("컵", "kitchen"), ("cup", "kitchen"), ("보온병", "kitchen"),
        ("bottle", "kitchen"), ("knife", "kitchen"), ("도마", "kitchen"), ("밀폐용기", "kitchen"),
        ("skillet", "kitchen"), ("dishes", "kitchen"), ("frying pan", "kitchen"),
        ("젖병", "kids"), ("기저귀", "kids"), ("아기옷", "kids"), ("유아", "kids"), ("아동", "kids"), ("crib", "kids"),
        ("아기침대", "kids"), ("보행기", "kids"), ("바운서", "kids"), ("toy", "kids"), ("kids", "kids"),
        ("apple watch", "digital"), ("시계", "fashion"), ("watch", "fashion"), ("반지", "fashion"), ("ring", "fashion"),
        ("목걸이", "fashion"),
        ("necklace", "fashion"), ("귀걸이", "fashion"), ("earrings", "fashion"), ("지갑", "fashion"), ("wallet", "fashion"),
        ("선글라스", "fashion"), ("sunglasses", "fashion"), ("부츠", "fashion"), ("boots", "fashion"), ("구두", "fashion"),
        ("heels", "fashion"), ("sandals", "fashion"), ("샌들", "fashion"), ("치마", "fashion"), ("skirt", "fashion"),
        ("바지", "fashion"), ("pants", "fashion"), ("청바지", "fashion"), ("반팔", "fashion"), ("티셔츠", "fashion"),
        ("backpack", "fashion"), ("백팩", "fashion"),
        ("hat", "fashion"), ("sweater", "fashion"), ("스웨터", "fashion"), ("가디건", "fashion"), ("cardigan", "fashion"),
        ("립스틱", "beauty"), ("lipstick", "beauty"), ("스킨케어", "beauty"), ("skincare", "beauty"), ("로션", "beauty"),
        ("lotion", "beauty"), ("세럼", "beauty"), ("serum", "beauty"), ("쿠션", "beauty"), ("파운데이션", "beauty"),
        ("고데기", "beauty"), ("드라이기", "beauty"), ("hair dryer", "beauty"),
        ("라켓", "sports"), ("racket", "sports"), ("스키", "sports"), ("skis", "sports"), ("스노우보드", "sports"),
        ("snowboard", "sports"), ("낚시", "sports"), ("fishing", "sports"), ("헬멧", "sports"), ("helmet", "sports"),
        ("skateboard", "sports"), ("킥보드", "sports"), ("kettlebell", "sports"), ("weights", "sports"),
        ("등산", "sports"), ("hiking", "sports"), ("수영", "sports"),
        ("드럼", "hobby"), ("drum", "hobby"), ("우쿨렐레", "hobby"), ("ukulele", "hobby"), ("바이올린", "hobby"),
        ("violin", "hobby"), ("puzzle", "hobby"), ("퍼즐", "hobby"),
        ("video game", "hobby"), ("게임", "hobby"), ("음반", "hobby"), ("lp", "hobby"), ("앨범", "hobby"),
        ("만화", "books"), ("comic", "books"), ("manga", "books"), ("novel", "books"), ("textbook", "books"),
        ("문제집", "books"), ("전집", "books"),
        ("콘서트", "tickets"), ("concert", "tickets"), ("voucher", "tickets"), ("입장권", "tickets"), ("숙박권", "tickets"),
        ("강아지", "pets"), ("고양이", "pets"), ("dog", "pets"), ("cat", "pets"), ("하네스", "pets"), ("leash", "pets"),
        ("어항", "pets"), ("aquarium", "pets"), ("litter", "pets"),
        ("다육", "plants"), ("succulent", "plants"), ("bonsai", "plants"), ("분재", "plants"), ("pot plant", "plants"),
    ]
    /// The condition, most specific words first: a used item "as good as new" is like new, not new.
    static func condition(_ text: String) -> (String, String)? {
        let ordered: [(String, String)] = [
            (#"고장|부품용|for parts|as-is|not working|parts\s*(?:/|or|&)\s*repair|for repair"#, "for_parts"),
            (
                #"거의\s*새|새\s*(?:제품|것|상품)\s*(?:만큼|같|처럼|수준)|s급|(?:한|두|딱\s*한|1|2|1-2|1~2)\s*(?:번|회)\s*(?:사용|착용)|하루\s*착용|like new|mint|worn once|excellent condition"#,
                "like_new"
            ),
            (
                #"미개봉|새\s*상품|새\s*제품|신\s*제품|새\s*것\s*그대로|새것|택\s*도?\s*안\s*뗀|brand new|new in box|nwt|bnwt|never (?:worn|used)|sealed"#,
                "new"
            ),
            // `new` on its own in a title: `(new)`, `, new,`, `peeler new - $3`; not `new tires` of a used car.
            (#"(?m)(?:^|[(,]\s*|\s)new(?=\s*(?:[),]|-\s*\$|$))"#, "new"),
            (#"b급|사용감\s*(?:있|많)|생활\s*기스|잔기스|fair condition|some wear"#, "fair"),
            (#"a급|사용감\s*(?:적|없)|상태\s*(?:는|가)?\s*(?:좋|양호|깨끗)|양호|good condition|great condition|gently used"#, "good"),
            // Weaker words, only when nothing above was said.
            (#"기스\s*(?:거의|별로)?\s*없|하자\s*(?:없|x)|깨끗(?:합니다|해요|하게)|works (?:great|perfectly|fine)|no flaws"#, "good"),
            (#"(?:^|[^a-z])used(?:[.!,]|$)|사용감|스크래치|흠집"#, "fair"),
        ]
        for (pattern, value) in ordered {
            if let (_, evidence) = first(text, regex(pattern)) { return (value, evidence) }
        }
        return nil
    }

    static let conditionWords: [(String, String)] = [
        ("미개봉", "new"), ("새상품", "new"), ("새제품", "new"), ("brand new", "new"), ("new in box", "new"),
        ("nwt", "new"), ("sealed", "new"), ("s급", "like_new"), ("거의 새것", "like_new"), ("like new", "like_new"),
        ("1회 사용", "like_new"), ("1-2회", "like_new"), ("한번 사용", "like_new"), ("mint", "like_new"),
        ("a급", "good"), ("사용감 적", "good"), ("상태 좋", "good"), ("good condition", "good"), ("great condition", "good"),
        ("excellent condition", "like_new"), ("b급", "fair"), ("사용감 있", "fair"), ("생활기스", "fair"),
        ("fair condition", "fair"), ("고장", "for_parts"), ("부품용", "for_parts"), ("for parts", "for_parts"),
        ("as-is", "for_parts"), ("not working", "for_parts"),
    ]
}
