import Extraction
import ListingCore
import Testing

/// Posts pasted from a marketplace carry the lines the marketplace adds to every post. 중고나라's cafe adds advice on
/// selling (`"직거래"와 "내 위치" 설정할 경우…`, `(ex. 맥북 에어 13)`) and warnings on phishing: read as the seller's
/// words, they made every post a `both` hand-over and an Apple laptop. Real posts from emilytykim/joonggo-crawling
/// (eval/public-ko-check.jsonl).
@Suite struct CafeBoilerplateTests {
    let day = LocalDate(year: 2025, month: 6, day: 2)!

    static let cafeLines = """
        👆 오늘 작성가능한 게시글 수가 부족하다면, 상단에 "중고나라 앱 다운받기"를 통해서 앱에서 작성해 보세요!
        ───────────────────
        📢 제목에 "제조사/ 브랜드 명"과 "상품명(ex. 맥북 에어 13)”를 넣어 작성하면, 보다 빠른 판매가 가능합니다!
        📢 게시글 작성 시 배송 방법에 “직거래”와 “내 위치” 설정할 경우, 보다 빠른 판매가 가능합니다!
        ※ 카페 상품 게시글은 자동으로 중고나라 앱/사이트에 노출합니다. 노출을 원하지 않으실 경우 고객센터로 문의 바랍니다.
        🚨회원님의 거래 게시글을 노린 중고나라 운영진 사칭 피싱 사이트를 주의하세요🚨
        """

    @Test func theCafesOwnLinesAreNotTheSellers() {
        let tee = offlineFields(
            "더바넷 반팔 새상품\n\n더바넷 반팔 새상품\n봉지도 안뜯은 새상품입니다 !\n반값택뱌 (2000)환불불가\n" + Self.cafeLines,
            pastedOn: day, fallbackKind: .secondHand)
        #expect(tee[.tradeMethod] == .text("shipping"))
        #expect(tee[.category] == .text("fashion"))
        #expect(tee[.brand] != .text("Apple"))
        let laptop = offlineFields(
            "aero15 게이밍 노트북 부품용 판매\n\n" + Self.cafeLines
                + "\naero15 노트북 부품용으로 판매합니다. 메인보드 간거같아요 전원안켜짐",
            pastedOn: day, fallbackKind: .secondHand)
        #expect(laptop[.brand] == nil)
        #expect(laptop[.tradeMethod] == nil)
        #expect(laptop[.condition] == .text("for_parts"))
    }

    /// The review page's hints ("not filled, but the text may say it") quote the seller, never the cafe's lines.
    @Test func theMarksQuoteTheSellerNotTheCafe() {
        let text =
            "레노버 LOQ 15IAX9I 게이밍노트북\n\n" + Self.cafeLines
            + "\n본체+충전기구성 하자없어요 일산서구 직거래만 가능합니다 네고어렵습니다."
        let reply = RuleExtractor.reply(for: text, pastedOn: day)
        var draft = ReplyInterpreter.interpret(
            ReplyParser.parse(reply), listingText: text, pastedOn: day, fallbackKind: .secondHand)
        ReviewMarks.mark(&draft, text: text, pastedOn: day, readBy: .offline)
        #expect(draft.kind == .secondHand)
        for issue in draft.issues {
            #expect(!issue.message.contains("빠른 판매가"), "\(issue.message)")
            #expect(!issue.message.contains("내 위치"), "\(issue.message)")
        }
    }

    /// `중고나라` is the marketplace's name, not `중고` (used): its own notices are no item for sale.
    @Test func theMarketplacesNoticesAreNoListings() {
        let notice = """
            중고나라 모든 상품을 한 번에 보고 싶다면?

            안녕하세요, 중고나라입니다.
            중고나라의 모든 상품을 한 번에 보고 싶다면?
            중고나라 앱을 다운로드하고
            더 편리하게 이용해 보세요!
            ▼ 클릭하고 앱 다운 받기!
            회원님들의 더 편리한 중고나라 이용을 위해 노력하겠습니다.
            감사합니다.
            """
        #expect(KindClassifier.classify(notice).kind == .notListing)
        #expect(KindClassifier.classify("중고 아이패드 팝니다 30만원").kind == .secondHand)
    }

    /// A spec sheet's `저장소 : 119GB SSD` is the laptop's storage, not a place (`장소`); the hand-over place is read.
    @Test func aStorageLineIsNoPlace() {
        let laptop = offlineFields(
            "MSI PE60-2QE\n\n<장치 사양>\n제품명 : MSI PE60-2QE\n저장소 : 119GB SSD TS128GMTS800\n판매 가격 : 300,000\n"
                + "<거래 방법>\n직거래 : 용산역, 신용산역 근처\n택배거래도 가능(배송비 별도). 직거래 선호",
            pastedOn: day, fallbackKind: .secondHand)
        #expect(laptop[.location] != .text("119GB SSD TS128GMTS800"))
        #expect(laptop[.price] == .integer(300_000))
    }

