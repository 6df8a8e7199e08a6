import Extraction
import ListingCore
import Testing

/// The words that tell a listing from a text that only talks about homes or things (news, notices, advice, a
/// company's message), and a giveaway from a message.
@Suite struct KindWordTests {
    /// Texts about homes and parcels that offer none: a price-trend headline, a notice to residents, advice on
    /// jeonse fraud, a delivery text from a company (or a scam posing as one). Listings with one such word stay
    /// listings.
    @Test func newsNoticesAdviceAndCompanyTextsAreNoListings() {
        for text in [
            "서울 아파트 매매가격 3주 연속 상승…강남3구 상승폭 확대",
            "[공지] 이번 주 토요일 오전 10시부터 12시까지 엘리베이터 점검이 있습니다. 입주민 여러분의 양해 부탁드립니다.",
            "전세 사기 당하지 않으려면 등기부등본 꼭 확인하세요. 근저당 설정 여부가 중요합니다.",
            "[Web발신] 고객님의 택배가 주소 불일치로 보관중입니다. 확인 bit.ly/3xYz",
        ] {
            #expect(KindClassifier.classify(text).kind == .notListing, "\(text)")
        }
        #expect(KindClassifier.classify("아파트 매매 5억, 관리사무소 옆 동, 84㎡, 남향, 입주민 전용 헬스장").kind == .realEstate)
        #expect(KindClassifier.classify("에어팟 프로 팝니다 15만원, 택배 가능, 사진 확인하세요").kind == .secondHand)
    }

    /// Craigslist's free stuff: `Free couch, you haul`, `curb alert` give an item away, however few words say so.
    @Test func aFreeItemToHaulAwayIsSecondHand() {
        for text in [
            "Free couch, you haul. Some wear on the cushions. Must go this weekend!",
            "Curb alert: dresser and two chairs on the corner of Elm and 3rd",
        ] {
            #expect(KindClassifier.classify(text).kind == .secondHand, "\(text)")
        }
        #expect(KindClassifier.classify("Must go to the bank before it closes, call me").kind == .notListing)
    }
}
