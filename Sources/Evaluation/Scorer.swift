import Foundation
import ListingCore

/// Scores predictions against gold the way docs/FIELDS.md says: per field, a wrong value is a miss and a false positive,
/// a value the gold lacks is a false positive, and a wrong kind misses every gold field.
public struct Scorer {
    public struct Totals: Sendable {
        public var kindCorrect = 0
        public var items = 0
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var perField: [FieldName: (tp: Int, fp: Int, fn: Int)] = [:]
        /// Values predicted (titles and reasons aside: they are free text), and those for a field the text does not
        /// state according to the gold (docs/FIELDS.md: "a value that is not supported by the listing's own words").
        public var predictedValues = 0
        public var hallucinatedValues = 0
        /// Values by what the gold says of them, and how many of each the evidence grades flagged (not `stated`).
        public var graded: [Verdict: (values: Int, flagged: Int)] = [:]
        /// How the marks (grades and issues naming a field) fall on wrong, right and missed values and on kinds.
        public var marks = MarkTally()
        /// Items by gold kind, then predicted kind.
        public var confusion: [ListingKind: [ListingKind: Int]] = [:]
        /// Field counts by the gold kind of their item (which strategy or prompt is better for which kind).
        public var perKind: [ListingKind: (tp: Int, fp: Int, fn: Int)] = [:]

        public var hallucinationRate: Double { ratio(hallucinatedValues, predictedValues) }

        public var kindAccuracy: Double { items == 0 ? 0 : Double(kindCorrect) / Double(items) }
        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        public func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    }

    let aliases: [[String]]
    public private(set) var totals = Totals()

    public init(aliases: [[String]]) {
        self.aliases = aliases
    }

    public mutating func add(gold: DevListing, kind: ListingKind, fields: [FieldName: FieldValue]) {
        totals.items += 1
        totals.confusion[gold.kind, default: [:]][kind, default: 0] += 1
        let goldKind = gold.kind
        for (name, value) in fields where name != .title && name != .reason {
            let count: Int = {
                if case .list(let items) = value { return items.count }
                return 1
            }()
            totals.predictedValues += count
            guard kind == gold.kind, let stated = gold.gold[name] else {
                totals.hallucinatedValues += count
                continue
            }
            if case .list(let items) = value, case .list(let want) = stated {
                totals.hallucinatedValues += items.filter { !want.contains($0) }.count
            }
        }
        guard kind == gold.kind else {
            for name in gold.gold.keys where name != .options { count(name, tp: 0, fp: 0, fn: 1, kind: goldKind) }
            if case .list(let items)? = gold.gold[.options] {
                count(.options, tp: 0, fp: 0, fn: items.count, kind: goldKind)
            }
            return
        }
        totals.kindCorrect += 1
        for name in Set(gold.gold.keys).union(fields.keys) {
            let expected = gold.gold[name]
            let predicted = fields[name]
            if name == .options {
                let want: Set<String> = {
                    if case .list(let items)? = expected { return Set(items) }
                    return []
                }()
                let got: Set<String> = {
                    if case .list(let items)? = predicted { return Set(items) }
                    return []
                }()
                count(
                    name, tp: want.intersection(got).count, fp: got.subtracting(want).count,
                    fn: want.subtracting(got).count, kind: goldKind)
                continue
            }
            switch (expected, predicted) {
            case (nil, nil): break
            case (nil, _?): count(name, tp: 0, fp: 1, fn: 0, kind: goldKind)
            case (_?, nil): count(name, tp: 0, fp: 0, fn: 1, kind: goldKind)
            case (let want?, let got?):
                let candidates = [want] + (gold.accept[name] ?? [])
                if candidates.contains(where: { matches(name, $0, got) }) {
                    count(name, tp: 1, fp: 0, fn: 0, kind: goldKind)
                } else {
                    count(name, tp: 0, fp: 1, fn: 1, kind: goldKind)
                }
            }
        }
    }

