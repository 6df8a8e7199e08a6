import Foundation
import ListingCore

/// Decides by keywords whether a text is a real-estate ad, a second-hand post, or not a listing.
/// The offline extractor's first step, and the pipeline's fallback when a reply does not classify.
public enum KindClassifier {
    public typealias Decision = Classification

    public static func classify(_ text: String) -> Decision {
        decide(Weighing(text))
    }

    /// A text's kind, and the words it was decided by for the doubts about it (`ReviewMarks`), weighed once.
    public static func assess(_ text: String) -> Assessment {
        let weighing = Weighing(text)
        return Assessment(weighing: weighing, decision: decide(weighing))
    }

    /// A text's kind, and the doubts about it when asked (only a listing's kind is doubted: they may call on the
    /// learned model).
    public struct Assessment: Sendable {
        let weighing: Weighing
        public let decision: Decision
        public var doubts: Doubts { KindClassifier.doubts(weighing) }
        /// The seller's words the kind was read from (a marketplace's own lines dropped).
        public var text: String { weighing.text }
    }

    /// A text's words weighed once: the seller's words (a marketplace's own lines dropped), their key, and the
    /// weight of each kind's words in it.
    struct Weighing: Sendable {
        let text: String
        let key: String
        let realEstate: Int
        let secondHand: Int
        let wanted: Int
        let offering: Int

        init(_ text: String) {
            self.text = CafeBoilerplate.removed(from: text)
            key = TextNormalization.key(self.text)
            let units = unitScores(key)
            realEstate = score(key, realEstateWords) + shorthandScore(key) + units.home
            secondHand = score(key, secondHandWords) + units.item
            wanted = score(key, wantedWords)
            offering = score(key, offeringWords)
        }
    }

    static func decide(_ weighing: Weighing) -> Decision {
        let (text, key) = (weighing.text, weighing.key)
        let (realEstate, secondHand) = (weighing.realEstate, weighing.secondHand)
        let (wanted, offering) = (weighing.wanted, weighing.offering)
        let offered = max(realEstate, secondHand)
        // At least four characters, told without counting a whole listing's characters.
        let longEnough = !key.dropFirst(3).isEmpty

        if !longEnough || offered == 0 {
            // A notice, news or a job post has no listing words either: its own words keep the model from reading
            // a listing into it.
            if longEnough, let reason = notListingReason(key) {
                return Decision(kind: .notListing, reason: reason)
            }
            if longEnough, let learned = learnedListing(text, key: key) {
                return Decision(
                    kind: learned.kind,
                    reason: "No listing words, but the learned model reads it as \(learned.kind.rawValue) "
                        + String(format: "(%.0f%%).", learned.probability * 100))
            }
            return Decision(kind: .notListing, reason: "No sign of anything offered for sale or rent.")
        }
        if isPriceQuestion(key) {
            return Decision(kind: .notListing, reason: "A question whether a price is fair, not a listing.")
        }
        if wanted > 0 && offering == 0 {
            return Decision(kind: .notListing, reason: "A wanted post: someone looking for something, not offering it.")
        }
        // Texts that talk about listings without offering one: each kind of not-a-listing has its own words, and
        // wins when they weigh at least half as much as the listing words.
        if let reason = notListingReason(key, against: offered) {
            return Decision(kind: .notListing, reason: reason)
        }
        // Words that barely weigh (a `$`, one `free`) in a text the learned model is all but sure is a message (a
        // prize text, a chat about picking something up): not a listing.
        if offered <= weakWords, learnedMessage(text, atLeast: 0.9999999) {
            return Decision(
                kind: .notListing, reason: "Few listing words, and the learned model reads it as a message.")
        }
        // Words that barely weigh (a `$`, one `price`): the learned model, when sure, tells which listing it is.
        if offered <= weakWords, let learned = learnedListing(text, key: key, atLeast: 0.9, evenIfAsking: true) {
            return Decision(
                kind: learned.kind,
                reason: "Few listing words; the learned model reads it as \(learned.kind.rawValue) "
                    + String(format: "(%.0f%%).", learned.probability * 100))
        }
        if realEstate >= secondHand {
            return Decision(kind: .realEstate, reason: "A home or space offered for sale or rent.")
        }
        return Decision(kind: .secondHand, reason: "An item offered for sale.")
    }

