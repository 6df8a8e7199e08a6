import Desk
import Storage

/// `GET /`: the paste form, and the most recent listings when the database answers.
struct IndexPage: PageView {
    static let template = "index"
    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let createAction = SiteURL.listings.path
    /// What was typed, shown again when a paste is refused.
    let text: String
    let message: String
    let hasMessage: Bool
    let recent: [ListingRowView]
    let hasRecent: Bool
    /// The same text was pasted before: the earlier listing, and a way to keep both.
    let hasDuplicate: Bool
    let duplicateText: String
    let duplicateLink: String
    let duplicateLinkText: String
    let help: String
    /// This browser's form token (`FormTokens`), posted back with the form.
    let formToken: String

    init(
        text: String = "", message: String? = nil, recent: [Listing] = [], duplicateOf earlier: Listing? = nil,
        formToken: String, viewer: Viewer
    ) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.pasteHeading]
        help = labels.pasteHelp(maxCharacters: TextInput.maxCharacters)
        self.formToken = formToken
        // NUL bytes cannot be shown by any page; everything else typed comes back as it was.
        self.text = text.replacingOccurrences(of: "\u{0}", with: "")
        self.message = message ?? ""
        hasMessage = message != nil
        self.recent = recent.map { ListingRowView($0, viewer: viewer) }
        hasRecent = !recent.isEmpty
        hasDuplicate = earlier != nil
        duplicateText = earlier.map { labels.pastedBefore($0, in: viewer.timeZone) } ?? ""
        duplicateLink = earlier.map { SiteURL.review(.value($0.id)).path } ?? ""
        duplicateLinkText = earlier.map { labels.openListing($0.id) } ?? ""
    }
}