    /// What the gold says of one extracted value.
    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        case correct
        case wrong
        /// The gold does not have the field: the listing does not state it.
        case notInGold = "not_in_gold"
    }

    public func verdict(gold: DevListing, kind: ListingKind, name: FieldName, value: FieldValue) -> Verdict {
        guard kind == gold.kind, let want = gold.gold[name] else { return .notInGold }
        if case .list(let items) = value, case .list(let wanted) = want {
            return Set(items).isSubset(of: Set(wanted)) ? .correct : .wrong
        }
        let candidates = [want] + (gold.accept[name] ?? [])
        return candidates.contains { matches(name, $0, value) } ? .correct : .wrong
    }

    /// Counts how the evidence grades of a result's values fall on correct, wrong and unstated values.
    public mutating func addGrades(
        gold: DevListing, kind: ListingKind, fields: [FieldName: FieldValue], grades: [FieldName: EvidenceGrade]
    ) {
        for (name, value) in fields where name != .title && name != .reason {
            let verdict = verdict(gold: gold, kind: kind, name: name, value: value)
            let flagged = (grades[name] ?? .stated) != .stated
            let old = totals.graded[verdict] ?? (0, 0)
            totals.graded[verdict] = (old.values + 1, old.flagged + (flagged ? 1 : 0))
        }
    }

    /// Counts how a draft's marks fall on its values, its misses and its kind (`MarkTally`).
    public mutating func addMarks(
        gold: DevListing, kind: ListingKind, fields: [FieldName: FieldValue], grades: [FieldName: EvidenceGrade],
        issues: [Issue]
    ) {
        let scorer = self
        totals.marks.add(gold: gold, kind: kind, fields: fields, grades: grades, issues: issues) { name, value in
            scorer.verdict(gold: gold, kind: kind, name: name, value: value)
        }
    }

    /// One line on the evidence grades, when any were counted.
    public func gradeReport() -> String? {
        guard !totals.graded.isEmpty else { return nil }
        func part(_ verdict: Verdict, _ what: String) -> String {
            let (values, flagged) = totals.graded[verdict] ?? (0, 0)
            return String(
                format: "%d of %d %@ (%.1f%%)", flagged, values, what, 100 * totals.ratio(flagged, values))
        }
        return "evidence grades flag (inferred or unsupported): "
            + [
                part(.notInGold, "values for fields the listing does not state"), part(.correct, "correct values"),
                part(.wrong, "wrong values"),
            ].joined(separator: "; ")
    }

    /// The summary and a per-field table, as `listingdesk eval` prints them.
    public func report() -> String {
        let t = totals
        var lines = [
            String(
                format:
                    "items %d   kind accuracy %.3f   field micro P %.3f  R %.3f  F1 %.3f   hallucination %.1f%% (%d of %d values)",
                t.items, t.kindAccuracy, t.precision, t.recall, t.f1, 100 * t.hallucinationRate, t.hallucinatedValues,
                t.predictedValues),
            "",
            "field              gold  pred    tp   prec  recall     f1",
        ]
        for name in t.perField.keys.sorted() {
            let (tp, fp, fn) = t.perField[name]!
            let precision = t.ratio(tp, tp + fp)
            let recall = t.ratio(tp, tp + fn)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            lines.append(
                String(
                    format: "%@ %5d %5d %5d  %5.2f  %6.2f  %5.2f",
                    (name.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) as NSString, tp + fn, tp + fp,
                    tp,
                    precision, recall, f1))
        }
        return lines.joined(separator: "\n")
    }

    mutating func count(_ name: FieldName, tp: Int, fp: Int, fn: Int, kind: ListingKind) {
        let byKind = totals.perKind[kind] ?? (0, 0, 0)
        totals.perKind[kind] = (byKind.tp + tp, byKind.fp + fp, byKind.fn + fn)
        totals.truePositives += tp
        totals.falsePositives += fp
        totals.falseNegatives += fn
        let old = totals.perField[name] ?? (0, 0, 0)
        totals.perField[name] = (old.tp + tp, old.fp + fp, old.fn + fn)
    }

    func matches(_ name: FieldName, _ gold: GoldValue, _ value: FieldValue) -> Bool {
        switch name {
        case .title, .reason:
            return !value.canonicalString().trimmingCharacters(in: .whitespaces).isEmpty
        case .location, .brand, .model, .size:
            guard case .string(let want) = gold else { return false }
            let a = Self.loose(want)
            let b = Self.loose(value.canonicalString())
            if a == b || (!a.isEmpty && !b.isEmpty && (a.contains(b) || b.contains(a))) { return true }
            if name == .brand {
                return aliases.contains { group in
                    let keys = group.map(Self.loose)
                    return keys.contains(a) && keys.contains(b)
                }
            }
            return false
        case .areaM2, .supplyAreaM2:
            guard case .number(let want) = gold, let got = value.decimalValue else { return false }
            return abs(want - got) <= 1
        default:
            switch (gold, value) {
            case (.number(let want), .integer(let got)): return want == Double(got)
            case (.number(let want), .decimal(let got)): return want == got
            case (.bool(let want), .boolean(let got)): return want == got
            case (.string(let want), .text(let got)): return want == got
            default: return false
            }
        }
    }

    /// NFKC, case folding, no spaces or punctuation, `&` read as `and`.
    static func loose(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased().replacingOccurrences(
            of: "&", with: "and")
        return String(folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