    /// The listing kind the learned model (`KindModel`) reads in a text, when it gives it at least `threshold`.
    /// For a text with no listing word (an item's bare title: `Vintage Pyrex bowls set of 4`, `dog diapers`): the
    /// model's best kind when it is a listing (50%) and the text asks nothing. For a text whose few listing words
    /// are not sure which listing it is (`Rent to own your home? $1400`): a sure model (90%), question or not.
    static func learnedListing(
        _ text: String, key: String, atLeast threshold: Double = 0.5, evenIfAsking: Bool = false
    ) -> (kind: ListingKind, probability: Double)? {
        guard evenIfAsking || !asks(key), let model = KindModel.shared
        else { return nil }
        let best = model.best(text)
        guard best.kind != .notListing, best.probability >= threshold else { return nil }
        return best
    }

    /// Whether the learned model gives a text at least this probability of being a message, not a listing. Its
    /// probabilities crowd near 0 and 1 (naive Bayes counts every word as new evidence): 99% marks a doubt,
    /// 99.99999% (the highest that reads every listing of `eval/dev.jsonl` as one, at the model's temperature of 0.3)
    /// decides.
    static func learnedMessage(_ text: String, atLeast threshold: Double) -> Bool {
        guard let model = KindModel.shared else { return false }
        let best = model.best(text)
        return best.kind == .notListing && best.probability >= threshold
    }

    /// Why a text that talks about listings without offering one is not a listing: the first kind of not-a-listing
    /// (a question, news, a notice…) whose words weigh at least 3 and at least half as much as the listing words.
    static func notListingReason(_ key: String, against offered: Int = 0) -> String? {
        for (words, reason) in notListingSignals {
            let weight = score(key, words)
            if weight >= 3 && weight * 2 >= offered { return reason }
        }
        return nil
    }

    /// Whether a text has a question mark (a byte search: Foundation's `contains` goes through `NSString`).
    static func asks(_ key: String) -> Bool {
        key.utf8.contains(UInt8(ascii: "?"))
    }

    /// The weight of listing words below which the keywords are not sure of the kind.
    static let weakWords = 2

    /// Whether the learned model, not the keywords, decides the kind: no listing word at all, or words too weak to
    /// be sure of and a sure model that reads the other kind.
    static func learnedDecides(key: String, text: String, realEstate: Int, secondHand: Int) -> Bool {
        let offered = max(realEstate, secondHand)
        if offered == 0 { return notListingReason(key) == nil && learnedListing(text, key: key) != nil }
        guard offered <= weakWords, let learned = learnedListing(text, key: key, atLeast: 0.9, evenIfAsking: true)
        else { return false }
        return learned.kind != (realEstate >= secondHand ? .realEstate : .secondHand)
    }

    /// A question whether a price is fair (`…이면 싼 편인가요?`, `is $1,900 fair for a studio?`): it names a home or an
    /// item and a price as a listing does, but asks instead of offering. A question mark and words that judge a
    /// price, in a text no longer than a question (a listing that asks "questions? text me" judges no price).
    static func isPriceQuestion(_ key: String) -> Bool {
        guard key.unicodeScalars.count <= 300, asks(key) else { return false }
        return mentions(key, priceJudgements)
    }

