import ListingCore
import Testing

@Suite struct MoneyParserTests {
    @Test(arguments: [
        ("50만원", 1, 500_000), ("1억 2천", 1, 120_000_000), ("3억5천만원", 1, 350_000_000), ("2.5억", 1, 250_000_000),
        ("9억 5천만원", 1, 950_000_000), ("삼백", 1, 300), ("삼억 오천", 1, 350_000_000), ("１０００", 10_000, 10_000_000),
        ("$1,450", 1, 1_450), ("1.2k", 1, 1_200), ("1억 2,000", 1, 120_000_000), ("5,000만", 1, 50_000_000),
        ("12.5억", 1, 1_250_000_000), ("45", 10_000, 450_000), ("10만 5천원", 1, 105_000), ("500000", 1, 500_000),
    ])
    func readsHumanMoney(_ text: String, bareUnit: Int, expected: Int) {
        #expect(MoneyParser.parse(text, bareUnit: bareUnit)?.amount == expected)
    }

    /// Shorthand people write: `1억2` is 1.2억 (1억 2천만), `1억25` 1억 2500만; `마넌` is 만원 (`6마넌` = 60,000).
    @Test(arguments: [
        ("1억2", 1, 120_000_000), ("1억25", 1, 125_000_000), ("3억 5", 1, 350_000_000), ("6마넌", 1, 60_000),
        ("15마넌", 1, 150_000), ("1억 2000", 1, 120_000_000), ("1억 500", 1, 105_000_000), ("3천5백", 10_000, 35_000_000),
    ])
    func readsShorthand(_ text: String, bareUnit: Int, expected: Int) {
        #expect(MoneyParser.parse(text, bareUnit: bareUnit)?.amount == expected, "\(text)")
    }

    @Test func namesTheCurrency() {
        #expect(MoneyParser.parse("$1,450")?.currency == "USD")
        #expect(MoneyParser.parse("50만원")?.currency == "KRW")
        #expect(MoneyParser.parse("1450")?.currency == nil)
    }

    @Test(arguments: ["abc", "", "1,2,3", "전화주세요", "12-34"])
    func refusesWhatIsNotMoney(_ text: String) {
        #expect(MoneyParser.parse(text) == nil)
    }
}

@Suite struct MeasureParserTests {
    @Test(arguments: [
        ("25평", 82.6), ("84㎡", 84.0), ("84 m2", 84.0), ("650 sq ft", 60.4), ("59.5", 59.5), ("전용 18평", 59.5),
    ])
    func readsAreas(_ text: String, expected: Double) {
        #expect(MeasureParser.area(text) == expected)
    }

    @Test func readsFloors() {
        #expect(MeasureParser.floor("3층")?.floor == 3)
        #expect(MeasureParser.floor("B1")?.floor == -1)
        #expect(MeasureParser.floor("지하 1층")?.floor == -1)
        #expect(MeasureParser.floor("반지하")?.floor == -1)
        #expect(MeasureParser.floor("3/15층")?.floor == 3)
        #expect(MeasureParser.floor("3/15층")?.total == 15)
        #expect(MeasureParser.floor("15층 중 11층")?.floor == 11)
        #expect(MeasureParser.floor("15층 중 11층")?.total == 15)
        #expect(MeasureParser.floor("고층") == nil)
    }

    @Test func readsAvailability() {
        let pasted = LocalDate(year: 2026, month: 11, day: 20)!
        #expect(MeasureParser.availability("즉시 입주", pastedOn: pasted) == "immediate")
        #expect(MeasureParser.availability("입주 협의", pastedOn: pasted) == "negotiable")
        #expect(MeasureParser.availability("2027년 1월 15일", pastedOn: pasted) == "2027-01-15")
        #expect(MeasureParser.availability("12월 1일", pastedOn: pasted) == "2026-12-01")
        #expect(MeasureParser.availability("3월", pastedOn: pasted) == "2027-03")
        #expect(MeasureParser.availability("2026-02-30", pastedOn: pasted) == nil)
    }

    @Test func readsYesAndNo() {
        #expect(MeasureParser.boolean("가능") == true)
        #expect(MeasureParser.boolean("불가") == false)
        #expect(MeasureParser.boolean("yes") == true)
        #expect(MeasureParser.boolean("maybe") == nil)
    }
}
