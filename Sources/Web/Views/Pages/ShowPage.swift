import ListingCore
import Storage

/// `GET /listings/{id}`: the listing as published, or as a draft or rejected paste, marked.
struct ShowPage: PageView {
    static let template = "listing"

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let id: Int64
    let status: String
    let statusLabel: String
    let isDraft: Bool
    let isRejected: Bool
    let isPublished: Bool
    let kindLabel: String
    let rows: [ValueRow]
    let source: String
    let sourceLang: String
    let published: String
    let publishedISO: String
    let reviewPath: String

    init(_ listing: Listing, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = listing.fields[.title]?.textValue ?? labels.listingTitle(listing.id)
        id = listing.id
        status = listing.status.rawValue
        statusLabel = labels.status(listing.status)
        isDraft = listing.status == .draft
        isRejected = listing.status == .rejected
        isPublished = listing.status == .published
        kindLabel = labels.kind(listing.kind)
        rows = ValueRow.rows(of: listing, labels: labels)
        source = listing.sourceText
        sourceLang = Language.of(listing.sourceText).rawValue
        published = listing.publishedAt.map { labels.time($0, in: viewer.timeZone) } ?? ""
        publishedISO = listing.publishedAt.map(Formatting.iso) ?? ""
        reviewPath = SiteURL.review(.value(listing.id)).path
    }
}
