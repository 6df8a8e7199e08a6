import ListingCore
import Testing

@Suite struct NormalizerTests {
    let context = NormalizationContext(pastedOn: LocalDate(year: 2026, month: 11, day: 20)!)

    func spec(_ name: FieldName, _ kind: ListingKind = .realEstate) -> FieldSpec {
        FieldSchema.spec(name, in: kind)!
    }

    @Test func canonicalValuesStayCanonical() {
        #expect(
            ValueNormalizer.normalize("500000", as: spec("monthly_rent"), context: context)
                == .value(.integer(500_000), wasCanonical: true))
        #expect(
            ValueNormalizer.normalize("monthly_rent", as: spec("deal_type"), context: context)
                == .value(.text("monthly_rent"), wasCanonical: true))
        #expect(
            ValueNormalizer.normalize("true", as: spec("parking"), context: context)
                == .value(.boolean(true), wasCanonical: true))
    }

    /// docs/FIELDS.md: a townhouse is a `house` (as the labels and the offline reader have it), and so are a
    /// bungalow, a cottage and a duplex; 연립 and 다세대 are villas.
    @Test func aTownhouseIsAHouse() {
        for word in ["townhouse", "Townhome", "bungalow", "cottage", "duplex"] {
            #expect(
                ValueNormalizer.normalize(word, as: spec("property_type"), context: context)
                    == .value(.text("house"), wasCanonical: false), "\(word)")
        }
        #expect(
            ValueNormalizer.normalize("연립", as: spec("property_type"), context: context)
                == .value(.text("villa"), wasCanonical: false))
    }

    @Test func humanValuesAreNormalised() {
        #expect(
            ValueNormalizer.normalize("50만원", as: spec("monthly_rent"), context: context)
                == .value(.integer(500_000), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("월세", as: spec("deal_type"), context: context)
                == .value(.text("monthly_rent"), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("반전세", as: spec("deal_type"), context: context)
                == .value(.text("monthly_rent"), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("S급", as: spec("condition", .secondHand), context: context)
                == .value(.text("like_new"), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("미개봉", as: spec("condition", .secondHand), context: context)
                == .value(.text("new"), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("택배", as: spec("trade_method", .secondHand), context: context)
                == .value(.text("shipping"), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("B1", as: spec("floor"), context: context)
                == .value(.integer(-1), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("에어컨, 세탁기", as: spec("options"), context: context)
                == .value(.list(["air_conditioner", "washing_machine"]), wasCanonical: false))
    }

    /// A half bath (a toilet and a basin) counts as one half: `1.5 baths` is 1.5, in halves only.
    @Test func bathroomsComeInHalves() {
        let baths = spec("bathrooms")
        #expect(
            ValueNormalizer.normalize("1.5", as: baths, context: context) == .value(.decimal(1.5), wasCanonical: true))
        #expect(ValueNormalizer.normalize("2", as: baths, context: context) == .value(.decimal(2), wasCanonical: true))
        #expect(
            ValueNormalizer.normalize("2.5 baths", as: baths, context: context)
                == .value(.decimal(2.5), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("1½", as: baths, context: context) == .value(.decimal(1.5), wasCanonical: false))
        #expect(
            ValueNormalizer.normalize("욕실 2개", as: baths, context: context) == .value(.decimal(2), wasCanonical: false))
        for wrong in ["1.3", "1001", "-1", "two and a bit"] {
            guard case .invalid = ValueNormalizer.normalize(wrong, as: baths, context: context) else {
                Issue.record("\(wrong) is no count of bathrooms")
                continue
            }
        }
        #expect(ValueNormalizer.check(.decimal(1.5), as: baths) == nil)
        #expect(ValueNormalizer.check(.decimal(1.25), as: baths) != nil)
        #expect(ValueNormalizer.check(.integer(2), as: baths) != nil, "a count in halves is a decimal")
        #expect(FieldValue(canonical: "2.5", type: baths.type) == .decimal(2.5))
    }

    @Test(arguments: ["N/A", "null", "unknown", "없음", "-", ""])
    func absentMarkersMeanAbsent(_ text: String) {
        #expect(ValueNormalizer.normalize(text, as: spec("deposit"), context: context) == .absent)
    }

    @Test func unreadableValuesAreInvalidWithAMessage() {
        guard case .invalid(let message) = ValueNormalizer.normalize("고층", as: spec("floor"), context: context) else {
            Issue.record("고층 must not read as a floor number")
            return
        }
        #expect(message.contains("고층"))
        if case .value = ValueNormalizer.normalize("purple", as: spec("deal_type"), context: context) {
            Issue.record("an unknown enum word must not be accepted")
        }
    }

    @Test func canonicalValuesRoundTrip() {
        let samples: [(FieldName, FieldValue)] = [
            ("deposit", .integer(10_000_000)), ("area_m2", .decimal(82.6)), ("floor", .integer(-1)),
            ("parking", .boolean(false)), ("available_from", .text("2027-01-15")), ("direction", .text("southeast")),
            ("options", .list(["air_conditioner", "tv"])),
        ]
        for (name, value) in samples {
            let written = value.canonicalString()
            #expect(
                ValueNormalizer.normalize(written, as: spec(name), context: context)
                    == .value(value, wasCanonical: true), "\(name)")
        }
    }
}

@Suite struct ValidatorTests {
    @Test func flagsImplausibleValues() {
        let issues = ListingValidator.validate(
            kind: .realEstate,
            fields: ["monthly_rent": .integer(5), "area_m2": .decimal(90_000), "currency": .text("KRW")])
        #expect(issues.contains { $0.field == "monthly_rent" && $0.code == .outOfRange })
        #expect(issues.contains { $0.field == "area_m2" && $0.code == .outOfRange })
    }

    @Test func dollarsAreNotWon() {
        let issues = ListingValidator.validate(
            kind: .realEstate, fields: ["monthly_rent": .integer(1_450), "currency": .text("USD")])
        #expect(issues.isEmpty)
    }

    @Test func checksAcrossFields() {
        let issues = ListingValidator.validate(
            kind: .realEstate,
            fields: [
                "floor": .integer(7), "total_floors": .integer(5), "deal_type": .text("jeonse"),
                "monthly_rent": .integer(500_000),
            ])
        #expect(issues.contains { $0.field == "floor" && $0.code == .inconsistent })
        #expect(issues.contains { $0.field == "monthly_rent" && $0.code == .inconsistent })
    }

    @Test func publishingRulesFollowFieldsMD() {
        #expect(ListingValidator.publishingIssues(kind: .realEstate, fields: [:]).contains { $0.field == "deal_type" })
        #expect(
            ListingValidator.publishingIssues(kind: .realEstate, fields: ["deal_type": .text("sale")]).contains {
                $0.field == "price"
            })
        let rental: [FieldName: FieldValue] = [
            "deal_type": .text("monthly_rent"), "monthly_rent": .integer(500_000), "currency": .text("KRW"),
        ]
        #expect(ListingValidator.publishingIssues(kind: .realEstate, fields: rental).isEmpty)
        #expect(!ListingValidator.publishingIssues(kind: .notListing, fields: [:]).isEmpty)
    }
}
