import Extraction
import ListingCore
import Testing

/// Numbers that are not what they look like: the offline extractor's main trap. Each must leave every field alone.
@Suite struct NumberTrapTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    func fields(_ text: String) -> [FieldName: FieldValue] { offlineFields(text, pastedOn: day) }

    func numbers(_ fields: [FieldName: FieldValue]) -> Set<Int> {
        Set(fields.values.compactMap(\.integerValue))
    }

    let base = "전세 3억 아파트\n전용 84㎡, 7층/15층\n"

    /// Found by the fuzz tests: a bathroom count too large for an Int trapped the process.
    @Test func aBathroomCountNoHouseHasIsNoCountAndNoCrash() {
        let found = fields("house for rent 3 bd 99999999999999999999 ba $1,200")
        #expect(found[.bathrooms] == nil)
        #expect(fields("Apartment for rent, 2 bd 2.5 ba, $1,500/mo")[.bathrooms] == .decimal(2.5))
        #expect(fields("Apartment for rent, 2 bed 1 bath, $1,500/mo")[.bathrooms] == .decimal(1))
    }

    /// `M사이즈 2번 입음` (a size M, worn twice): the count after `사이즈` is how often it was worn, not a size.
    @Test func aWearCountAfterTheSizeWordIsNoSize() {
        let shorts = "나이키 러닝 쇼츠 M사이즈 2번 입음 15000원"
        #expect(offlineFields(shorts, pastedOn: day, fallbackKind: .secondHand)[.size] == .text("M"))
        let shoes = "아디다스 운동화 사이즈 270 한번 신음"
        #expect(offlineFields(shoes, pastedOn: day, fallbackKind: .secondHand)[.size] == .text("270"))
        let jacket = "패딩 사이즈 2 (M), 3회 착용"
        #expect(offlineFields(jacket, pastedOn: day, fallbackKind: .secondHand)[.size] == .text("2"))
    }

    /// `1층필로티 주차장` is where the cars stand, under the building: no floor of the home.
    @Test func aGroundFloorCarParkIsNoFloorOfTheHome() {
        #expect(fields("큰원룸 전세 3200\n주차걱정NO!!1층필로티 주차장으로 걱정 없어요")[.floor] == nil)
        #expect(fields("원룸 전세 3200, 1층 주차장 있음, 방은 3층")[.floor] == .integer(3))
        #expect(fields("원룸 전세 3200, 3층, 1층 필로티 주차")[.floor] == .integer(3))
    }

    /// Korean shorthand from real posts: `보증금 3천5백` is 3,500만, `6마넌` 6만원, `45만월` a month's rent, `1억2`
    /// 1억 2천만.
    @Test func koreanShorthandMoneyIsReadWhole() {
        #expect(fields("원룸 월세 보증금 3천5백 월 40")[.deposit] == .integer(35_000_000))
        #expect(fields("아파트 매매 1억2 급매, 7층")[.price] == .integer(120_000_000))
        #expect(fields("원룸 월세 보증금 500에 45만월, 2층")[.monthlyRent] == .integer(450_000))
        let bike = "자전거 팝니다\n6마넌에 가져가세요"
        let reply = RuleExtractor.reply(for: bike, pastedOn: day)
        let read = ReplyInterpreter.interpret(
            ReplyParser.parse(reply), listingText: bike, pastedOn: day, fallbackKind: .secondHand)
        #expect(read.fields[.price] == .integer(60_000))
    }

    /// Craigslist shorthand is a home's: `1br`, `908ft2`, `3br 1ba`, `FSBO`, whatever `$` and `obo` say.
    @Test func englishHomeShorthandReadsAsRealEstate() {
        for text in [
            "$1480 / 1br - 908ft2 - Brand New Luxury!", "FSBO - 3br 1ba house, 1,120 sqft, $215,000 obo",
            "2BR/2BA condo for sale, HOA $250, asking $389,000",
        ] {
            #expect(KindClassifier.classify(text).kind == .realEstate, "\(text)")
        }
        #expect(KindClassifier.classify("Trek bike 54cm, like new, $480 obo").kind == .secondHand)
        #expect(fields("$1480 / 1br - 908ft2 - Brand New Luxury!")[.areaM2] == .decimal(84.4), "908 ft² is 84.4 m²")
    }

    /// `급매` (in a hurry) is said of rentals too: `★급매★ 신림동 원룸 월세` is a monthly rent, with its deposit and rent.
    @Test func anUrgentRentalIsARental() {
        let room = fields("★급매★ 신림동 원룸 월세\n보증금 300만원 / 월 35만원\n관리비 5만원")
        #expect(room[.dealType] == .text("monthly_rent"))
        #expect(room[.deposit] == .integer(3_000_000))
        #expect(room[.monthlyRent] == .integer(350_000))
        #expect(fields("급매 아파트 3억 5천, 84㎡, 7층")[.dealType] == .text("sale"), "with no other deal word, a sale")
        #expect(fields("급매 전세 2억 투룸")[.dealType] == .text("jeonse"))
    }

    /// A car's mileage in 만 (`6만km`, `8만 키로`) is no price: the price is the figure in 만원.
    @Test func aMileageInManIsNoPrice() {
        let car = offlineFields("현대 아반떼 AD 2018년식 6만km 무사고 1150만원", pastedOn: day, fallbackKind: .secondHand)
        #expect(car[.price] == .integer(11_500_000))
        let other = offlineFields("쏘나타 2016년 8만 키로 주행, 900만원에 팝니다", pastedOn: day, fallbackKind: .secondHand)
        #expect(other[.price] == .integer(9_000_000))
    }

    /// A portal's `84.97㎡/59.98㎡` gives both areas, each with its unit: the smaller is the exclusive area, the larger
    /// the supply area (the `2` of the first `m2` is no area).
    @Test func twoAreasEachWithItsUnitAreTheExclusiveAndSupplyAreas() {
        let flat = fields("아파트 매매 5억 2,000\n84.97㎡/59.98㎡, 12/15층, 남향")
        #expect(flat[.areaM2] == .decimal(60), "59.98, to a tenth")
        #expect(flat[.supplyAreaM2] == .decimal(85))
        let villa = fields("빌라 월세 2,000/80 | 49.5㎡/42.1㎡ | 3층 | 주차가능")
        #expect(villa[.areaM2] == .decimal(42.1))
        #expect(villa[.supplyAreaM2] == .decimal(49.5))
        let shared = fields("아파트 전세 3억, 59/84㎡, 7층")
        #expect(shared[.areaM2] == .decimal(59))
        #expect(shared[.supplyAreaM2] == .decimal(84))
    }

    /// `만원에 드려요`: 만원 with no figure before it is ten thousand won; `만원대` (in the ten-thousands) is no price.
    @Test func aBareManwonIsTenThousandWon() {
        let clothes = "아기 옷 일괄 (0-6개월) 20벌 정도 만원에 드려요 택배 안 해요"
        #expect(offlineFields(clothes, pastedOn: day, fallbackKind: .secondHand)[.price] == .integer(10_000))
        let range = "아기 옷 일괄 팝니다 만원대로 생각해요"
        #expect(offlineFields(range, pastedOn: day, fallbackKind: .secondHand)[.price] == nil)
        let tens = "아기 옷 일괄 팝니다 3만원"
        #expect(offlineFields(tens, pastedOn: day, fallbackKind: .secondHand)[.price] == .integer(30_000))
    }

    /// An owners' association fee (`HOA $250/mo`) is a sale's monthly fee, not its price.
    @Test func anHOAFeeIsNotTheSalePrice() {
        let condo = fields("2BR/2BA condo for sale, HOA $250/mo, asking $389,000")
        #expect(condo[.price] == .integer(389_000))
        #expect(condo[.maintenanceFee] == .integer(250))
        let house = fields("FSBO: 4 bed 2.5 bath colonial, $429,900. HOA dues $45/month, taxes $6,200/yr")
        #expect(house[.price] == .integer(429_900))
        #expect(house[.maintenanceFee] == .integer(45))
    }

    /// `4억9천` is 4억 9천만, as every Korean price quote means: the sale price read only `4억9` (4억 9만).
    @Test func aSalePriceWithThousandsAfterEokIsReadWhole() {
        #expect(fields("매매) 아파트 전용 59㎡ 4억9천 / 12층 중 9층")[.price] == .integer(490_000_000))
        #expect(fields("아파트 매매 전용 84㎡ 2억 3천만원, 5층")[.price] == .integer(230_000_000))
        #expect(fields("아파트 매매 전용 84㎡ 12억 5000, 5층")[.price] == .integer(1_250_000_000))
    }

    /// "Was $180, now $150" asks $150: the figure after "was" is the old price, as after "originally" or "retail".
    @Test func theFigureAPriceWasIsNotItsAskingPrice() {
        let text = "Stroller for sale - Was $180, now $150 OBO. Pickup in Astoria."
        #expect(fields(text)[.price] == .integer(150))
        #expect(RuleExtractor.priceCandidates(text) == [150])
    }

    /// A price lowered step by step (`155만 → 95만 → 오늘만 89만원`) asks the last: the arrows point to it.
    @Test func aPriceLoweredAlongArrowsAsksTheLast() {
        #expect(fields("갤럭시 탭 S9 팝니다\n155만 → 95만 → 오늘만 89만원! 직거래 합정역")[.price] == .integer(890_000))
        #expect(fields("Desk for sale $120 -> $90, pickup only")[.price] == .integer(90))
        #expect(fields("의자 팝니다 3만원, 직거래")[.price] == .integer(30_000), "no arrow: as before")
    }

    /// `보증금 3백` is 300만원, as `3천` is 3천만원: a deposit in 백 was read as 3만원.
    @Test func aDepositInBaekIsHundredsOfManwon() {
        let values = fields("신림동 원룸 월세\n보증금 3백 / 월 38\n2층")
        #expect(values[.deposit] == .integer(3_000_000))
        #expect(values[.monthlyRent] == .integer(380_000))
        #expect(fields("아파트 전세 2억 5백만원, 7층")[.deposit] == .integer(205_000_000))
    }

    /// `12/20 입주` is a move-in date written with a slash, as English posts write theirs; a floor (`3/5층`) is not.
    @Test func aKoreanMoveInDateWithASlashIsADate() {
        #expect(fields("망원동 원룸 월세 500/45\n12/20 입주 가능")[.availableFrom] == .text("2026-12-20"))
        #expect(fields("망원동 원룸 월세 500/45\n입주일: 1/5")[.availableFrom] == .text("2027-01-05"))
        #expect(fields("망원동 원룸 월세 500/45, 3/5층 입주 가능")[.availableFrom] == nil)
        #expect(
            RuleExtractor.availabilityCandidates("원룸 월세 500/45\n12/20 입주 가능", pastedOn: day) == ["2026-12-20"])
    }

    @Test func phoneNumbersAreNotPrices() {
        let values = fields(base + "문의 010-2345-6789 / 02-456-7890")
        #expect(values["deposit"] == .integer(300_000_000))
        #expect(!numbers(values).contains { [10, 2345, 6789, 23_450_000, 456, 7890].contains($0) })
    }

    @Test func yearsAreBuiltYearsNotAnythingElse() {
        let values = fields(base + "2019년 준공")
        #expect(values["built_year"] == .integer(2019))
        #expect(values["price"] == nil)
        #expect(values["deposit"] == .integer(300_000_000))
    }

    @Test func distancesAreNotFloorsOrRooms() {
        let values = fields("전세 3억 아파트\n역까지 도보 5분, 버스 3분")
        #expect(values["floor"] == nil)
        #expect(values["rooms"] == nil)
        #expect(!numbers(values).contains(5))
    }

    @Test func householdCountsAreNotAreasOrPrices() {
        let values = fields(base + "1,245세대 대단지")
        #expect(!numbers(values).contains { $0 == 1_245 || $0 == 12_450_000 })
        #expect(values["area_m2"] == .decimal(84))
    }

    @Test func unitNumbersAreNotFloors() {
        let values = fields("전세 3억 아파트 1204호\n전용 84㎡")
        #expect(values["floor"] == nil)
        #expect(!numbers(values).contains(1_204))
    }

    @Test func registrationNumbersAreNotMoney() {
        let values = fields(base + "행복공인중개사사무소 등록번호 11740-2019-00091")
        #expect(!numbers(values).contains { [11_740, 2019, 91, 117_400_000].contains($0) })
        #expect(values["built_year"] == nil)
    }

    @Test func highFloorWordsAreNotNumbers() {
        let values = fields("전세 3억 아파트\n총 23층 중 고층")
        #expect(values["total_floors"] == .integer(23))
        #expect(values["floor"] == nil)
    }

    @Test func retailPricesAndShippingFeesAreNotTheAskingPrice() {
        let text = "에어팟 프로 2 팝니다\n정가 359,000원, 택배비 3,500원 별도\n가격: 180,000원"
        let reply = RuleExtractor.reply(for: text, pastedOn: day)
        let values = ReplyInterpreter.interpret(
            ReplyParser.parse(reply), listingText: text, pastedOn: day, fallbackKind: .secondHand
        ).fields
        #expect(values["price"] == .integer(180_000))
    }

    /// `선정릉초역세권` (right by 선정릉 station) names the station 선정릉역, not a place called 선정릉초역.
    @Test func aStationsCatchmentWordNamesTheStation() {
        #expect(fields("사무실 월세 1억/650\n선정릉초역세권 대로변")[.location] == .text("선정릉역"))
        #expect(fields("원룸 월세 500/45\n강남역세권 신축")[.location] == .text("강남역"))
        #expect(fields("원룸 월세 500/45\n역삼역 도보 5분")[.location] == .text("역삼역"))
    }
}