    /// Why the kind of a text read as a listing may be wrong, read from one key of the text (`ReviewMarks` marks
    /// the kind; the classifier itself keeps the listing).
    public struct Doubts: Sendable, Equatable {
        /// The words weigh nearly as much for the other kind of listing (a concert ticket's `2층` against its `원`):
        /// the keyword classifier's pick is close to a coin toss.
        public var closeCall: Bool
        /// The text has the marks of something other than an offer: words of a wanted ad, a question about a price,
        /// or enough of a question's, a notice's or news' words.
        public var asksRatherThanOffers: Bool
        /// Few listing words, and the learned model is all but sure the text is a message (a delivery scam, a chat).
        public var readsAsMessage: Bool = false
        /// The learned model, not the keywords, decided the kind: no listing word (an item's bare title), or too few
        /// to be sure of and a sure model that reads the other kind.
        public var learnedOnly: Bool = false
    }

    public static func doubts(_ text: String) -> Doubts {
        doubts(Weighing(text))
    }

    static func doubts(_ weighing: Weighing) -> Doubts {
        let (text, key) = (weighing.text, weighing.key)
        let (realEstate, secondHand) = (weighing.realEstate, weighing.secondHand)
        let (high, low) = (max(realEstate, secondHand), min(realEstate, secondHand))
        // Few listing words in a text the learned model is all but sure is a message (a delivery scam, a chat).
        let messageLike = high <= weakWords && learnedMessage(text, atLeast: 0.99)
        let asks =
            (weighing.wanted > 0 && weighing.offering == 0)
            || (asks(key) && mentions(key, priceJudgements))
            || notListingSignals.contains { words, _ in score(key, words) >= 3 }
        return Doubts(
            closeCall: high > 0 && low * 3 >= high * 2, asksRatherThanOffers: asks, readsAsMessage: messageLike,
            learnedOnly: !key.dropFirst(3).isEmpty
                && learnedDecides(key: key, text: text, realEstate: realEstate, secondHand: secondHand))
    }

    /// The weight of the shorthand no single word matches: a home ad's `1br`, `2BR/2BA`, `3br 1ba`, `908ft2`,
    /// `1,120 sqft`, the for-sale-by-owner and owners'-association abbreviations.
    static func shorthandScore(_ key: String) -> Int {
        homeShorthand.reduce(0) { total, entry in
            entry.pattern.firstMatch(in: key) != nil ? total + entry.weight : total
        }
    }

