import Extraction
import ListingCore
import Storage

/// What the text offers for a field besides the value read, as one-click choices: several prices (155만 → 95만 →
/// 오늘만 89만원), a move-in date the draft missed or read as something else (a date broken across a line), two
/// deposit/rent pairs. A field is marked for a look when the text offers several values, or one that is not the
/// value read.
struct TextOffer: Sendable {
    /// How many different values the text gives.
    let count: Int
    /// Whether the one value the text gives is the value read.
    let agrees: Bool
    let choices: [FieldView.Alternative]

    /// The offers of a listing's text, by field, given the values the form shows.
    static func all(
        _ listing: Listing, kind: ListingKind, values: [FieldName: FieldValue], labels: Labels
    ) -> [FieldName: TextOffer] {
        let text = listing.sourceText
        let currency = values[.currency]?.textValue ?? "KRW"
        var offers: [FieldName: TextOffer] = [:]
        switch kind {
        case .secondHand:
            let prices = RuleExtractor.priceCandidates(text)
            if !prices.isEmpty, let spec = FieldSchema.spec(.price, in: kind) {
                offers[.price] = TextOffer(
                    count: prices.count, agrees: prices.count == 1 && values[.price] == .integer(prices[0]),
                    choices: prices.map { price in
                        FieldView.Alternative(
                            label: Formatting.value(.integer(price), spec: spec, currency: currency, labels: labels),
                            choice: "price=\(price)")
                    })
            }
        case .realEstate:
            let dates = RuleExtractor.availabilityCandidates(text, pastedOn: listing.pastedOn)
            if !dates.isEmpty, let spec = FieldSchema.spec(.availableFrom, in: kind) {
                offers[.availableFrom] = TextOffer(
                    count: dates.count, agrees: dates.count == 1 && values[.availableFrom]?.textValue == dates[0],
                    choices: dates.map { date in
                        FieldView.Alternative(
                            label: Formatting.value(.text(date), spec: spec, currency: currency, labels: labels),
                            choice: "available_from=\(date)")
                    })
            }
            let deal = values[.dealType]?.textValue
            let pairs = deal == nil || deal == "monthly_rent" ? RuleExtractor.rentCandidates(text) : []
            if !pairs.isEmpty, let deposit = FieldSchema.spec(.deposit, in: kind),
                let rent = FieldSchema.spec(.monthlyRent, in: kind)
            {
                offers[.monthlyRent] = TextOffer(
                    count: pairs.count,
                    agrees: pairs.count == 1 && values[.deposit] == .integer(pairs[0].deposit)
                        && values[.monthlyRent] == .integer(pairs[0].rent),
                    choices: pairs.map { pair in
                        FieldView.Alternative(
                            label: "\(labels.field(deposit)) \(Formatting.korean(pair.deposit)) / "
                                + "\(labels.field(rent)) \(Formatting.korean(pair.rent))",
                            choice: "deposit=\(pair.deposit);monthly_rent=\(pair.rent)")
                    })
            }
        case .notListing:
            break
        }
        return offers
    }
}
