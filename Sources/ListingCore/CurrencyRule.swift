/// docs/FIELDS.md: the currency is KRW unless the text says otherwise, and it is set only where there is an amount
/// for it to qualify. Extraction and a person's correction both apply it, here.
public enum CurrencyRule {
    /// The fields that hold money.
    public static let moneyFields: [FieldName] = [.price, .deposit, .monthlyRent, .maintenanceFee]

    /// Sets `currency` from the listing's text when the fields have an amount and no currency.
    public static func applyDefault(to fields: inout [FieldName: FieldValue], kind: ListingKind, sourceText: String) {
        guard kind != .notListing, fields[.currency] == nil, moneyFields.contains(where: { fields[$0] != nil }) else {
            return
        }
        fields[.currency] = .text(currency(of: sourceText))
    }

    /// The currency a text quotes in, by its signs and words; KRW when it names none.
    public static func currency(of text: String) -> String {
        let lower = TextEditing.lowercased(text)
        func has(_ marks: [String]) -> Bool { marks.contains { TextNormalization.contains(lower, $0) } }
        if has(["$", "usd", "dollar"]) { return "USD" }
        if has(["€", "eur"]) { return "EUR" }
        if has(["£", "gbp"]) { return "GBP" }
        if has(["円", "jpy", "¥"]) { return "JPY" }
        return "KRW"
    }
}
