import ListingCore

/// The outcome of reading one reply: what the listing is, its canonical values, where each came from, and every
/// problem found on the way.
public struct ExtractedListing: Sendable {
    public var kind: ListingKind
    public var fields: [FieldName: FieldValue]
    /// The listing's own words for each field, where the reply gave them and they occur in the text.
    public var evidence: [FieldName: String]
    /// How well the listing's words back each value (`EvidenceGrader`).
    public var grades: [FieldName: EvidenceGrade]
    public var issues: [Issue]
    /// Every value as the reply wrote it, invalid ones included, for the extraction run's record.
    public var writtenValues: [FieldName: String]

    public init(
        kind: ListingKind, fields: [FieldName: FieldValue] = [:], evidence: [FieldName: String] = [:],
        grades: [FieldName: EvidenceGrade] = [:], issues: [Issue] = [],
        writtenValues: [FieldName: String] = [:]
    ) {
        self.kind = kind
        self.fields = fields
        self.evidence = evidence
        self.grades = grades
        self.issues = issues
        self.writtenValues = writtenValues
    }
}
