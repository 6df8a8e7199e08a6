import ListingCore

/// The outcome of reading one reply: what the listing is, its canonical values, where each came from, and every
/// problem found on the way.
public struct ExtractedListing: Sendable {
    public var kind: ListingKind
    public var fields: [String: FieldValue]
    /// The listing's own words for each field, where the reply gave them and they occur in the text.
    public var evidence: [String: String]
    public var issues: [Issue]
    /// Every value as the reply wrote it, invalid ones included, for the extraction run's record.
    public var writtenValues: [String: String]

    public init(
        kind: ListingKind, fields: [String: FieldValue] = [:], evidence: [String: String] = [:], issues: [Issue] = [],
        writtenValues: [String: String] = [:]
    ) {
        self.kind = kind
        self.fields = fields
        self.evidence = evidence
        self.issues = issues
        self.writtenValues = writtenValues
    }
}
