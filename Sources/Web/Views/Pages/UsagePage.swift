import Desk
import Foundation
import Storage

/// `GET /usage`: model calls per day and model, for the operator.
struct UsagePage: PageView {
    static let template = "usage"

    struct Row: Sendable {
        let day: String
        let model: String
        let calls: String
        let failures: String
        let retries: String
        let promptTokens: String
        let completionTokens: String
        let cost: String
        let latency: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let days: Int
    let rows: [Row]
    let hasRows: Bool

    init(days: Int, usage: [DailyUsage], viewer: Viewer) {
        chrome = PageChrome(viewer)
        t = viewer.labels.t
        title = viewer.labels[.usageHeading]
        self.days = days
        rows = usage.map { row in
            Row(
                day: row.day, model: row.model, calls: Formatting.grouped(row.calls),
                failures: Formatting.grouped(row.failures), retries: Formatting.grouped(row.retries),
                promptTokens: Formatting.grouped(row.promptTokens),
                completionTokens: Formatting.grouped(row.completionTokens),
                cost: row.costUSD.map { String(format: "%.4f", $0) } ?? "—",
                latency: Formatting.grouped(row.averageLatencyMilliseconds))
        }
        hasRows = !usage.isEmpty
    }
}
