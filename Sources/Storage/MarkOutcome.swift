import ListingCore

/// What became of one mark a person met (docs/REVIEW.md): they kept the value (the mark was wrong), changed it (the
/// mark was right), or published with the mark still on it. Recorded by every save, read by `/stats`.
public struct MarkOutcome: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        case confirmed
        case corrected
        case publishedAnyway = "published_anyway"
    }

    public var field: FieldName
    public var code: IssueCode
    public var outcome: Outcome

    public init(field: FieldName, code: IssueCode, outcome: Outcome) {
        self.field = field
        self.code = code
        self.outcome = outcome
    }
}

extension Listing {
    /// The marks a person must look at before publishing: every issue that marks a field (`Issue.isMark`) and does
    /// not block publishing by itself (those have a fix to make, not a look to take).
    public var marks: [Issue] { Self.marks(in: issues) }

    public static func marks(in issues: [Issue]) -> [Issue] {
        issues.filter { $0.isMark && !$0.blocksPublishing }
    }

    /// The fields (and `kind`) the marks name, each once, in the order of the marks.
    public static func markedFields(_ issues: [Issue]) -> [FieldName] {
        var seen = Set<FieldName>()
        return marks(in: issues).compactMap(\.field).filter { seen.insert($0).inserted }
    }
}

extension PostgresListingRepository {
    /// What a save does to the marks the listing carried: a changed value's mark was right (corrected), a kept one's
    /// was looked at (confirmed), and one still there when the listing is published was published anyway.
    static func markOutcomes(
        _ current: Listing, _ change: ListingChange, changed: Set<FieldName>, published: Bool
    ) -> [MarkOutcome] {
        var outcomes: [MarkOutcome] = []
        var decided = Set<FieldName>()
        for mark in current.marks {
            guard let field = mark.field, decided.insert(field).inserted else { continue }
            let isChanged = field == Issue.kindField ? change.kind != current.kind : changed.contains(field)
            if isChanged {
                outcomes.append(MarkOutcome(field: field, code: mark.code, outcome: .corrected))
            } else if change.confirmed.contains(field) {
                outcomes.append(MarkOutcome(field: field, code: mark.code, outcome: .confirmed))
            }
        }
        if published && current.status != .published {
            var anyway = Set<FieldName>()
            for mark in Listing.marks(in: change.issues) {
                guard let field = mark.field, anyway.insert(field).inserted else { continue }
                outcomes.append(MarkOutcome(field: field, code: mark.code, outcome: .publishedAnyway))
            }
        }
        return outcomes
    }
}