    /// What the seller paid (`485,000원에 구매했고`, `200만원대 주고 샀고`) is not the asking price.
    @Test func whatTheSellerPaidIsNotTheAskingPrice() {
        let jeans = offlineFields(
            "넘버프로젝트 프레스온리 청바지 판매합니다\n\n사이즈는 S입니다\n485,000원에 구매했고 빠른판매 위해 380,000에 판매합니다",
            pastedOn: day, fallbackKind: .secondHand)
        #expect(jeans[.price] == .integer(380_000))
        let gram = offlineFields(
            "엘지 그램 2023 오로라 256GB\n\n200만원대 주고 샀고 매일 안 사용했습니다\n부산지역 직거래 현금 계좌이체거래만 합니다",
            pastedOn: day, fallbackKind: .secondHand)
        #expect(gram[.price] == nil)
    }
}

/// What whole Korean posts say that titles do not: found on the public Korean check slice after its first
/// measurement (so no longer unseen), each from the post it was missed on.
@Suite struct KoreanPostWordTests {
    let day = LocalDate(year: 2025, month: 6, day: 2)!

    /// `택포 11`: shipping included, at 11만원 (a bare small figure after 택포 is in 만원).
    @Test func aBareFigureAfterTaekpoIsInManwon() {
        let dress = offlineFields(
            "아비에무아 플로럴 셔츠 드레스 블랙 1/L -----> 택포 11\n\n보관만한 새제품이에요\n바로 구매하실분만 채팅 주세요",
            pastedOn: day, fallbackKind: .secondHand)
        #expect(dress[.price] == .integer(110_000))
        #expect(dress[.tradeMethod] == .text("shipping"))
        let bag = offlineFields("가방 택포 35,000원 팝니다", pastedOn: day, fallbackKind: .secondHand)
        #expect(bag[.price] == .integer(35_000))
    }

    /// A price that is not open to offers, however it is put: `기재한 가격에만 판매합니다`, `애눌문의xxx` (에눌 misspelt),
    /// `가격 조정은 받지않을게요`.
    @Test func aFirmPriceInOtherWords() {
        for text in [
            "맥북프로16 M4 Max\n\n기재한 가격에만 판매합니다\n불필요한 문의 사절",
            "디올 석고 방향제\n\n판매가 24,000원\n애눌문의xxx,택포요구xxx",
            "LG 그램 15z90p\n\n시세보다 싸게 올린거같은데 가격 조정은 받지않을게요\n직거래 가능하고 서울입니다",
        ] {
            #expect(
                offlineFields(text, pastedOn: day, fallbackKind: .secondHand)[.negotiable] == .boolean(false), "\(text)"
            )
        }
    }

    /// `레깅스` is clothing; a `맥스튜디오` is Apple's computer.
    @Test func leggingsAndAMacStudio() {
        let leggings = offlineFields("나이키 여성 레깅스 75라지\n\n18000원 착불입니다.", pastedOn: day, fallbackKind: .secondHand)
        #expect(leggings[.category] == .text("fashion"))
        let mac = offlineFields(
            "맥스튜디오 M2 울트라 64GB 1TB 팝니다.\n영상편집용으로 샀다가 일이 없어 판매합니다.", pastedOn: day, fallbackKind: .secondHand)
        #expect(mac[.category] == .text("digital"))
        #expect(mac[.brand] == .text("Apple"))
    }

    /// `택도 안 뗀 새 것 그대로`: new.
    @Test func tagsStillOnIsNew() {
        let jeans = offlineFields(
            "넘버프로젝트 청바지 판매합니다\n\n5/31일에 배송받았으며 택도 안 뗀 새 것 그대로 입니다", pastedOn: day, fallbackKind: .secondHand)
        #expect(jeans[.condition] == .text("new"))
    }

    /// 직방's line under the price names the 면 (a rural district) before the kind of home: `대소면 빌라투룸 50㎡ 3층`.
    @Test func aMyeonBeforeTheKindOfHomeIsItsPlace() {
        let villa = offlineFields(
            "풀옵션 투룸.깔끔한내부.반전세가능.승강기설치\n월세 500/45\n대소면 빌라투룸 50㎡ 3층", pastedOn: day)
        #expect(villa[.location] == .text("대소면"))
        let noodles = offlineFields("월세 500/45 원룸 라면 먹기 좋은 동네", pastedOn: day)
        #expect(noodles[.location] != .text("라면"))
        // `올수리` (wholly renovated) before the kind of home is no place.
        let renovated = offlineFields("매매 1억 2000\n올수리 빌라 59㎡ 2층", pastedOn: day)
        #expect(renovated[.location] != .text("올수리"))
    }
}
