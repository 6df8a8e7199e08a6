import Foundation
import ListingCore

/// How well a draft's marks tell the truth against the gold (docs/REVIEW.md, "Measuring the marks"): of the wrong
/// values (wrong, or for a field the gold does not have), how many are marked; of the right values, how many are
/// marked for nothing; of the gold values a draft missed, how many get a hint; and of the kinds, wrong and right,
/// how many carry a kind doubt. A value is marked when its grade is not `stated` or a mark (`Issue.isMark`) names
/// its field, the one contract the review page and the API share.
public struct MarkTally: Codable, Sendable, Hashable {
    /// Things counted, and how many of them were marked (or hinted).
    public struct Count: Codable, Sendable, Hashable {
        public var total = 0
        public var marked = 0

        public var share: Double { total == 0 ? 0 : Double(marked) / Double(total) }

        mutating func add(_ isMarked: Bool) {
            total += 1
            if isMarked { marked += 1 }
        }
    }

    /// The three counts for values, for the whole set and for each field or kind.
    public struct Values: Codable, Sendable, Hashable {
        public var wrong = Count()
        public var right = Count()
        public var missed = Count()
    }

    public var values = Values()
    /// Fields neither the gold nor the draft has: how many got a hint all the same (the hints' noise).
    public var emptyHinted = Count()
    public var perField: [String: Values] = [:]
    public var perKind: [String: Values] = [:]
    public var wrongKinds = Count()
    public var rightKinds = Count()

    public init() {}

    /// Counts one draft against its gold; `verdict` is the scorer's judgement of a value.
    mutating func add(
        gold: DevListing, kind: ListingKind, fields: [FieldName: FieldValue], grades: [FieldName: EvidenceGrade],
        issues: [Issue], verdict: (FieldName, FieldValue) -> Scorer.Verdict
    ) {
        let marked = Set(issues.filter(\.isMark).compactMap(\.field))
        let kindMarked = marked.contains(Issue.kindField)
        if kind == gold.kind { rightKinds.add(kindMarked) } else { wrongKinds.add(kindMarked) }
        func count(_ name: FieldName, _ update: (inout Values) -> Void) {
            update(&values)
            update(&perField[name.rawValue, default: Values()])
            update(&perKind[gold.kind.rawValue, default: Values()])
        }
        for (name, value) in fields where name != .title && name != .reason {
            let isMarked = marked.contains(name) || (grades[name] ?? .stated) != .stated
            if verdict(name, value) == .correct {
                count(name) { $0.right.add(isMarked) }
            } else {
                count(name) { $0.wrong.add(isMarked) }
            }
        }
        // A wrong kind misses its fields for another reason: the kind doubt is what would catch it.
        guard kind == gold.kind else { return }
        for name in gold.gold.keys where name != .title && name != .reason && fields[name] == nil {
            count(name) { $0.missed.add(marked.contains(name)) }
        }
        for spec in FieldSchema.fields(for: kind) where gold.gold[spec.name] == nil && fields[spec.name] == nil {
            emptyHinted.add(marked.contains(spec.name))
        }
    }

    /// The headline counts, named, for the reports.
    public var rows: [(what: String, count: Count)] {
        [
            ("wrong values marked", values.wrong), ("right values marked", values.right),
            ("missed values hinted", values.missed), ("wrong kinds marked", wrongKinds),
            ("right kinds marked", rightKinds), ("empty fields hinted all the same", emptyHinted),
        ]
    }

    /// The lines `listingdesk eval` prints.
    public func report() -> String {
        func line(_ what: String, _ count: Count) -> String {
            String(format: "%@ %d of %d (%.1f%%)", what, count.marked, count.total, 100 * count.share)
        }
        var lines = [
            "marks: " + line("wrong values marked", values.wrong) + "; " + line("right values marked", values.right)
                + "; " + line("missed values hinted", values.missed),
            "kinds: " + line("wrong kinds marked", wrongKinds) + "; " + line("right kinds marked", rightKinds)
                + "; " + line("fields empty in gold and draft hinted", emptyHinted),
            "field              wrong marked   right marked   missed hinted",
        ]
        for name in perField.keys.sorted() {
            let v = perField[name]!
            func cell(_ count: Count) -> String {
                "\(count.marked)/\(count.total)".padding(toLength: 15, withPad: " ", startingAt: 0)
            }
            lines.append(
                name.padding(toLength: 19, withPad: " ", startingAt: 0) + cell(v.wrong) + cell(v.right)
                    + cell(v.missed))
        }
        for kind in perKind.keys.sorted() {
            let v = perKind[kind]!
            lines.append(
                "\(kind): " + line("wrong marked", v.wrong) + "; " + line("right marked", v.right) + "; "
                    + line("missed hinted", v.missed))
        }
        return lines.joined(separator: "\n")
    }
}
