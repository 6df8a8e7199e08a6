import Foundation
import ListingCore

/// Decides by keywords whether a text is a real-estate ad, a second-hand post, or not a listing.
/// The offline extractor's first step, and the pipeline's fallback when a reply does not classify.
public enum KindClassifier {
    public struct Decision: Sendable {
        public var kind: ListingKind
        public var reason: String
    }

    public static func classify(_ text: String) -> Decision {
        let key = TextNormalization.key(text)
        let realEstate = score(key, realEstateWords)
        let secondHand = score(key, secondHandWords)
        let wanted = score(key, wantedWords)
        let service = score(key, serviceWords)
        let offering = score(key, offeringWords)

        if key.trimmingCharacters(in: .whitespacesAndNewlines).count < 4 || (realEstate == 0 && secondHand == 0) {
            return Decision(kind: .notListing, reason: "No sign of anything offered for sale or rent.")
        }
        if wanted > 0 && offering == 0 {
            return Decision(kind: .notListing, reason: "A wanted post: someone looking for something, not offering it.")
        }
        if service >= 2 && service > realEstate / 2 && service > secondHand / 2 {
            return Decision(kind: .notListing, reason: "An advertisement for a service, not a listing.")
        }
        if realEstate >= secondHand {
            return Decision(kind: .realEstate, reason: "A home or space offered for sale or rent.")
        }
        return Decision(kind: .secondHand, reason: "An item offered for sale.")
    }

    static func score(_ text: String, _ words: [(String, Int)]) -> Int {
        words.reduce(0) { total, entry in TextNormalization.contains(text, entry.0) ? total + entry.1 : total }
    }

    static let realEstateWords: [(String, Int)] = [
        ("매매", 3), ("전세", 3), ("월세", 3), ("보증금", 3), ("관리비", 2), ("평", 1), ("㎡", 2), ("m2", 1), ("층", 1),
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
        ("price", 1), ("원", 1), ("$", 1), ("size", 1), ("사이즈", 2), ("free", 1), ("works great", 2), ("used", 1),
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
    static let serviceWords: [(String, Int)] = [
        ("cleaning", 1), ("licensed", 1), ("insured", 1), ("book online", 2), ("lessons", 1), ("repair", 1),
        ("청소", 1), ("이사", 1), ("레슨", 1), ("수리", 1), ("상담", 1), ("시공", 1), ("과외", 2), ("채용", 2), ("모집", 1),
        ("hiring", 2), ("we are hiring", 2), ("apply", 1), ("알바", 2), ("first-time customers", 2), ("services", 1),
    ]
}
