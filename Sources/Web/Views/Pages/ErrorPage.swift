/// Any error shown as a page: the status, and a message the person can act on (never a stack or a raw reply), in
/// the reader's language.
struct ErrorPage: PageView {
    static let template = "error"
    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let status: Int
    let message: String

    init(_ error: WebError, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels.title(error.status)
        status = error.status.code
        message = labels.message(error)
    }
}
