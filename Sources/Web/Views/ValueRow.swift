import Desk
import ListingCore
import Storage

/// A listing's value in words beside its field's label, as the listing page and the kind-change question show them.
struct ValueRow: Sendable {
    let label: String
    let value: String

    /// The values the listing has among `names` (every field of its kind when nil), in that order.
    static func rows(of listing: Listing, only names: [FieldName]? = nil, labels: Labels) -> [ValueRow] {
        let currency = listing.fields[.currency]?.textValue ?? "KRW"
        return (names ?? FieldSchema.fields(for: listing.kind).map(\.name)).compactMap { name in
            guard let spec = FieldSchema.spec(name, in: listing.kind), let value = listing.fields[name] else {
                return nil
            }
            return ValueRow(
                label: labels.field(spec),
                value: Formatting.value(value, spec: spec, currency: currency, labels: labels))
        }
    }
}
