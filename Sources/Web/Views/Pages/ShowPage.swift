import Desk
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
    /// The owner or an admin: edit, take down, delete.
    let canChange: Bool
    let unpublishAction: String
    let deletePath: String
    let version: Int
    let formToken: String

    init(_ listing: Listing, canChange: Bool, formToken: String, viewer: Viewer) {
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
        self.canChange = canChange
        unpublishAction = SiteURL.unpublish(.value(listing.id)).path
        deletePath = SiteURL.delete(.value(listing.id)).path
        version = listing.version
        self.formToken = formToken
    }
}

/// `GET /listings/{id}/delete`: asks before deleting, so that no single click loses a listing.
struct DeletePage: PageView {
    static let template = "delete"
    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let listingTitle: String
    let action: String
    let back: String
    let formToken: String

    init(_ listing: Listing, formToken: String, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.deleteHeading]
        listingTitle = listing.fields[.title]?.textValue ?? labels.listingTitle(listing.id)
        action = SiteURL.delete(.value(listing.id)).path
        back = SiteURL.listing(.value(listing.id)).path
        self.formToken = formToken
    }
}
