import Extraction
import ListingCore
import Testing

/// A Craigslist housing title as people paste it: the title, then the price on a line of its own, or Craigslist's
/// own `$950 / 0br - title`. Written after the labelled public slice (eval/public-tune.jsonl) showed what the
/// offline reader missed in them; these texts are not from it.
@Suite struct EnglishTitleTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    func fields(_ text: String, as kind: ListingKind = .realEstate) -> [FieldName: FieldValue] {
        offlineFields(text, pastedOn: day, fallbackKind: kind)
    }

    /// A rental's lone dollar figure on a line of its own is its rent.
    @Test func aHomesPriceOnItsOwnLineIsTheRent() {
        let rental = fields("Sunny 1br near the park, laundry in building\n$1,250")
        #expect(rental[.monthlyRent] == .integer(1_250))
        #expect(rental[.dealType] == .text("monthly_rent"))
        #expect(rental[.currency] == .text("USD"))
        let feeOnly = fields("Sunny 1br for rent near the park\nApplication fee $45")
        #expect(feeOnly[.monthlyRent] == nil, "a fee inside a sentence is not the rent")
    }

    /// A rental's one dollar figure in a sentence is its rent, unless a word makes it a fee or a deposit.
    @Test func aRentalsOnlyDollarFigureIsTheRent() {
        let flat = fields("Spacious 1BR/1BA in Cleveland Heights, hardwood floors, $795. Heat included. No smoking.")
        #expect(flat[.monthlyRent] == .integer(795))
        #expect(flat[.currency] == .text("USD"))
        #expect(fields("2br apartment for rent, $1,200 deposit, call for showing")[.monthlyRent] == nil)
        #expect(fields("1br apartment for rent, $950, parking $75")[.monthlyRent] == nil, "two figures: which is which")
    }

    /// A title closing on its figure (`Studio apartment near campus - $650`) gives the rent, whatever the body says
    /// of a deposit; a bungalow is a house.
    @Test func aTitlesClosingFigureIsTheRent() {
        let studio = fields(
            "Studio apartment near campus - $650\n\nCozy studio. No pets. Security deposit equal to one month rent.")
        #expect(studio[.monthlyRent] == .integer(650))
        #expect(fields("Charming Bungalow with Fenced Yard for rent\n$1,350")[.propertyType] == .text("house"))
        #expect(fields("Studio for rent near campus - call (555) 010-4477\nDeposit $650")[.monthlyRent] == nil)
    }

    /// A word's plural counts where it stands: `apartments` early in the text is read before a `townhomes` later,
    /// although the singular `Apartment` comes after both.
    @Test func aPluralCountsWhereItStands() {
        let text =
            "1 Bedroom for rent. University Heights apartments give you access to the city. Studio, 1, 2 and 3 "
            + "bedroom homes and townhomes. Select Apartment Homes."
        #expect(fields(text)[.propertyType] == .text("apartment"))
    }

    /// `2 full baths` are two bathrooms; `2 full baths and a half bath` two and a half.
    @Test func fullAndHalfBathsAreCounted() {
        let house = "3 Bedroom House for Rent - $1,650/mo\n1,400 sq ft, 2 full baths, fenced backyard"
        #expect(fields(house)[.bathrooms] == .decimal(2))
        let larger = "4 bedroom house for rent, 2 full baths and a half bath, $2,400/mo"
        #expect(fields(larger)[.bathrooms] == .decimal(2.5))
    }

    /// A first line longer than a title may be is cut at the last whole word, not inside one (`… scratches. $`).
    @Test func aLongFirstLineIsCutBetweenWords() {
        let laptop =
            "Selling my 2019 MacBook Pro 13\" 8GB/256GB, battery cycle 312, minor scratches. $550 firm. Pickup only."
        #expect(
            fields(laptop, as: .secondHand)[.title]
                == .text("Selling my 2019 MacBook Pro 13\" 8GB/256GB, battery cycle 312, minor scratches."))
        let flat = "2 bed 1 bath apartment, 850 sq ft, $1,350 a month, laundry in unit, parking included"
        #expect(
            fields(flat)[.title] == .text("2 bed 1 bath apartment, 850 sq ft, $1,350 a month, laundry in unit, parking")
        )
        let long = "중고 " + String(repeating: "가", count: 100) + " 팝니다 3만원"
        let cut = "중고 " + String(repeating: "가", count: 77)
        #expect(fields(long, as: .secondHand)[.title] == .text(cut), "no word end in the title's second half")
        #expect(fields("Trek bike 54cm, like new\n$480")[.title] == .text("Trek bike 54cm, like new"))
    }

    /// Craigslist writes `0br` when the poster left the bedrooms out: no home has no room, and the title's own
    /// count (`Large 2BR apartment`) or word (`studio`) says how many.
    @Test func craigslistsZeroBedroomsIsNoCount() {
        #expect(fields("$950 / 0br - Large 2BR apartment, heat included")[.rooms] == .integer(2))
        #expect(fields("$800 / 0br - Cozy studio near campus")[.rooms] == .integer(1))
        #expect(fields("$800 / 0br - Cozy place near campus")[.rooms] == nil)
    }

    /// Where a title names the place: `in the heart of Fox Point`, a town with its state's code.
    @Test func aTitlesPlaceIsItsLocation() {
        #expect(fields("Renovated 2 bedroom in the heart of Fox Point\n$1,400")[.location] == .text("Fox Point"))
        #expect(fields("Cheshire, CT - 2 bedroom townhouse\n$1,900")[.location] == .text("Cheshire, CT"))
        #expect(fields("Wallingford CT 2 bedroom / 1 bath")[.location] == .text("Wallingford CT"))
        #expect(fields("Sunny 1br near the park\n$1,250")[.location] == nil)
        #expect(fields("2BR apt, OK for pets, IN unit laundry\n$1,250")[.location] == nil, "OK and IN are no states")
    }

    /// A for-sale title names its item's category with a common word: tools are `other`, a tire is a vehicle's.
    @Test func aTitlesItemWordGivesItsCategory() {
        let expected: [(String, String)] = [
            ("craftsman socket wrench set - $25", "other"), ("michelin tires 215/55r17 (4)\n$200", "vehicles"),
            ("bose bluetooth speaker\n$60", "digital"), ("fossil men's watch - $45", "fashion"),
            ("fishing rod and reel combo", "sports"), ("walnut nightstand\n$80", "furniture"),
            ("chef knife set", "kitchen"), ("toaster oven - $20", "appliances"), ("원목 서랍장 팝니다", "furniture"),
            ("한국타이어 4짝 팝니다", "vehicles"), ("two pipe wrenches - $30", "other"), ("2 seiko watches", "fashion"),
            ("블루투스 스피커 3만원", "digital"),
        ]
        for (text, category) in expected {
            let read = fields(text, as: .secondHand)
            #expect(read[.category] == .text(category), "\(text)")
        }
    }

    /// A title that says `new` on its own (`(new)`, `, new,`, `peeler new - $3`) offers a new item; `new tires` of
    /// a used car does not. `parts/repair` is an item for parts.
    @Test func aTitlesBareNewIsTheItemsCondition() {
        let expected: [(String, String?)] = [
            ("makita drill, new, $60", "new"), ("(new) brake pads for civic\n$40", "new"),
            ("bosch fittings new - $20", "new"), ("2015 honda civic, new tires - $9,500", nil),
            ("window air conditioner parts/repair\n$30", "for_parts"),
        ]
        for (text, condition) in expected {
            let read = fields(text, as: .secondHand)
            #expect(read[.condition] == condition.map(FieldValue.text), "\(text)")
        }
    }

    /// `house` inside a name for something else (`Club House`, `open house`, `House Hunting`, `house rules`) is no
    /// home's type; a house for rent is one.
    @Test func aHouseInsideAnotherNameIsNoPropertyType() {
        let complex = fields("2 Bedrooms starting at $1,650/mo. Pool, Club House, Fitness Center, Dog Park")
        #expect(complex[.propertyType] == nil, "\(complex)")
        let tour = fields("Open house Saturday 1-3pm! 2br for rent $1,400/mo. Happy house hunting. House rules apply")
        #expect(tour[.propertyType] == nil, "\(tour)")
        let rental = fields("3br house for rent, $2,100/mo, open house Saturday")
        #expect(rental[.propertyType] == .text("house"))
        let complexApartment = fields("Clubhouse and pool. 1br apartment for rent, $1,200/mo")
        #expect(complexApartment[.propertyType] == .text("apartment"))
    }
}
