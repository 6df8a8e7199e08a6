import ListingCore
import Storage

/// `GET /listings`: one page of listings, newest first, with the filters, the next page and the CSV of the filter.
struct ListPage: PageView {
    static let template = "list"
    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let filterAction = SiteURL.listings.path
    let items: [ListingRowView]
    let hasItems: Bool
    let q: String
    let kinds: [ChoiceView]
    let statuses: [ChoiceView]
    let next: String
    let hasNext: Bool
    let csv: String
    /// The same CSV with its header in the reader's words.
    let csvWithLabels: String
    /// The review queue through every draft that needs a look.
    let reviewQueue = SiteURL.reviewDrafts.path
    let reviewQueueLabel: String

    init(page: ListingPage, filter: ListingFilter, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.listingsHeading]
        items = page.items.map { ListingRowView($0, viewer: viewer) }
        hasItems = !page.items.isEmpty
        q = filter.query ?? ""
        kinds = ListingKind.allCases.map {
            ChoiceView(value: $0.rawValue, label: labels.kind($0), selected: $0 == filter.kind)
        }
        statuses = ListingStatus.allCases.map {
            ChoiceView(value: $0.rawValue, label: labels.status($0), selected: $0 == filter.status)
        }
        let query: [(String, String?)] = [
            ("kind", filter.kind?.rawValue), ("status", filter.status?.rawValue), ("q", filter.query),
        ]
        next = page.nextCursor.map { SiteURL.listings.path(query: query + [("cursor", String($0))]) } ?? ""
        hasNext = page.nextCursor != nil
        csv = SiteURL.listingsCSV.path(query: query)
        csvWithLabels = SiteURL.listingsCSV.path(query: query + [("header", viewer.language.rawValue)])
        reviewQueueLabel = viewer.labels.pick("Review the drafts that need a look", "확인할 초안 차례로 보기")
    }
}
