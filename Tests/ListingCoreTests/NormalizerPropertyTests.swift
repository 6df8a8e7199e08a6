import ListingCore
import PropertyBased
import Testing

/// Canonical values written out and read back are the same values, for every type.
@Suite struct NormalizerPropertyTests {
    let context = NormalizationContext(pastedOn: LocalDate(year: 2026, month: 11, day: 20)!)

    @Test func moneyRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...1_000_000_000_000)) { amount in
            let spec = FieldSchema.spec("price", in: .realEstate)!
            #expect(
                ValueNormalizer.normalize(String(amount), as: spec, context: context)
                    == .value(.integer(amount), wasCanonical: true))
        }
    }

    @Test func koreanMoneyWrittenOutReadsBack() async {
        // 3억 5,000만원 style: what the review page shows must read back as the same amount.
        await propertyCheck(count: 500, input: Gen.int(in: 0...99_999), Gen.int(in: 0...9_999)) { eok, man in
            let amount = eok * 100_000_000 + man * 10_000
            var text = ""
            if eok > 0 { text += "\(eok)억 " }
            if man > 0 { text += "\(man)만" }
            if text.isEmpty { text = "0" }
            #expect(MoneyParser.parse(text + "원")?.amount == amount, "\(text)")
        }
    }

    @Test func areasAndIntegersRoundTrip() async {
        await propertyCheck(count: 500, input: Gen.int(in: 1...999_999), Gen.int(in: -5...130)) { tenths, floor in
            let area = Double(tenths) / 10
            let areaSpec = FieldSchema.spec("area_m2", in: .realEstate)!
            #expect(
                ValueNormalizer.normalize(FieldValue.decimal(area).canonicalString(), as: areaSpec, context: context)
                    == .value(.decimal(area), wasCanonical: true))
            let floorSpec = FieldSchema.spec("floor", in: .realEstate)!
            #expect(
                ValueNormalizer.normalize(String(floor), as: floorSpec, context: context)
                    == .value(.integer(floor), wasCanonical: true))
        }
    }

    @Test func enumsAndDatesRoundTrip() async {
        let enumFields = FieldSchema.allFields.filter {
            if case .enumeration = $0.type { return true }
            return false
        }
        for spec in enumFields {
            for value in spec.allowedValues {
                #expect(
                    ValueNormalizer.normalize(value, as: spec, context: context)
                        == .value(.text(value), wasCanonical: true))
            }
        }
        let dateSpec = FieldSchema.spec("available_from", in: .realEstate)!
        await propertyCheck(count: 300, input: Gen.int(in: 2000...2100), Gen.int(in: 1...12), Gen.int(in: 1...28)) {
            year, month, day in
            let date = LocalDate(year: year, month: month, day: day)!.description
            #expect(
                ValueNormalizer.normalize(date, as: dateSpec, context: context)
                    == .value(.text(date), wasCanonical: true))
        }
    }
}
