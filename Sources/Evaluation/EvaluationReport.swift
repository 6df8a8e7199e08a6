import Foundation
import ListingCore

/// One evaluation run, whole: what was measured (model, prompt version, strategy, data), the headline figures, the
/// per-field, per-kind and confusion tables, the evidence grades, and per-listing latency, tokens and cost. Written
/// as JSON (the form `--compare` and the database keep), Markdown, or an HTML page with charts.
public struct EvaluationReport: Codable, Sendable, Hashable {
    public struct Score: Codable, Sendable, Hashable {
        public var truePositives: Int
        public var falsePositives: Int
        public var falseNegatives: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double

        init(_ counts: (tp: Int, fp: Int, fn: Int)) {
            truePositives = counts.tp
            falsePositives = counts.fp
            falseNegatives = counts.fn
            precision = counts.tp + counts.fp == 0 ? 0 : Double(counts.tp) / Double(counts.tp + counts.fp)
            recall = counts.tp + counts.fn == 0 ? 0 : Double(counts.tp) / Double(counts.tp + counts.fn)
            f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        }
    }

    public struct Grades: Codable, Sendable, Hashable {
        public var unstatedValues: Int
        public var unstatedFlagged: Int
        public var correctValues: Int
        public var correctFlagged: Int
    }

    public var label: String
    public var createdAt: Date
    public var data: String
    public var model: String
    public var promptVersion: String
    public var strategy: String
    public var items: Int
    public var kindAccuracy: Double
    public var overall: Score
    public var hallucinationRate: Double
    public var perField: [String: Score]
    public var perKind: [String: Score]
    /// Rows are gold kinds, columns predicted kinds, both in `ListingKind.allCases` order.
    public var confusion: [[Int]]
    public var grades: Grades?
    /// How the marks fall on wrong, right and missed values and on kinds (docs/REVIEW.md); nil in reports from
    /// before marks were measured.
    public var marks: MarkTally?
    /// Per listing, when the run called models: total latency of its runs, its tokens and its cost.
    public var latenciesMilliseconds: [Int]
    public var tokensPerListing: Double?
    public var costPerListing: Double?

    public init(
        label: String, data: String, model: String, promptVersion: String, strategy: String, totals: Scorer.Totals,
        latenciesMilliseconds: [Int] = [], tokens: Int? = nil, costUSD: Double? = nil, createdAt: Date = Date()
    ) {
        self.label = label
        self.createdAt = createdAt
        self.data = data
        self.model = model
        self.promptVersion = promptVersion
        self.strategy = strategy
        items = totals.items
        kindAccuracy = totals.kindAccuracy
        overall = Score((totals.truePositives, totals.falsePositives, totals.falseNegatives))
        hallucinationRate = totals.hallucinationRate
        perField = Dictionary(uniqueKeysWithValues: totals.perField.map { ($0.key.rawValue, Score($0.value)) })
        perKind = Dictionary(uniqueKeysWithValues: totals.perKind.map { ($0.key.rawValue, Score($0.value)) })
        confusion = ListingKind.allCases.map { gold in
            ListingKind.allCases.map { predicted in totals.confusion[gold]?[predicted] ?? 0 }
        }
        if let unstated = totals.graded[.notInGold], let correct = totals.graded[.correct] {
            grades = Grades(
                unstatedValues: unstated.values, unstatedFlagged: unstated.flagged, correctValues: correct.values,
                correctFlagged: correct.flagged)
        }
        marks = totals.marks
        self.latenciesMilliseconds = latenciesMilliseconds
        tokensPerListing = tokens.map { totals.items == 0 ? 0 : Double($0) / Double(totals.items) }
        costPerListing = costUSD.map { totals.items == 0 ? 0 : $0 / Double(totals.items) }
    }

