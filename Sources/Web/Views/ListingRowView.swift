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
        let fallback = listing.sourceText.split(whereSeparator: \.isNewline).first.map(String.init) ?? "(untitled)"
        id = listing.id
        title = listing.fields[.title]?.textValue ?? String(fallback.prefix(80))
        kind = listing.kind.rawValue
        kindLabel = listing.kind.label
        status = listing.status.rawValue
        summary = Formatting.summary(listing)
        created = Formatting.timestamp(listing.createdAt)
        reviewPath = SiteURL.review(.value(listing.id)).path
    }
}
