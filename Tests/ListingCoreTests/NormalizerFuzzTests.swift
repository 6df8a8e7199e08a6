import ListingCore
import TestSupport
import Testing

/// Every reader of values, fed arbitrary text: it never traps, never hangs, and whatever it accepts is a value the
/// validator (and so the database's CHECK constraints) takes. A failure names the seed and the input.
@Suite struct NormalizerFuzzTests {
    let context = NormalizationContext(pastedOn: LocalDate(year: 2026, month: 11, day: 20)!)

    @Test func everyFieldReaderAcceptsOnlyStorableValues() {
        var fuzz = Fuzz()
        let specs = FieldSchema.allFields
        var accepted = 0
        for round in 0..<Fuzz.count {
            let text = fuzz.text(from: Fuzz.valueFragments)
            let spec = specs[round % specs.count]
            for unit in [1, 10_000] {
                let context = NormalizationContext(pastedOn: context.pastedOn, bareMoneyUnit: unit)
                if case .value(let value, _) = ValueNormalizer.normalize(text, as: spec, context: context) {
                    accepted += 1
                    if let problem = ValueNormalizer.check(value, as: spec) {
                        Issue.record(
                            "seed \(Fuzz.seed) round \(round): \(spec.name) read “\(text)” as \(value): \(problem)")
                    }
                    _ = value.canonicalString()
                }
            }
            _ = MoneyParser.parse(text, bareUnit: 10_000)
            _ = MeasureParser.area(text)
            _ = MeasureParser.floor(text)
            _ = MeasureParser.availability(text, pastedOn: context.pastedOn)
            _ = MeasureParser.boolean(text)
        }
        #expect(accepted > Fuzz.count / 10, "the fragments reach the accepting paths too (\(accepted))")
    }
}