    // MARK: JSON

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    public static func read(json: Data) throws -> EvaluationReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EvaluationReport.self, from: json)
    }

    // MARK: Markdown

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", 100 * value) }
    static func decimal(_ value: Double) -> String { String(format: "%.3f", value) }

    public func markdown() -> String {
        var lines = [
            "# Evaluation: \(label)", "",
            "\(items) listings from `\(data)`; model `\(model)`, prompt \(promptVersion), strategy \(strategy).", "",
            "| kind accuracy | precision | recall | F1 | hallucination |", "|---|---|---|---|---|",
            "| \(Self.decimal(kindAccuracy)) | \(Self.decimal(overall.precision)) | \(Self.decimal(overall.recall)) | "
                + "\(Self.decimal(overall.f1)) | \(Self.percent(hallucinationRate)) |",
        ]
        if let grades {
            lines += [
                "",
                "Evidence grades flag \(grades.unstatedFlagged) of \(grades.unstatedValues) values for fields the "
                    + "listing does not state, and \(grades.correctFlagged) of \(grades.correctValues) correct values.",
            ]
        }
        if let marks {
            lines += ["", "## Marks", "", "| | marked | of | share |", "|---|---|---|---|"]
            lines += marks.rows.map {
                "| \($0.what) | \($0.count.marked) | \($0.count.total) | \(Self.percent($0.count.share)) |"
            }
        }
        if let tokensPerListing {
            lines += [
                "",
                String(format: "Tokens per listing: %.0f", tokensPerListing)
                    + (costPerListing.map { String(format: "; cost per listing: $%.5f", $0) } ?? "") + ".",
            ]
        }
        lines += ["", "## Per kind", "", "| kind | precision | recall | F1 |", "|---|---|---|---|"]
        for kind in ListingKind.allCases {
            guard let score = perKind[kind.rawValue] else { continue }
            lines.append(
                "| \(kind.rawValue) | \(Self.decimal(score.precision)) | \(Self.decimal(score.recall)) | "
                    + "\(Self.decimal(score.f1)) |")
        }
        lines += ["", "## Kinds (rows: gold, columns: predicted)", ""]
        lines.append("| gold \\ predicted | " + ListingKind.allCases.map(\.rawValue).joined(separator: " | ") + " |")
        lines.append("|---|" + ListingKind.allCases.map { _ in "---" }.joined(separator: "|") + "|")
        for (row, kind) in ListingKind.allCases.enumerated() {
            lines.append("| \(kind.rawValue) | " + confusion[row].map(String.init).joined(separator: " | ") + " |")
        }
        lines += ["", "## Per field", "", "| field | gold | predicted | correct | precision | recall | F1 |"]
        lines.append("|---|---|---|---|---|---|---|")
        for name in perField.keys.sorted() {
            let score = perField[name]!
            lines.append(
                "| \(name) | \(score.truePositives + score.falseNegatives) | "
                    + "\(score.truePositives + score.falsePositives) | \(score.truePositives) | "
                    + "\(Self.decimal(score.precision)) | \(Self.decimal(score.recall)) | \(Self.decimal(score.f1)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Two runs side by side, field by field (two prompt versions, models or strategies), with the change in F1.
    public static func comparison(_ a: EvaluationReport, _ b: EvaluationReport) -> String {
        func delta(_ x: Double, _ y: Double) -> String { String(format: "%+.3f", y - x) }
        var lines = [
            "# \(a.label) against \(b.label)", "",
            "| | \(a.label) | \(b.label) | change |", "|---|---|---|---|",
            "| model | \(a.model) | \(b.model) | |",
            "| prompt | \(a.promptVersion) | \(b.promptVersion) | |",
            "| strategy | \(a.strategy) | \(b.strategy) | |",
            "| kind accuracy | \(decimal(a.kindAccuracy)) | \(decimal(b.kindAccuracy)) | "
                + "\(delta(a.kindAccuracy, b.kindAccuracy)) |",
            "| F1 | \(decimal(a.overall.f1)) | \(decimal(b.overall.f1)) | \(delta(a.overall.f1, b.overall.f1)) |",
            "| hallucination | \(percent(a.hallucinationRate)) | \(percent(b.hallucinationRate)) | |",
        ]
        for kind in ListingKind.allCases {
            let x = a.perKind[kind.rawValue]?.f1 ?? 0
            let y = b.perKind[kind.rawValue]?.f1 ?? 0
            lines.append("| F1 \(kind.rawValue) | \(decimal(x)) | \(decimal(y)) | \(delta(x, y)) |")
        }
        lines += ["", "| field | F1 \(a.label) | F1 \(b.label) | change |", "|---|---|---|---|"]
        for name in Set(a.perField.keys).union(b.perField.keys).sorted() {
            let x = a.perField[name]?.f1 ?? 0
            let y = b.perField[name]?.f1 ?? 0
            lines.append("| \(name) | \(decimal(x)) | \(decimal(y)) | \(delta(x, y)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
