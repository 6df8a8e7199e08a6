import Desk
import Foundation
import Storage

/// `GET /evals`: the stored evaluation runs (`listingdesk eval --store`), newest first, with their headline
/// figures, and field F1 over time as a chart.
struct EvaluationsPage: PageView {
    static let template = "evaluations"

    struct Row: Sendable {
        let link: String
        let when: String
        let label: String
        let model: String
        let promptVersion: String
        let strategy: String
        let items: Int
        let kindAccuracy: String
        let f1: String
        let hallucination: String
        let tokens: String
        let cost: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let rows: [Row]
    let hasRows: Bool
    let chart: String

    init(_ runs: [StoredEvaluation], viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.evaluationsHeading]
        rows = runs.map { run in
            Row(
                link: SiteURL.evaluation(.value(run.id)).path, when: labels.time(run.createdAt, in: viewer.timeZone),
                label: run.label, model: run.model, promptVersion: run.promptVersion, strategy: run.strategy,
                items: run.items, kindAccuracy: String(format: "%.3f", run.kindAccuracy),
                f1: String(format: "%.3f", run.f1), hallucination: String(format: "%.1f%%", 100 * run.hallucination),
                tokens: run.tokensPerListing.map { String(format: "%.0f", $0) } ?? "—",
                cost: run.costPerListing.map { String(format: "$%.5f", $0) } ?? "—")
        }
        hasRows = !runs.isEmpty
        chart = Charts.rows(
            runs.prefix(20).reversed().map { run in
                Charts.Bar(label: "#\(run.id) \(run.label.prefix(18))", value: Int(run.f1 * 1_000))
            }, title: labels.pick("Field F1 of the last runs, oldest first", "최근 실행의 항목 F1 (오래된 것부터)"),
            figure: { String(format: "%.3f", Double($0) / 1_000) })
    }
}

/// `GET /evals/{id}`: one stored run's whole report.
struct EvaluationPage: PageView {
    static let template = "evaluation"

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    /// The report's HTML (`EvaluationReportHTML.body`), escaped where it was built.
    let report: String
    let back = SiteURL.evaluations.path

    init(label: String, body: String, viewer: Viewer) {
        chrome = PageChrome(viewer)
        t = viewer.labels.t
        title = viewer.labels.pick("Evaluation: \(label)", "평가: \(label)")
        report = body
    }
}
