/// Any error shown as a page: the status, and a message the person can act on (never a stack or a raw reply).
struct ErrorPage: PageView {
    static let template = "error"
    let site = SiteLinks()
    let title: String
    let status: Int
    let message: String

    init(_ error: WebError) {
        title = "\(error.status.code) \(error.status.reasonPhrase)"
        status = error.status.code
        message = error.message
    }
}
