import Foundation
import Storage

/// `GET /batches`: the import form (a file, or listings pasted at once) and the recent imports with their progress.
struct BatchesPage: PageView {
    static let template = "batches"

    struct Row: Sendable {
        let link: String
        let name: String
        let created: String
        let progress: String
        let percent: Int
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let action = SiteURL.batches.path
    let formToken: String
    /// What was pasted, shown again when the import is refused.
    let text: String
    let message: String
    let hasMessage: Bool
    let rows: [Row]
    let hasRows: Bool
    /// Whether a remote model is configured, so that the listings can go through its Batch API.
    let batchAPI: Bool

    init(
        batches: [BatchProgress], text: String = "", message: String? = nil, batchAPI: Bool = false,
        formToken: String, viewer: Viewer
    ) {
        self.batchAPI = batchAPI
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.batchesHeading]
        self.formToken = formToken
        self.text = text.replacingOccurrences(of: "\u{0}", with: "")
        self.message = message ?? ""
        hasMessage = message != nil
        rows = batches.map { batch in
            Row(
                link: SiteURL.batch(.value(batch.id)).path, name: batch.name,
                created: labels.time(batch.createdAt, in: viewer.timeZone), progress: labels.batchProgress(batch),
                percent: batch.total == 0 ? 100 : 100 * batch.finished / batch.total)
        }
        hasRows = !batches.isEmpty
    }
}
