import Extraction
import ListingCore
import Testing

/// One test per deviation docs/REPLY.md lists, each with the exact result expected.
@Suite struct ReplyParserTests {
    let listing = "망원동 원룸 월세 보증금 1000/월 50, 3/5층, 관리비 5만원 & 주차 가능"
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    func read(_ reply: String) -> (ParsedReply, ExtractedListing) {
        let parsed = ReplyParser.parse(reply)
        return (
            parsed, ReplyInterpreter.interpret(parsed, listingText: listing, pastedOn: day, fallbackKind: .secondHand)
        )
    }

    @Test func wellFormedEnvelope() {
        let (parsed, result) = read(
            """
            <thinking>A rental.</thinking>
            <classification>real_estate</classification>
            <fields>
              <deal_type evidence="월세">monthly_rent</deal_type>
              <deposit evidence="보증금 1000">10000000</deposit>
              <monthly_rent evidence="월 50">500000</monthly_rent>
            </fields>
            """)
        #expect(parsed.kind == .realEstate)
        #expect(parsed.issues.isEmpty)
        #expect(result.fields["deposit"] == .integer(10_000_000))
        #expect(result.fields["monthly_rent"] == .integer(500_000))
        #expect(result.fields["currency"] == .text("KRW"))
        #expect(result.evidence["deposit"] == "보증금 1000")
        #expect(!result.issues.contains { $0.code == .unsupported })
    }

    @Test func proseAndFenceAndWrapper() {
        let (parsed, result) = read(
            """
            Sure! Here is the extraction:
            ```xml
            <answer><reply>
            <classification>real_estate</classification>
            <fields><deal_type>monthly_rent</deal_type></fields>
            </reply></answer>
            ```
            Hope this helps.
            """)
        #expect(parsed.kind == .realEstate)
        #expect(result.fields["deal_type"] == .text("monthly_rent"))
    }

    @Test func tagNamesInOtherCaseOrWithHyphensOrSpaces() {
        let (_, result) = read(
            """
            <Classification>REAL_ESTATE</Classification>
            <Fields><Monthly-Rent>500000</Monthly-Rent><Deal Type>monthly_rent</Deal Type><totalFloors>5</totalFloors></Fields>
            """)
        #expect(result.kind == .realEstate)
        #expect(result.fields["monthly_rent"] == .integer(500_000))
        #expect(result.fields["deal_type"] == .text("monthly_rent"))
        #expect(result.fields["total_floors"] == .integer(5))
        #expect(result.issues.contains { $0.code == .formatDeviation && $0.field == "monthly_rent" })
    }

    @Test func missingAndMismatchedClosingTags() {
        let (_, result) = read(
            """
            <classification>real_estate</classification>
            <fields>
            <deposit>10000000
            <monthly_rent>500000</rent>
            <floor>3</floor>
            </fields>
            """)
        #expect(result.fields["deposit"] == .integer(10_000_000))
        #expect(result.fields["monthly_rent"] == .integer(500_000))
        #expect(result.fields["floor"] == .integer(3))
        #expect(result.issues.contains { $0.code == .unclosedTag && $0.field == "deposit" })
    }

    @Test func cutOffMidwayKeepsWhatClosed() {
        let (parsed, result) = read(
            """
            <classification>real_estate</classification>
            <fields>
            <deal_type>monthly_rent</deal_type>
            <deposit>10000000</deposit>
            <monthly_rent>50
            """)
        #expect(parsed.truncated)
        #expect(result.fields["deposit"] == .integer(10_000_000))
        #expect(result.fields["monthly_rent"] == nil)
        #expect(result.issues.contains { $0.code == .truncatedReply })
    }

    @Test func cutInsideATag() {
        let (parsed, result) = read(
            "<classification>real_estate</classification><fields><deal_type>sale</deal_type><price evid")
        #expect(parsed.truncated)
        #expect(result.fields["deal_type"] == .text("sale"))
        #expect(result.fields["price"] == nil)
    }

    @Test func entitiesCDATAAndUnescapedCharacters() {
        let (_, result) = read(
            """
            <classification>real_estate</classification>
            <fields>
            <title>Tom &amp; Jerry's &#50900;세 <![CDATA[<great> & cheap]]></title>
            <location evidence='망원동'>망원동 & 합정 < 5분</location>
            <maintenance_fee evidence=관리비>50000</maintenance_fee>
            </fields>
            """)
        #expect(result.fields["title"] == .text("Tom & Jerry's 월세 <great> & cheap"))
        #expect(result.fields["location"] == .text("망원동 & 합정 < 5분"))
        #expect(result.fields["maintenance_fee"] == .integer(50_000))
        #expect(result.evidence["location"] == "망원동")
    }

    @Test func unescapedQuotesInsideEvidence() {
        let (_, result) = read(
            """
            <classification>real_estate</classification>
            <fields><parking evidence="주차 "가능"">true</parking></fields>
            """)
        #expect(result.fields["parking"] == .boolean(true))
    }

