import ListingCore
import Storage

/// Asked before a kind change drops values: which ones would go, with a button to change the kind anyway and a
/// link back that keeps everything.
struct KindChangePage: PageView {
    static let template = "kind-change"

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let question: String
    let explanation: String
    let confirm: String
    let keep: String
    let kind: String
    let version: Int
    let action: String
    let back: String
    let dropped: [ValueRow]
    let formToken: String

    init(
        _ listing: Listing, to kind: ListingKind, dropping names: [FieldName], version: Int, formToken: String,
        viewer: Viewer
    ) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels.kindChangeTitle(listing.id)
        question = labels.kindChangeQuestion(from: listing.kind, to: kind)
        explanation = labels.kindChangeExplanation(to: kind)
        confirm = labels.kindChangeConfirm(to: kind)
        keep = labels.kindChangeKeep(listing.kind)
        self.kind = kind.rawValue
        self.version = version
        action = SiteURL.kind(.value(listing.id)).path
        back = SiteURL.review(.value(listing.id)).path
        dropped = ValueRow.rows(of: listing, only: names, labels: labels)
        self.formToken = formToken
    }
}
