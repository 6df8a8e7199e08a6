import Extraction
import ListingCore
import Testing

/// The marks a model's draft gets (docs/REVIEW.md), one source at a time: its own words read again, the offline
/// rules as a second reader, hints for empty fields, and the kind in doubt.
@Suite struct DraftMarkTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    /// A model's reply of these fields (name, value, evidence), read and marked as the pipeline does.
    func draft(
        _ text: String, kind: ListingKind, _ fields: [(FieldName, String, String?)]
    ) -> ExtractedListing {
        let reply = ReplyWriter.write(
            thinking: "", kind: kind, fields: fields.map { ReplyWriter.Field($0.0, $0.1, evidence: $0.2) })
        var draft = ReplyInterpreter.interpret(
            ReplyParser.parse(reply), listingText: text, pastedOn: day, fallbackKind: kind)
        ReviewMarks.mark(&draft, text: text, pastedOn: day, readBy: .model)
        return draft
    }

    func mark(_ draft: ExtractedListing, _ field: FieldName) -> ListingCore.Issue? {
        draft.issues.first { $0.field == field && $0.isMark }
    }

    @Test func aFigureThePriceWasChangedFromIsMarkedWithTheFigureItWasChangedTo() throws {
        let rental = "신림동 원룸 월세 보증금 300만 / 월 38 (40에서 조정)"
        let read = draft(
            rental, kind: .realEstate,
            [
                (.dealType, "monthly_rent", "월세"), (.deposit, "3000000", "보증금 300만"),
                (.monthlyRent, "400000", "월 38 (40에서 조정)"),
            ])
        let rent = try #require(mark(read, .monthlyRent))
        #expect(rent.candidates?.contains([.monthlyRent: "380000"]) == true, "\(rent)")

        let stroller = "Stroller for sale - Was $180, now $150 OBO. Pickup in Astoria."
        let price = try #require(
            mark(draft(stroller, kind: .secondHand, [(.price, "180", "Was $180, now $150 OBO")]), .price))
        #expect(price.candidates?.contains([.price: "150"]) == true, "\(price)")
        #expect(
            mark(draft(stroller, kind: .secondHand, [(.price, "150", "Was $180, now $150 OBO")]), .price) == nil,
            "the price it was changed to stands")
    }

    /// A yes/no or a floor read from a sentence that hedges it (`parking available nearby`, `no pets preferred`,
    /// `will be asked to choose a 2nd floor unit`, `근처 공영주차장`) is marked, whoever read it; the same words said
    /// plainly are not.
    @Test func aValueFromAHedgedSentenceIsMarked() {
        let hedged: [(String, FieldName, String, String)] = [
            (
                "2br apartment for rent, $1,500/mo. Street parking available nearby. Heat included.", .parking, "true",
                "parking available nearby"
            ),
            (
                "3br townhouse for rent, $2,100/mo. No pets preferred. Non-smokers only.", .petsAllowed, "false",
                "No pets"
            ),
            (
                "2br apartment for rent, $1,400/mo. Residents with large dogs will be asked to choose a 2nd floor unit.",
                .floor, "2", "2nd floor"
            ),
            ("신림동 원룸 월세 500/40\n주차는 근처 공영주차장 이용하시면 됩니다", .parking, "true", "공영주차장"),
        ]
        for (text, field, value, evidence) in hedged {
            let read = draft(text, kind: .realEstate, [(.dealType, "monthly_rent", nil), (field, value, evidence)])
            #expect(mark(read, field)?.code == .inferred, "\(text)")
        }
        let plain = "2br apartment for rent, $1,500/mo. Off-street parking included. Pets allowed. 2nd floor unit."
        let read = draft(
            plain, kind: .realEstate,
            [
                (.dealType, "monthly_rent", "for rent"), (.parking, "true", "Off-street parking included"),
                (.petsAllowed, "true", "Pets allowed"), (.floor, "2", "2nd floor"),
            ])
        for field in [FieldName.parking, .petsAllowed, .floor] { #expect(mark(read, field) == nil, "\(field)") }
    }

    /// Found by a long fuzz run: the words of an area read again gave 1e+20 m², offered as a choice.
    @Test func aValueItsWordsGiveIsOfferedOnlyWhenTheFieldCouldHoldIt() {
        let text = "오피스텔 월세 보증금 500 월 45\n전용 .99999999999999999999㎡"
        let read = draft(
            text, kind: .realEstate,
            [(.dealType, "monthly_rent", "월세"), (.areaM2, "33", "전용 .99999999999999999999㎡")])
        #expect(mark(read, .areaM2) != nil, "the area its words do not give is marked, with no impossible choice")
        for choice in read.issues.flatMap({ $0.candidates ?? [] }) {
            for (name, canonical) in choice {
                let spec = FieldSchema.spec(name, in: .realEstate)!
                #expect(ValueNormalizer.check(FieldValue(canonical: canonical, type: spec.type), as: spec) == nil)
            }
        }
    }

    @Test func whereTheOfflineRulesReadAnotherValueBothAreOffered() throws {
        let text = "망원동 원룸 월세\n보증금 500 / 월 45\n지층 아니고 2층입니다"
        let read = draft(
            text, kind: .realEstate,
            [
                (.dealType, "monthly_rent", "월세"), (.deposit, "5000000", "보증금 500"),
                (.monthlyRent, "450000", "월 45"), (.floor, "-1", "지층"),
            ])
        let floor = try #require(mark(read, .floor))
        #expect(floor.code == .readersDisagree || floor.code == .unsupported)
        #expect(floor.candidates?.contains([.floor: "2"]) == true, "\(floor)")
        #expect(mark(read, .deposit) == nil && mark(read, .monthlyRent) == nil, "what both read alike is not marked")
    }

    @Test func aFieldTheModelLeftEmptyIsHintedWithWhatTheTextSays() throws {
        let text = "망원동 원룸 월세 보증금 500 월 45\n12월 20일 입주 가능\n주차는 안 되고 반려동물 협의"
        let read = draft(
            text, kind: .realEstate,
            [(.dealType, "monthly_rent", "월세"), (.deposit, "5000000", "보증금 500"), (.monthlyRent, "450000", "월 45")])
        let moveIn = try #require(mark(read, .availableFrom))
        #expect(moveIn.code == .mayBeStated)
        #expect(moveIn.candidates == [[.availableFrom: "2026-12-20"]])
        let pets = try #require(mark(read, .petsAllowed), "협의 is neither yes nor no, but the text speaks of pets")
        #expect(pets.code == .mayBeStated && pets.message.contains("반려동물 협의"))
        #expect(mark(read, .direction) == nil, "a field the text never speaks of is not hinted")
        #expect(mark(read, .price) == nil, "a 월세 has no sale price to hint")
    }

    @Test(arguments: [
        "신림 원룸 보증금 500에 월 40이면 싼 편인가요?", "is $1,900 fair for a studio in Astoria?",
        "투룸 전세 구해요, 2억 이하로 찾습니다", "Looking for a 2 bedroom apartment under $2,000, move in January",
    ])
    func aTextThatAsksRatherThanOffersPutsTheKindInDoubt(_ text: String) throws {
        let read = draft(text, kind: .realEstate, [(.dealType, "monthly_rent", nil)])
        let doubt = try #require(mark(read, ListingCore.Issue.kindField), "\(text)")
        #expect(doubt.code == .kindDoubt)
        #expect(doubt.candidates?.contains([ListingCore.Issue.kindField: "not_listing"]) == true)
    }

    /// The offline reader's own doubts: a place named by a home's features, a currency of no amount, a model.
    @Test func theOfflineReaderDoubtsWhatItsRulesReadPoorly() {
        func offline(_ fields: [FieldName: FieldValue], kind: ListingKind) -> ExtractedListing {
            var draft = ExtractedListing(kind: kind, fields: fields)
            ReviewMarks.mark(&draft, text: "any text", pastedOn: day, readBy: .offline)
            return draft
        }
        let place = offline([.location: .text("Microwaves Full Size"), .monthlyRent: .integer(900)], kind: .realEstate)
        #expect(mark(place, .location)?.code == .inferred)
        #expect(
            mark(offline([.location: .text("433 Pintail Loop, San Marcos, TX")], kind: .realEstate), .location) == nil)
        #expect(mark(offline([.location: .text("망원동")], kind: .realEstate), .location) == nil)
        #expect(mark(offline([.location: .text("계획관리지역")], kind: .realEstate), .location) != nil)
        #expect(mark(offline([.currency: .text("KRW")], kind: .secondHand), .currency) != nil, "no price in it")
        #expect(mark(offline([.currency: .text("KRW"), .price: .integer(5_000)], kind: .secondHand), .currency) == nil)
        #expect(mark(offline([.model: .text("갤럭시 탭")], kind: .secondHand), .model) != nil)
    }

    /// A text that gives a home's size, floor or rooms more than once (`대지 70평, 건물 35평`, `1·2층`, `1 & 2
    /// bedroom`): the offline reader's pick is marked with every value; one size in two units, an exclusive area
    /// and its supply area, and a floor beside the building's height are not several.
    @Test func theOfflineReadersPickAmongSeveralSizesFloorsOrRoomCountsIsMarked() throws {
        func offline(_ text: String, _ fields: [FieldName: FieldValue]) -> ExtractedListing {
            var draft = ExtractedListing(kind: .realEstate, fields: fields)
            ReviewMarks.mark(&draft, text: text, pastedOn: day, readBy: .offline)
            return draft
        }
        let house = "전주 효자동 2층 단독주택 전세\n대지 70평, 건물은 1·2층 합쳐 35평 (방4, 화장실2)\n전세 1억 5천"
        let read = offline(house, [.areaM2: .decimal(231.4), .floor: .integer(2), .deposit: .integer(150_000_000)])
        let area = try #require(mark(read, .areaM2))
        #expect(area.code == .textOffersOther)
        #expect(area.candidates == [[.areaM2: "231.4"], [.areaM2: "115.7"]])
        #expect(mark(read, .floor)?.candidates == [[.floor: "1"], [.floor: "2"]])
        #expect(mark(read, .rooms)?.code == .mayBeStated && mark(read, .deposit) == nil, "방4 is one count, not filled")

        let rooms = offline("1 & 2 bedroom apartments for rent in Anderson, IN", [.rooms: .integer(2)])
        #expect(mark(rooms, .rooms)?.candidates == [[.rooms: "1"], [.rooms: "2"]])

        let plain = "아파트 전세 5억\n전용 84.97㎡ / 공급 110㎡, 25평 (82.6㎡는 아님)\n7층 / 총 25층, 방3"
        let one = offline(
            "아파트 전세 5억\n전용 84.97㎡ / 공급 110㎡ (25.7평)\n7층 / 총 25층, 6층 건물 아님, 방3",
            [.areaM2: .decimal(84.97), .supplyAreaM2: .decimal(110), .floor: .integer(7), .rooms: .integer(3)])
        #expect(mark(one, .areaM2) == nil && mark(one, .floor) == nil && mark(one, .rooms) == nil, "\(one.issues)")
        #expect(mark(offline(plain, [.areaM2: .decimal(84.97)]), .areaM2) != nil, "25평 is another size")

        // A model read the words around them: its value among the text's is not marked for being one of several;
        // where the offline reader picked another of them, both readers' values are offered.
        let chosen = draft(house, kind: .realEstate, [(.areaM2, "115.7", "건물은 1·2층 합쳐 35평")])
        #expect(mark(chosen, .areaM2)?.code == .readersDisagree, "\(chosen.issues)")
        let neither = draft(house, kind: .realEstate, [(.areaM2, "84", "건물은 1·2층 합쳐 35평")])
        #expect(mark(neither, .areaM2) != nil)
    }

    /// A currency with no amount beside it, whoever read it: the `USD` of a reply whose only money is a
    /// "maintenance-free" fee of 0 is marked; a free item's price of 0 is an amount.
    @Test func aCurrencyOfNoAmountIsMarkedInAModelsDraftToo() {
        let text = "1bdr lakefront apartment, maintenance-free, all utilities included in rent. NO pets. $50 parking"
        let read = draft(
            text, kind: .realEstate,
            [(.dealType, "monthly_rent", "included in rent"), (.maintenanceFee, "0", "maintenance-free")])
        #expect(read.fields[.currency] == .text("USD"), "the reader of the reply adds the fee's currency")
        #expect(mark(read, .currency)?.code == .inferred, "\(read.issues)")
        let free = draft("[나눔] 원목 책장 무료로 드려요", kind: .secondHand, [(.price, "0", "무료로 드려요")])
        #expect(mark(free, .currency) == nil)
    }

    /// An accessory's "model" that names the device it fits (`S24 울트라` of a case) is marked; a device's own
    /// model, and an accessory's own model name, are not.
    @Test func aModelThatNamesTheDeviceAnAccessoryFitsIsMarked() {
        let case_ = "코모도 S24 울트라 투명 젤리 케이스\n\n코모도 S24 울트라 투명 젤리 케이스 새 제품입니다"
        let fits = draft(
            case_, kind: .secondHand, [(.brand, "코모도", "코모도"), (.model, "S24 울트라 투명 젤리", "S24 울트라 투명 젤리")])
        #expect(mark(fits, .model)?.code == .inferred, "\(fits.issues)")
        let phone = "갤럭시 S24 울트라 256GB 팝니다, 케이스 포함"
        let device = draft(phone, kind: .secondHand, [(.model, "갤럭시 S24 울트라", "갤럭시 S24 울트라")])
        #expect(mark(device, .model) == nil, "the device's own model, with a case thrown in")
        let spigen = "Spigen Ultra Hybrid case for iPhone 15, new"
        let own = draft(spigen, kind: .secondHand, [(.model, "Ultra Hybrid", "Ultra Hybrid case")])
        #expect(mark(own, .model)?.code != .inferred, "the case's own model names no device")
    }

    @Test func aPlainListingIsNotInDoubt() {
        let read = draft(
            "망원동 원룸 월세 보증금 500 월 45, 2층, 즉시 입주", kind: .realEstate,
            [(.dealType, "monthly_rent", "월세"), (.deposit, "5000000", "보증금 500"), (.monthlyRent, "450000", "월 45")])
        #expect(mark(read, ListingCore.Issue.kindField) == nil)
    }

    /// A post that names several makers (`아이언 나이키, 퍼터 테일러메이드`, a bundle of Nike and Adidas clothes): the
    /// offline reader's pick of the first is marked with each of them; one maker named twice is not several.
    @Test func theOfflineReadersPickAmongSeveralBrandsIsMarked() throws {
        func offline(_ text: String) -> ExtractedListing {
            var draft = ReviewMarks.secondReading(
                text, pastedOn: day, as: .secondHand, decision: KindClassifier.classify(text))
            ReviewMarks.mark(&draft, text: text, pastedOn: day, readBy: .offline)
            return draft
        }
        let golf = offline("골프채 풀세트 팝니다\n45만원\n드라이버 테일러메이드, 아이언 나이키. 상태 좋아요. 직거래만")
        let brand = try #require(mark(golf, .brand), "\(golf.fields) \(golf.issues)")
        #expect(brand.candidates == [[.brand: "TaylorMade"], [.brand: "Nike"]], "\(brand)")
        let bundle = offline("Kids clothes bundle: Nike hoodie, Adidas joggers and a Puma tee, size 8. $25 for all")
        #expect(mark(bundle, .brand)?.candidates?.count == 3, "\(bundle.issues)")
        let one = offline("나이키 에어맥스 270 270mm\n8만원\nNike 정품, 두 번 신었어요")
        #expect(mark(one, .brand) == nil, "\(one.issues)")
    }

    /// A condition read as good while the text also names a flaw (`얼룩`, `이염`, `a small tear`) is marked, whoever
    /// read it; a flaw the text denies (`하자 없어요`, `no stains`) is none.
    @Test func aGoodConditionBesideAFlawTheTextNamesIsMarked() {
        let flawed: [(String, String, String)] = [
            ("아기 패딩 2벌 일괄 2만원\n하나는 상태 양호하고 하나는 소매에 얼룩이 있어요", "good", "상태 양호"),
            ("Leather jacket, size M, good condition, small tear in the lining. $60", "good", "good condition"),
            ("Dining table, like new, one scratch on the top (see photo). $120 obo", "like_new", "like new"),
        ]
        for (text, value, evidence) in flawed {
            let read = draft(text, kind: .secondHand, [(.condition, value, evidence)])
            #expect(mark(read, .condition)?.code == .inferred, "\(text) \(read.issues)")
        }
        let clean: [(String, String, String)] = [
            ("아기 패딩 2만원\n상태 양호하고 얼룩이나 하자 없어요", "good", "상태 양호"),
            ("Leather jacket, size M, good condition, no stains or tears. $60", "good", "good condition"),
        ]
        for (text, value, evidence) in clean {
            let read = draft(text, kind: .secondHand, [(.condition, value, evidence)])
            #expect(mark(read, .condition) == nil, "\(text) \(read.issues)")
        }
    }

    /// A room let in a larger home (`furnished room in a 4BR house`, `방 한 칸 셰어`): the count read is the home's,
    /// not the listing's, so it is marked whoever read it; a whole home's count is not.
    @Test func theRoomCountOfAHomeWhoseOneRoomIsLetIsMarked() {
        let shared = [
            "Furnished room in a 4BR house, $700/month, utilities included. Shared kitchen and bath.",
            "Private room available in our 3 bedroom apartment near campus, $650/mo",
            "쓰리룸 아파트 방 한 칸 셰어합니다. 월 45, 보증금 100",
        ]
        for text in shared {
            let room = text.contains("4BR") ? "4" : "3"
            let read = draft(text, kind: .realEstate, [(.dealType, "monthly_rent", nil), (.rooms, room, nil)])
            #expect(mark(read, .rooms)?.code == .inferred, "\(text) \(read.issues)")
        }
        let whole = draft(
            "Spacious 3 bedroom apartment for rent, $1,900/mo. Each room has a closet.", kind: .realEstate,
            [(.dealType, "monthly_rent", "for rent"), (.rooms, "3", "3 bedroom")])
        #expect(mark(whole, .rooms) == nil, "\(whole.issues)")
    }

    /// A post offering units of three or more sizes (a building's, a complex's): one room count is one of its
    /// units, not surely this listing's, so it is marked; a post naming one size, or a size and a room in it, is not.
    @Test func theRoomCountOfAPostOfferingSeveralUnitSizesIsMarked() {
        let mixes = [
            "Senior apartments downtown. Studio/1 Bath - $RENT BASED ON INCOME 1BR/1 Bath - $RENT BASED ON INCOME "
                + "2BR/1 Bath - $RENT BASED ON INCOME. Laundry onsite.",
            "신축 오피스텔 분양: 원룸, 투룸, 쓰리룸 다양한 평형 보유. 문의 주세요",
        ]
        for text in mixes {
            let read = draft(text, kind: .realEstate, [(.dealType, "monthly_rent", nil), (.rooms, "1", nil)])
            #expect(mark(read, .rooms)?.code == .inferred, "\(text) \(read.issues)")
        }
        let one = [
            "Large 3BR updated, available August 15. There is also a large bedroom on this floor, 2 more upstairs.",
            "2BR/1BA apartment, $1,450/mo, heat included; the 2 bedrooms are on the second floor.",
        ]
        for text in one {
            let rooms = text.hasPrefix("2BR") ? "2" : "3"
            let read = draft(text, kind: .realEstate, [(.dealType, "monthly_rent", nil), (.rooms, rooms, nil)])
            #expect(mark(read, .rooms) == nil, "\(text) \(read.issues)")
        }
    }
}