    @Test func humanWrittenValuesAreNormalisedAndNoted() {
        let (_, result) = read(
            """
            <classification>real_estate</classification>
            <fields>
            <monthly_rent>50만원</monthly_rent><deposit>1억 2천</deposit><area_m2>25평</area_m2>
            <floor>B1</floor><parking>가능</parking><elevator>N/A</elevator><pets_allowed>unknown</pets_allowed>
            <heating>-</heating><bathrooms>null</bathrooms><loan_ok>없음</loan_ok>
            </fields>
            """)
        #expect(result.fields["monthly_rent"] == .integer(500_000))
        #expect(result.fields["deposit"] == .integer(120_000_000))
        #expect(result.fields["area_m2"] == .decimal(82.6))
        #expect(result.fields["floor"] == .integer(-1))
        #expect(result.fields["parking"] == .boolean(true))
        for absent: FieldName in ["elevator", "pets_allowed", "heating", "bathrooms", "loan_ok"] {
            #expect(result.fields[absent] == nil, "\(absent)")
        }
        #expect(result.issues.contains { $0.code == .nonCanonical && $0.field == "monthly_rent" })
    }

    @Test func repeatedFieldFirstNonEmptyWins() {
        let (_, result) = read(
            """
            <classification>real_estate</classification>
            <fields><floor></floor><floor>3</floor><floor>4</floor></fields>
            """)
        #expect(result.fields["floor"] == .integer(3))
        #expect(result.issues.contains { $0.code == .duplicateField && $0.field == "floor" })
    }

    @Test func otherKindsFieldIsDroppedAndUnknownTagIgnored() {
        let (_, result) = read(
            """
            <classification>real_estate</classification>
            <fields><brand>Apple</brand><sparkle>yes</sparkle><deal_type>sale</deal_type></fields>
            """)
        #expect(result.fields["brand"] == nil)
        #expect(result.fields["deal_type"] == .text("sale"))
        #expect(result.issues.contains { $0.code == .wrongKindField && $0.field == "brand" })
        #expect(result.issues.contains { $0.code == .unknownField && $0.field == "sparkle" })
    }

    @Test func tagLikeTextInThinkingDoesNotStartTheFields() {
        let (parsed, result) = read(
            """
            <thinking>I will put the rent in the <fields> below, e.g. <monthly_rent>999</monthly_rent>.</thinking>
            <classification>real_estate</classification>
            <fields><monthly_rent>500000</monthly_rent></fields>
            """)
        #expect(parsed.thinking?.contains("<fields>") == true)
        #expect(result.fields["monthly_rent"] == .integer(500_000))
        #expect(!result.issues.contains { $0.code == .duplicateField })
    }

    @Test func noEnvelopeAtAll() {
        let (parsed, result) = read("I'm sorry, I can't help with that.")
        #expect(!parsed.hasEnvelope)
        #expect(result.fields.isEmpty)
        #expect(result.issues.contains { $0.code == .noEnvelope })
    }

    @Test func notListingReason() {
        let (_, result) = read(
            "<classification>not_listing</classification><fields><reason>A recipe.</reason></fields>")
        #expect(result.kind == .notListing)
        #expect(result.fields["reason"] == .text("A recipe."))
    }

    @Test func invalidValueIsAnIssueNotACrash() {
        let (_, result) = read(
            "<classification>real_estate</classification><fields><floor>고층</floor><deal_type>rent-to-own</deal_type></fields>"
        )
        #expect(result.fields["floor"] == nil)
        #expect(result.issues.contains { $0.code == .invalidValue && $0.field == "floor" })
        #expect(result.issues.contains { $0.code == .invalidValue && $0.field == "deal_type" })
    }

    @Test func evidenceNotInTheTextIsFlagged() {
        let (_, result) = read(
            """
            <classification>real_estate</classification>
            <fields><rooms evidence="방 3개">3</rooms><monthly_rent evidence="월 50">700000</monthly_rent></fields>
            """)
        #expect(result.fields["rooms"] == .integer(3))
        #expect(result.issues.contains { $0.code == .unsupported && $0.field == "rooms" })
        #expect(result.issues.contains { $0.code == .unsupported && $0.field == "monthly_rent" })
    }

    @Test func prefixesOfAReplyNeverCrashAndOnlyGrow() {
        let reply = """
            <thinking>x</thinking><classification>real_estate</classification><fields><deal_type evidence="월세">monthly_rent</deal_type><deposit>10000000</deposit><floor>3</floor></fields>
            """
        var previous = 0
        for length in 0...reply.count {
            let parsed = ReplyParser.parse(String(reply.prefix(length)))
            #expect(parsed.fields.count >= previous)
            previous = parsed.fields.count
        }
        #expect(previous == 3)
    }
}
