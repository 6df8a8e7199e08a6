import ListingCore
import Storage

/// `GET /listings/{id}`: the listing as published, or as a draft or rejected paste, marked.
struct ShowPage: PageView {
    static let template = "listing"

    /// A value with its label.
    struct Row: Sendable {
        let label: String
        let value: String
    }

    let site = SiteLinks()
    let title: String
    let id: Int64
    let status: String
    let isDraft: Bool
    let isRejected: Bool
    let isPublished: Bool
    let kindLabel: String
    let rows: [Row]
    let source: String
    let published: String
    let reviewPath: String

    init(_ listing: Listing) {
        let currency = listing.fields[.currency]?.textValue ?? "KRW"
        title = listing.fields[.title]?.textValue ?? "Listing #\(listing.id)"
        id = listing.id
        status = listing.status.rawValue
        isDraft = listing.status == .draft
        isRejected = listing.status == .rejected
        isPublished = listing.status == .published
        kindLabel = listing.kind.label
        rows = FieldSchema.fields(for: listing.kind).compactMap { spec in
            listing.fields[spec.name].map {
                Row(label: spec.label, value: Formatting.value($0, spec: spec, currency: currency))
            }
        }
        source = listing.sourceText
        published = listing.publishedAt.map(Formatting.timestamp) ?? ""
        reviewPath = SiteURL.review(.value(listing.id)).path
    }
}
