import Extraction
import ListingCore
import Testing

/// A second-hand item's maker and kind read from the words people resell it with.
@Suite struct ItemWordTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    /// A car's maker is its brand, and a car is a vehicle: `Honda Civic … clean title`, `아반떼 … 무사고`.
    @Test func aCarsMakerIsItsBrand() {
        let civic = offlineFields(
            "Honda Civic 2015, 98k miles, clean title, new tires. $9,500 obo.", pastedOn: day, fallbackKind: .secondHand
        )
        #expect(civic[.brand] == .text("Honda"))
        #expect(civic[.category] == .text("vehicles"))
        let avante = offlineFields("현대 아반떼 AD 2018년식 6만km 무사고 1150만원", pastedOn: day, fallbackKind: .secondHand)
        #expect(avante[.brand] == .text("현대"))
        #expect(avante[.category] == .text("vehicles"))
    }

    /// Street and outdoor brands people resell, and the words of their clothes: `스투시 반팔티`, `Madewell … jeans`.
    @Test func clothingBrandsAndWordsAreRead() {
        let tee = offlineFields("스투시 반팔티 L 정품 2번 착용 4만", pastedOn: day, fallbackKind: .secondHand)
        #expect(tee[.brand] == .text("Stüssy"))
        #expect(tee[.category] == .text("fashion"))
        let jeans = offlineFields(
            "Madewell high rise skinny jeans size 27, EUC, $25 + shipping", pastedOn: day, fallbackKind: .secondHand)
        #expect(jeans[.brand] == .text("Madewell"))
    }

    /// `Free People` is a brand, not a giveaway: its dress is sold at its price.
    @Test func freePeopleIsABrandNotAGiveaway() {
        let dress = offlineFields(
            "Free People maxi dress NWT size M. Retail $168. Selling for $60.", pastedOn: day, fallbackKind: .secondHand
        )
        #expect(dress[.price] == .integer(60))
        #expect(dress[.brand] == .text("Free People"))
        let couch = offlineFields("Free couch, you haul", pastedOn: day, fallbackKind: .secondHand)
        #expect(couch[.price] == .integer(0))
    }
}

/// Words the reader was blind to in posts written to probe it (2026-12-05): an LG gram is a laptop, a
/// table is furniture, shorts are clothes, and a size may be a word (`Size small`) or a jeans' waist and length.
@Suite struct ProbeMissTests {
    let day = LocalDate(year: 2026, month: 12, day: 5)!

    @Test func aGramTableAndShortsHaveTheirCategories() {
        #expect(
            offlineFields("LG 그램 16 팝니다 80만원 직거래", pastedOn: day, fallbackKind: .secondHand)[.category]
                == .text("digital"))
        #expect(
            offlineFields("원목 테이블 4인용 팝니다 5만원", pastedOn: day, fallbackKind: .secondHand)[.category]
                == .text("furniture"))
        #expect(
            offlineFields("Nike running shorts, worn twice, $15", pastedOn: day, fallbackKind: .secondHand)[.category]
                == .text("fashion"))
        // Grams of coffee beans are no laptop.
        #expect(
            offlineFields("원두 500그램 미개봉 팝니다 1만원", pastedOn: day, fallbackKind: .secondHand)[.category]
                != .text("digital"))
    }

    @Test func aSizeInWordsOrWaistAndLength() {
        let shorts = offlineFields("Nike running shorts Size small, $15", pastedOn: day, fallbackKind: .secondHand)
        #expect(shorts[.size] == .text("small"))
        let jeans = offlineFields("Levi's 501 jeans W32 L30 $40", pastedOn: day, fallbackKind: .secondHand)
        #expect(jeans[.size] == .text("W32 L30"))
    }

    /// A pickup place written after a pin: the pin is not part of the place (`거래장소: 📍 역삼역`). Foundation's trim,
    /// which the reader used, skips a sign outside the first plane, so the pin had stayed in.
    @Test func aPinBeforeThePickupPlaceIsNotPartOfIt() {
        let lamp = offlineFields("이케아 스탠드 조명 팝니다 1만원\n거래장소: 📍 역삼역", pastedOn: day, fallbackKind: .secondHand)
        #expect(lamp[.location] == .text("역삼역"))
    }
}
