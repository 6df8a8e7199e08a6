import ListingCore
import Storage

/// One listing in a list: its title, kind, status and a short summary of its values, with the link to review it.
struct ListingRowView: Sendable {
    let id: Int64
    let title: String
    let kind: String
    let kindLabel: String
    let status: String
    let summary: String
    let created: String
    let reviewPath: String

    init(_ listing: Listing) {
        let currency = listing.fields[.currency]?.textValue ?? "KRW"
        var summary: [String] = []
        for name: FieldName in [.dealType, .deposit, .monthlyRent, .price, .areaM2, .brand, .condition] {
            guard let value = listing.fields[name], let spec = FieldSchema.spec(name, in: listing.kind) else {
                continue
            }
            summary.append(Formatting.value(value, spec: spec, currency: currency))
        }
        if listing.kind == .notListing, let reason = listing.fields[.reason]?.textValue { summary = [reason] }
        let fallback = listing.sourceText.split(whereSeparator: \.isNewline).first.map(String.init) ?? "(untitled)"
        id = listing.id
        title = listing.fields[.title]?.textValue ?? String(fallback.prefix(80))
        kind = listing.kind.rawValue
        kindLabel = listing.kind.label
        status = listing.status.rawValue
        self.summary = summary.joined(separator: " · ")
        created = Formatting.timestamp(listing.createdAt)
        reviewPath = SiteURL.review(.value(listing.id)).path
    }
}
