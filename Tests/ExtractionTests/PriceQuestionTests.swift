import Extraction
import ListingCore
import Testing

/// A question about a price names a home or an item and a price as a listing does; it offers nothing (issue 22:
/// such questions were read as listings and published in one tap).
@Suite struct PriceQuestionTests {
    @Test(arguments: [
        "신림 원룸 보증금 500에 월 40이면 싼 편인가요?",
        "망원동 투룸 전세 2억 3천이면 괜찮은 건가요?",
        "is $1,900 fair for a studio in Astoria?",
        "Is $250 a reasonable price for a used PS5 with two controllers?",
        "아이폰 14 프로 256기가 70만원이면 비싼 편인가요?",
        "Is $1480 for a 1br in Queens a good deal or am I overpaying?",
    ])
    func aPriceQuestionIsNotAListing(_ text: String) {
        #expect(KindClassifier.classify(text).kind == .notListing, "\(text)")
    }

    @Test(arguments: [
        "망원동 원룸 월세 500/45 3/5층 풀옵션, 관심 있으세요?",
        "Selling my Trek FX 2 bike, $340. Questions? Text me!",
        "연남동 투룸 전세 2억 3천, 2/4층. 이 가격에 이런 집 보셨나요? 연락 주세요",
        "Desk in fair condition, $40. Questions?",
        "Good deal! Bike $340, reasonable offers considered. Questions?",
        "망원동 원룸 시세보다 싸게 드려요! 월세 500/45, 관심 있으세요?",
    ])
    func aListingThatAsksSomethingIsStillAListing(_ text: String) {
        #expect(KindClassifier.classify(text).kind != .notListing, "\(text)")
    }
}