    static let homeShorthand: [(pattern: RuleExtractor.Pattern, weight: Int)] = [
        (RuleExtractor.regex(#"\b\d\s?(?:br|bd|bdr|bdrm|bed)s?\b"#), 3),
        (RuleExtractor.regex(#"\b\d(?:\.5)?\s?(?:ba|bth)s?\b"#), 2),
        (RuleExtractor.regex(#"\d\s?(?:ft2|ft²|sq\.?\s?ft|sqft|sf)\b"#), 3),
        (RuleExtractor.regex(#"\b(?:fsbo|hoa|mls)\b"#), 3),
    ]

    /// The Korean units that weigh only after a figure: a home's size and floor (`25평`, `3층`, `고층`), an item's
    /// price in won (`15만원`, `3,000원`, `만원에`). Elsewhere they are parts of other words (`평점`, `계층`, `원래`,
    /// `원작`). One pass over the key's scalars, each unit's figure looked for right before it (a space between
    /// allowed); a unit counts once.
    static func unitScores(_ key: String) -> (home: Int, item: Int) {
        var (size, floor, won) = (false, false, false)
        var previous: Unicode.Scalar = " "
        var beforeSpace: Unicode.Scalar = " "
        for scalar in key.unicodeScalars {
            let figure = previous == " " ? beforeSpace : previous
            let isDigit = ("0"..."9").contains(figure)
            switch scalar {
            case "평": size = size || isDigit
            case "층": floor = floor || isDigit || figure == "고" || figure == "중" || figure == "저"
            case "원": won = won || isDigit || figure == "만" || figure == "천" || figure == "백" || figure == "억"
            default: break
            }
            if scalar == " " { beforeSpace = previous == " " ? " " : previous } else { beforeSpace = " " }
            previous = scalar
        }
        return ((size ? 1 : 0) + (floor ? 1 : 0), won ? 1 : 0)
    }

    static let priceJudgements = [
        "편인가요", "편인지", "편일까요", "괜찮은 건가요", "괜찮은건가요", "괜찮은가요", "괜찮을까요", "적당한가요", "적정한가요",
        "비싼가요", "싼가요", "비싼 건가요", "싼 건가요", "호구", "바가지", "fair for", "a fair price", "is this fair",
        "is that fair", "is it fair", "reasonable for", "a reasonable price", "is this reasonable",
        "is that reasonable",
        "is this a good deal", "is that a good deal", "is it a good deal", "overpay", "overpaying", "too much for",
        "is that too much", "is this too much", "a rip off", "a ripoff", "a rip-off",
    ]

    /// Whether any of the phrases is in the text, read as `score` reads words.
    static func mentions(_ key: String, _ phrases: [String]) -> Bool {
        let pairs = BytePairs.of(key)
        return phrases.contains { phrase in
            guard pairs.mayContain(phrase) else { return false }
            return phrase.utf8.allSatisfy { $0 < 0x80 }
                ? containsWord(key, phrase) : TextNormalization.contains(key, phrase)
        }
    }

    /// Adds the weights of the words found. Words of ASCII letters match whole words only (`lease` is not in
    /// `please`); Hangul and symbols match anywhere, but not inside a name that holds them (`중고나라`).
    static func score(_ text: String, _ words: [(String, Int)]) -> Int {
        let pairs = BytePairs.of(text)
        return words.reduce(0) { total, entry in
            guard pairs.mayContain(entry.0) else { return total }
            let found =
                entry.0.utf8.allSatisfy { $0 < 0x80 }
                ? containsWord(text, entry.0) : containsOutsideNames(text, entry.0)
            return found ? total + entry.1 : total
        }
    }

    /// Names that hold a listing word without meaning it: the marketplace `중고나라` is not `중고` (used).
    static let namesHolding: [(word: String, name: String)] = [("중고", "중고나라")]

    /// Whether a Hangul or symbol word is in the text somewhere other than inside a name that holds it. (The words
    /// are told apart by their bytes: hashing a Korean string for a dictionary costs more than the whole check.)
    static func containsOutsideNames(_ text: String, _ word: String) -> Bool {
        guard TextNormalization.contains(text, word) else { return false }
        guard let holding = namesHolding.first(where: { $0.word.utf8.elementsEqual(word.utf8) }),
            TextNormalization.contains(text, holding.name)
        else { return true }
        return text.components(separatedBy: word).count > text.components(separatedBy: holding.name).count
    }

    /// Whether `word` occurs with no letter or digit right before or after it.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        TextNormalization.firstOffset(of: word, in: text, wholeWord: true) != nil
    }

    static let notListingSignals: [([(String, Int)], String)] = [
        (questionWords, "A question about a listing or prices, not a listing."),
        (chatWords, "A personal chat message, not a listing."),
        (serviceWords, "An advertisement for a service, not a listing."),
        (newsWords, "A news report, not a listing."),
        (eventWords, "An event notice, not a listing."),
        (lostAndFoundWords, "A lost-and-found notice, not a listing."),
        (jobWords, "A job post, not a listing."),
        (recipeWords, "A recipe, not a listing."),
        (noticeWords, "A notice to residents or members, not a listing."),
        (adviceWords, "Advice about deals or homes, not a listing."),
        (companyMessageWords, "A message from a company (or posing as one), not a listing."),
    ]

    static let questionWords: [(String, Int)] = [
        ("궁금", 2), ("인가요?", 2), ("맞나요", 2), ("할까요", 2), ("어떤가요", 2), ("어떨까요", 2), ("알려주세요", 1),
        ("시세", 1), ("어느 정도", 1), ("적당한", 1), ("조언", 2), ("?", 1), ("does anyone know", 3), ("is it worth", 2),
        ("should i", 2), ("any advice", 3), ("what do you think", 2), ("is this a good", 2), ("how much should", 3),
        ("될까요", 3), ("팔면", 2), ("얼마 정도", 2), ("모르겠", 2), ("받을 수 있을까", 3), ("how much can i", 3),
        ("what should i ask", 3),
    ]
    static let chatWords: [(String, Int)] = [
        ("hey", 1), ("lol", 2), ("are we still", 3), ("tonight", 1), ("did you", 2), ("pick you up", 3), ("ㅋㅋ", 1),
        ("오늘 저녁", 2), ("내일 봐", 3), ("밥 먹", 2), ("??", 1),
    ]
    static let serviceWords: [(String, Int)] = [
        ("cleaning", 2), ("licensed", 1), ("insured", 1), ("book online", 2), ("lessons", 2), ("repair", 1),
        ("청소", 2), ("이사청소", 3), ("입주청소", 3), ("레슨", 2), ("수리", 1), ("시공", 2), ("과외", 2), ("전문", 1),
        ("견적", 2), ("보장", 1), ("예약 가능", 1), ("first-time customers", 2), ("services", 1), ("free estimate", 3),
        ("업체", 1), ("출장", 2), ("/hr", 3), ("an hour", 1), ("local moves", 3), ("movers", 3), ("moving company", 3),
        ("fully insured", 2), ("booking", 2), ("용달", 3), ("이삿짐", 2), ("대행", 2),
    ]
    static let newsWords: [(String, Int)] = [
        ("따르면", 2), ("발표", 1), ("동향", 2), ("올랐다", 2), ("내렸다", 2), ("상승세", 2), ("하락세", 2), ("기자", 2),
        ("전주 대비", 2), ("according to", 2), ("reported", 1), ("percent", 1), ("market report", 3),
        ("연속 상승", 2), ("연속 하락", 2), ("상승폭", 2), ("하락폭", 2), ("상승률", 2), ("하락률", 2), ("거래량", 2), ("집값", 2),
        ("대책", 1), ("home prices", 2), ("mortgage rates", 2), ("last quarter", 1),
    ]
    static let noticeWords: [(String, Int)] = [
        ("공지", 3), ("안내드립니다", 2), ("점검", 2), ("입주민", 1), ("양해 부탁", 3), ("협조 부탁", 3), ("관리사무소", 1),
        ("residents", 1), ("will be closed", 2), ("we apologize for", 3), ("운영진", 2), ("이용 정책", 3), ("공지사항", 3),
    ]
    static let adviceWords: [(String, Int)] = [
        ("전세사기", 3), ("전세 사기", 3), ("않으려면", 2), ("주의하세요", 2), ("꿀팁", 2), ("확인하세요", 1), ("알아두", 2),
        ("how to avoid", 3), ("tips for", 2), ("사기 예방", 3), ("수법", 2), ("피싱", 2), ("사칭", 2),
    ]
    static let companyMessageWords: [(String, Int)] = [
        ("web발신", 3), ("고객님", 2), ("보관중", 2), ("보관 중", 2), ("주소 불일치", 3), ("bit.ly", 2), ("your package", 2),
        ("delivery attempt", 3), ("usps", 2), ("verify your", 2), ("account has been", 2), ("요금제", 2), ("증정", 2),
        ("혜택받기", 2), ("개통", 1),
    ]
    static let eventWords: [(String, Int)] = [
        ("block party", 3), ("potluck", 2), ("rsvp", 2), ("festival", 2), ("live music", 1),
        ("neighborhood association", 2),
        ("행사", 1), ("축제", 2), ("모임", 1), ("참석", 1),
    ]
    static let lostAndFoundWords: [(String, Int)] = [
        ("잃어버렸", 3), ("실종", 3), ("사례금", 2), ("보신 분", 2), ("찾아주", 2), ("lost dog", 3), ("lost cat", 3),
        ("missing", 1), ("reward", 1), ("last seen", 2), ("found a", 1),
    ]
    static let jobWords: [(String, Int)] = [
        ("채용", 3), ("모집", 1), ("알바", 2), ("시급", 2), ("근무", 1), ("hiring", 3), ("we are hiring", 2), ("apply", 1),
        ("per hour", 1), ("resume", 2), ("job", 1),
    ]
    static let recipeWords: [(String, Int)] = [
        ("ingredients", 3), ("recipe", 2), ("bake", 1), ("tbsp", 2), ("tsp", 2), ("재료", 2), ("레시피", 3), ("큰술", 2),
    ]

    static let realEstateWords: [(String, Int)] = [
        ("매매", 3), ("전세", 3), ("월세", 3), ("보증금", 3), ("관리비", 2), ("㎡", 2), ("m2", 1),
        ("원룸", 3), ("투룸", 3), ("쓰리룸", 3), ("아파트", 2), ("오피스텔", 3), ("빌라", 2), ("입주", 2), ("전용", 1),
        ("공급", 1), ("상가", 2), ("사무실", 2), ("단독주택", 3), ("임대", 2), ("반전세", 3), ("세대", 1), ("욕실", 2),
        ("공인중개", 2), ("for rent", 3), ("for lease", 3), ("bedroom", 3), ("bed ", 1), ("bath", 2), ("sqft", 2),
        ("sq ft", 2), ("apartment", 2), ("apt", 1), ("lease", 2), ("/mo", 2), ("per month", 2), ("studio", 1),
        ("condo", 2), ("townhouse", 2), ("house for", 2), ("rent:", 2), ("landlord", 1), ("tenant", 1), ("br/", 1),
        ("utilities", 1), ("laundry", 1), ("move-in", 1), ("move in", 1), ("단기임대", 3), ("한달살기", 3),
    ]
    static let secondHandWords: [(String, Int)] = [
        ("팝니다", 3), ("판매", 2), ("중고", 2), ("미개봉", 3), ("새상품", 3), ("택배", 2), ("직거래", 2), ("네고", 2),
        ("나눔", 3), ("사용감", 3), ("s급", 3), ("a급", 2), ("급처", 2), ("정품", 2), ("구매", 1), ("생활기스", 3),
        ("상태", 1), ("for sale", 2), ("obo", 3), ("firm", 1), ("like new", 3), ("condition", 2), ("pickup", 2),
        ("pick up", 2), ("shipping", 1), ("barely used", 3), ("brand new", 2), ("asking", 2), ("selling", 2),
        ("price", 1), ("$", 1), ("size", 1), ("사이즈", 2), ("free", 1), ("무료", 1), ("works great", 2), ("used", 1),
        ("never worn", 3), ("never used", 3), ("nwt", 3), ("bnwt", 3), ("new in box", 3), ("nib", 2),
        ("you will receive", 2),
        ("worn once", 3), ("새 제품", 2), ("새제품", 2), ("케이스", 1), ("retired", 1), ("imperfections", 1), ("shipped", 2),
        ("ships", 2), ("bundle", 2), ("smoke free", 2), ("pet free", 2), ("택포", 3), ("에눌", 3), ("쿨거래", 3), ("하자", 2),
        ("you haul", 3), ("curb alert", 3), ("free to a good home", 3), ("티켓", 2), ("tickets", 2), ("ticket", 1),
    ]
    static let wantedWords: [(String, Int)] = [
        ("구해요", 1), ("구합니다", 1), ("찾습니다", 1), ("찾아요", 1), ("삽니다", 1), ("매입합니다", 1), ("구매합니다", 1),
        ("looking for", 1), ("wanted:", 1), ("wtb", 1), ("iso ", 1), ("in search of", 1), ("want to buy", 1),
    ]
    static let offeringWords: [(String, Int)] = [
        ("팝니다", 1), ("판매합니다", 1), ("양도합니다", 1), ("내놓습니다", 1), ("놓아요", 1), ("드립니다", 1), ("세입자 구해요", 1),
        ("세입자 구합니다", 1), ("세입자를 구", 1), ("입주자 구", 1), ("임차인 구", 1), ("for sale", 1), ("for rent", 1),
        ("selling", 1), ("양도", 1), ("나눔", 1), ("룸메이트 구", 1), ("sublet", 1), ("available", 1),
    ]
}
