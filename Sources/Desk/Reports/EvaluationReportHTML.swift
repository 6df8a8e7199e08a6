import Evaluation
import Foundation
import ListingCore

/// An evaluation report as HTML: the body shared by the `/evals/{id}` page and the self-contained file that
/// `listingdesk eval --report run.html` writes (its own styles inline, no request to anywhere). Every text from the
/// report is escaped here.
public enum EvaluationReportHTML {
    /// A whole page that needs nothing else: open it from disk, mail it, attach it to an issue.
    public static func document(_ report: EvaluationReport) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Evaluation: \(Formatting.html(report.label))</title>
        <style>
        body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 60rem; padding: 0 1rem; color: #1d1d1f; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid #ccd; padding: .2rem .5rem; text-align: right; }
        th:first-child, td:first-child { text-align: left; } .muted { color: #666; }
        svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; } svg.chart rect { fill: #2457c5; }
        svg.chart text { fill: currentColor; } svg.chart text.small { font-size: 10px; }
        </style>
        </head>
        <body>
        \(body(report))
        </body>
        </html>

        """
    }

    static func score(_ value: Double) -> String { String(format: "%.3f", value) }

    /// The report's sections: headline, per-kind F1, the kind confusion matrix, per-field F1 (chart and table),
    /// latency, tokens and cost.
    public static func body(_ report: EvaluationReport) -> String {
        var html = "<h1>Evaluation: \(Formatting.html(report.label))</h1>\n"
        html +=
            "<p class=\"muted\">\(report.items) listings from \(Formatting.html(report.data)); model "
            + "\(Formatting.html(report.model)), prompt \(Formatting.html(report.promptVersion)), strategy "
            + "\(Formatting.html(report.strategy)); \(Formatting.iso(report.createdAt)).</p>\n"
        html += "<table><thead><tr><th>kind accuracy</th><th>precision</th><th>recall</th><th>F1</th>"
        html += "<th>hallucination</th></tr></thead><tbody><tr>"
        html += "<td>\(score(report.kindAccuracy))</td><td>\(score(report.overall.precision))</td>"
        html += "<td>\(score(report.overall.recall))</td><td>\(score(report.overall.f1))</td>"
        html += String(format: "<td>%.1f%%</td></tr></tbody></table>\n", 100 * report.hallucinationRate)
        if let grades = report.grades {
            html +=
                "<p>Evidence grades flag \(grades.unstatedFlagged) of \(grades.unstatedValues) values for fields the "
                + "listing does not state, and \(grades.correctFlagged) of \(grades.correctValues) correct values.</p>\n"
        }
        if let marks = report.marks {
            html +=
                "<h2>Marks</h2>\n<table><thead><tr><th></th><th>marked</th><th>of</th><th>share</th></tr></thead><tbody>"
            for (what, count) in marks.rows {
                html += "<tr><td>\(what)</td><td>\(count.marked)</td><td>\(count.total)</td>"
                html += String(format: "<td>%.1f%%</td></tr>", 100 * count.share)
            }
            html += "</tbody></table>\n"
        }
        html += "<h2>F1 per kind</h2>\n"
        html += Charts.rows(
            ListingKind.allCases.compactMap { kind in
                report.perKind[kind.rawValue].map { Charts.Bar(label: kind.rawValue, value: Int($0.f1 * 1_000)) }
            }, title: "F1 per kind", figure: { String(format: "%.3f", Double($0) / 1_000) })
        html += "<h2>Kinds</h2>\n<table><thead><tr><th>gold \\ predicted</th>"
        html += ListingKind.allCases.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr></thead><tbody>"
        for (row, kind) in ListingKind.allCases.enumerated() where row < report.confusion.count {
            html += "<tr><td>\(kind.rawValue)</td>" + report.confusion[row].map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        html += "</tbody></table>\n<h2>F1 per field</h2>\n"
        let fields = report.perField.sorted { $0.key < $1.key }
        html += Charts.rows(
            fields.map { Charts.Bar(label: $0.key, value: Int($0.value.f1 * 1_000)) }, title: "F1 per field",
            figure: { String(format: "%.3f", Double($0) / 1_000) })
        html += "<table><thead><tr><th>field</th><th>gold</th><th>predicted</th><th>correct</th><th>precision</th>"
        html += "<th>recall</th><th>F1</th></tr></thead><tbody>"
        for (name, value) in fields {
            html += "<tr><td>\(Formatting.html(name))</td><td>\(value.truePositives + value.falseNegatives)</td>"
            html += "<td>\(value.truePositives + value.falsePositives)</td><td>\(value.truePositives)</td>"
            html += "<td>\(score(value.precision))</td><td>\(score(value.recall))</td><td>\(score(value.f1))</td></tr>"
        }
        html += "</tbody></table>\n"
        if !report.latenciesMilliseconds.isEmpty {
            let buckets: [(String, ClosedRange<Int>)] = [
                ("<0.5 s", 0...499), ("0.5–1 s", 500...999), ("1–2 s", 1_000...1_999), ("2–5 s", 2_000...4_999),
                ("5–10 s", 5_000...9_999), ("≥10 s", 10_000...Int.max),
            ]
            html += "<h2>Latency per listing</h2>\n"
            html += Charts.columns(
                buckets.map { label, range in
                    Charts.Bar(label: label, value: report.latenciesMilliseconds.filter { range.contains($0) }.count)
                }, title: "Listings by extraction time")
        }
        if let tokens = report.tokensPerListing {
            html += String(format: "<p>Tokens per listing: %.0f", tokens)
            html += report.costPerListing.map { String(format: "; cost per listing: $%.5f", $0) } ?? ""
            html += ".</p>\n"
        }
        return html
    }
}
