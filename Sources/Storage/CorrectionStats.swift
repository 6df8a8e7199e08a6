import ListingCore

/// What people correct in the drafts (from `listing_edits`), for the corrections dashboard: the best signal of
/// where extraction goes wrong.
public struct CorrectionStats: Sendable {
    /// Corrections of one field, for one kind, model and prompt version.
    public struct FieldCount: Sendable, Hashable {
        public var field: String
        public var kind: ListingKind
        /// The model whose reply the draft was read from (`(unknown)` for drafts from before that was kept).
        public var model: String
        public var promptVersion: String
        public var corrections: Int
    }

    public struct Day: Sendable, Hashable {
        public var day: String
        public var corrections: Int
    }

    public struct CorrectedListing: Sendable, Hashable {
        public var id: Int64
        public var title: String
        public var kind: ListingKind
        public var corrections: Int
    }

    /// What became of the marks of one field (docs/REVIEW.md): a corrected mark was right, a confirmed one was not.
    public struct MarkCount: Sendable, Hashable {
        public var field: String
        public var confirmed: Int
        public var corrected: Int
        public var publishedAnyway: Int

        public init(field: String, confirmed: Int, corrected: Int, publishedAnyway: Int) {
            self.field = field
            self.confirmed = confirmed
            self.corrected = corrected
            self.publishedAnyway = publishedAnyway
        }

        /// How often a mark a person decided on was right (corrected rather than confirmed); nil before any.
        public var rightShare: Double? {
            confirmed + corrected == 0 ? nil : Double(corrected) / Double(confirmed + corrected)
        }
    }

    public var days: Int
    public var byField: [FieldCount]
    /// Corrections per day (UTC), oldest first, days without any left out.
    public var perDay: [Day]
    public var published: Int
    /// Published listings no one corrected: the drafts extraction got right.
    public var publishedUncorrected: Int
    public var mostCorrected: [CorrectedListing]
    /// Recent drafts picked at random, for someone to read against their text.
    public var sample: [Listing]
    /// Marks by field, the most decided first.
    public var marks: [MarkCount]

    public init(
        days: Int, byField: [FieldCount], perDay: [Day], published: Int, publishedUncorrected: Int,
        mostCorrected: [CorrectedListing], sample: [Listing], marks: [MarkCount] = []
    ) {
        self.marks = marks
        self.days = days
        self.byField = byField
        self.perDay = perDay
        self.published = published
        self.publishedUncorrected = publishedUncorrected
        self.mostCorrected = mostCorrected
        self.sample = sample
    }
}
