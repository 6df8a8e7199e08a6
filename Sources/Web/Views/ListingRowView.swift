import Desk
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
    /// The same moment for machines (`<time datetime>`).
    let createdISO: String
    let reviewPath: String

    let statusLabel: String

    init(_ listing: Listing, viewer: Viewer) {
        let labels = viewer.labels
        let fallback = listing.sourceText.split(whereSeparator: \.isNewline).first.map(String.init) ?? labels.untitled
        id = listing.id
        title = listing.fields[.title]?.textValue ?? String(fallback.prefix(80))
        kind = listing.kind.rawValue
        kindLabel = labels.kind(listing.kind)
        status = listing.status.rawValue
        statusLabel = labels.status(listing.status)
        summary = Formatting.summary(listing, labels: labels)
        created = labels.time(listing.createdAt, in: viewer.timeZone)
        createdISO = Formatting.iso(listing.createdAt)
        reviewPath = SiteURL.review(.value(listing.id)).path
    }
}
