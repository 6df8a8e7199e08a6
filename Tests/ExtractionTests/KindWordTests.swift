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
        // 무료 is Korean's `free`: a bookcase given away at a flat's door is an item, not the flat.
        let bookcase = "[나눔] 원목 책장 무료로 드려요\n5단 책장이고 가로 80cm예요\n직접 가져가실 분만! 망원동 ○○아파트 1층"
        #expect(KindClassifier.classify(bookcase).kind == .secondHand)
    }

    /// `평`, `층` and `원` are a listing's units only after a figure (`25평`, `3층`, `15만원`): in chat and reviews they
    /// are parts of other words (`평점`, `평생`, `원래`, `원작`, `계층`). Real posts from public Korean data (NSMC movie
    /// reviews, songys/Chatbot_data questions), read as listings while those syllables counted anywhere.
    @Test func koreanUnitSyllablesCountOnlyAfterAFigure() {
        for text in [
            "평점이 너무 높네",
            "음 평점이 낮제 박한별이 이뻐서 10점준다 ㅋㅋ",
            "썸 타는데 원래 이렇게 적극적이야?",
            "원작에는 못미치지만 좋은 영화였음.김지미씨와 낭궁원씨의 연기도 좋았고..",
        ] {
            #expect(KindClassifier.classify(text).kind == .notListing, "\(text)")
        }
        #expect(KindClassifier.classify("신축 투룸 25평 3층 남향").kind == .realEstate)
        #expect(KindClassifier.classify("아이패드 미니 6 판매 35만원").kind == .secondHand)
        #expect(KindClassifier.classify("고층 뷰 좋은 오피스텔").kind == .realEstate)
        // A space between the figure and its unit, as people type it: still a size, a floor and a price.
        #expect(KindClassifier.classify("신축 25 평 3 층 남향").kind == .realEstate)
        #expect(KindClassifier.classify("아이패드 미니 6 판매 35만 원").kind == .secondHand)
    }

    /// A concert or game ticket is an item (`tickets` in docs/FIELDS.md), whatever seat floor (`2층 지정석`) it names.
    @Test func aTicketIsAnItem() {
        let ticket = "콘서트 티켓 양도합니다\n12월 20일 고척돔, 2층 지정석 2매 연석\n정가 15만4천원, 정가 그대로 양도해요"
        #expect(KindClassifier.classify(ticket).kind == .secondHand)
        let game = "2 tickets to the Celtics game Friday, section 12, $80 each"
        #expect(KindClassifier.classify(game).kind == .secondHand)
    }

    /// A notice with no listing word at all is a notice: its words keep the learned model from reading a listing
    /// into it (an elevator inspection notice was read as an item once the model read Korean).
    @Test func aNoticeWithNoListingWordStaysANotice() {
        let notice = "[관리사무소 안내] 토요일 오전 9시~오후 5시 승강기 정기점검이 있습니다. 양해 부탁드립니다."
        #expect(KindClassifier.classify(notice).kind == .notListing)
        #expect(!KindClassifier.doubts(notice).learnedOnly)
    }
}
