import Foundation
import ListingCore

/// A stored listing: its kind, status and version, its canonical field values, and what the review page needs
/// to show where each value came from.
public struct Listing: Sendable, Identifiable {
    public var id: Int64
    public var kind: ListingKind
    public var status: ListingStatus
    /// Bumped on every save, for optimistic locking.
    public var version: Int
    public var sourceText: String
    public var pastedOn: LocalDate
    public var fields: [FieldName: FieldValue]
    /// The listing's own words for each field, as extraction found them.
    public var evidence: [FieldName: String]
    /// How well the listing's words back each extracted value.
    public var grades: [FieldName: EvidenceGrade]
    /// Who read the draft: the model whose reply it came from, and the model it stood in for after a failure.
    public var provenance: Provenance
    public var issues: [Issue]
    /// Fields a person has set or changed.
    public var correctedFields: Set<FieldName>
    public var createdAt: Date
    public var updatedAt: Date
    public var publishedAt: Date?
    /// The account that pasted it (nil: pasted before accounts existed, or imported by an operator's command).
    public var ownerID: Int64?

    public init(
        id: Int64, kind: ListingKind, status: ListingStatus, version: Int, sourceText: String, pastedOn: LocalDate,
        fields: [FieldName: FieldValue], evidence: [FieldName: String], grades: [FieldName: EvidenceGrade] = [:],
        provenance: Provenance = Provenance(), issues: [Issue], correctedFields: Set<FieldName>, createdAt: Date,
        updatedAt: Date, publishedAt: Date?, ownerID: Int64? = nil
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.version = version
        self.sourceText = sourceText
        self.pastedOn = pastedOn
        self.fields = fields
        self.evidence = evidence
        self.grades = grades
        self.provenance = provenance
        self.issues = issues
        self.correctedFields = correctedFields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.publishedAt = publishedAt
        self.ownerID = ownerID
    }
}

/// Which model's reply a draft was read from (nil: none answered), and which model it stood in for.
public struct Provenance: Sendable, Hashable {
    public var extractedBy: String?
    public var fallbackFrom: String?
    /// How the request the draft was read from reached the model: alone, packed, or through the Batch API.
    public var via: Delivery?

    public init(extractedBy: String? = nil, fallbackFrom: String? = nil, via: Delivery? = nil) {
        self.extractedBy = extractedBy
        self.fallbackFrom = fallbackFrom
        self.via = via
    }
}

/// A listing to store for the first time.
public struct NewListing: Sendable {
    public var kind: ListingKind
    public var sourceText: String
    public var pastedOn: LocalDate
    public var fields: [FieldName: FieldValue]
    public var evidence: [FieldName: String]
    public var grades: [FieldName: EvidenceGrade]
    public var issues: [Issue]
    public var provenance: Provenance
    /// The account that pasted it.
    public var ownerID: Int64?
    /// Refuse it (`PastedBefore`) when a listing in this scope has the same text; nil stores it whatever.
    public var refusedIfPastedIn: ListingScope?

    public init(
        kind: ListingKind, sourceText: String, pastedOn: LocalDate, fields: [FieldName: FieldValue],
        evidence: [FieldName: String], grades: [FieldName: EvidenceGrade] = [:], issues: [Issue],
        provenance: Provenance = Provenance(), ownerID: Int64? = nil, refusedIfPastedIn: ListingScope? = nil
    ) {
        self.provenance = provenance
        self.ownerID = ownerID
        self.refusedIfPastedIn = refusedIfPastedIn
        self.kind = kind
        self.sourceText = sourceText
        self.pastedOn = pastedOn
        self.fields = fields
        self.evidence = evidence
        self.grades = grades
        self.issues = issues
    }

    var status: ListingStatus { .initial(for: kind) }
}

/// A person's save: the kind, every value of that kind, and the issues that remain.
public struct ListingChange: Sendable {
    public var kind: ListingKind
    public var fields: [FieldName: FieldValue]
    public var issues: [Issue]
    public var publish: Bool
    /// A new reading of the text (after a kind change): its evidence and grades replace the old ones, and its values
    /// are not the person's corrections (only the kind change is recorded as one).
    public var reread: ExtractedDraft?
    /// The model calls of that re-reading, kept with the listing's other runs (every token is counted).
    public var rereadRuns: [ExtractionRun]
    /// Marked fields (`kind` for a kind doubt) the person looked at and kept as they are: their marks go, and each
    /// is recorded as confirmed.
    public var confirmed: Set<FieldName>

    public init(
        kind: ListingKind, fields: [FieldName: FieldValue], issues: [Issue], publish: Bool = false,
        reread: ExtractedDraft? = nil, rereadRuns: [ExtractionRun] = [], confirmed: Set<FieldName> = []
    ) {
        self.kind = kind
        self.fields = fields
        self.issues = issues
        self.publish = publish
        self.reread = reread
        self.rereadRuns = rereadRuns
        self.confirmed = confirmed
    }
}

/// What a save came to.
public enum SaveResult: Sendable {
    case saved(Listing)
    /// Someone saved in between: the listing as it is now, so that neither version is lost.
    case conflict(current: Listing)
    /// The paste is still being read: nothing may be saved over it until its draft is stored.
    case stillExtracting
    case notFound
}

/// Which listings a list or export covers.
public struct ListingFilter: Sendable, Hashable {
    public var kind: ListingKind?
    public var status: ListingStatus?
    /// Text search over the source text, title, location, brand and model.
    public var query: String?
    /// Whose listings (`AccessRules.scope(for:)`).
    public var scope: ListingScope
    /// Only the listings of this batch (an import).
    public var batchID: Int64?

    public init(
        kind: ListingKind? = nil, status: ListingStatus? = nil, query: String? = nil,
        scope: ListingScope = .everything, batchID: Int64? = nil
    ) {
        self.kind = kind
        self.status = status
        self.scope = scope
        self.batchID = batchID
        self.query = query.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }
}

/// One page of a list, newest first; `nextCursor` continues it.
public struct ListingPage: Sendable {
    public var items: [Listing]
    public var nextCursor: Int64?

    public init(items: [Listing], nextCursor: Int64?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// One correction a person made.
public struct ListingEdit: Sendable {
    public var field: String
    public var before: String?
    public var after: String?
    public var version: Int
}

/// Model usage for one day and model: what the operator pays for and how it went.
public struct DailyUsage: Sendable {
    public var day: String
    public var model: String
    public var calls: Int
    public var failures: Int
    public var retries: Int
    public var promptTokens: Int
    public var completionTokens: Int
    public var costUSD: Double?
    public var averageLatencyMilliseconds: Int
}

/// A listing as the CSV export has it: its id, kind and status, its fields, its times, and (published) the fields
/// a person published with their marks unlooked-at, in the order of its issues.
public struct ExportedRow: Sendable, Equatable {
    public var id: Int64
    public var kind: ListingKind
    public var status: ListingStatus
    public var fields: [FieldName: FieldValue]
    public var createdAt: Date
    public var publishedAt: Date?
    public var marked: [FieldName]

    public init(
        id: Int64, kind: ListingKind, status: ListingStatus, fields: [FieldName: FieldValue], createdAt: Date,
        publishedAt: Date?, marked: [FieldName]
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.fields = fields
        self.createdAt = createdAt
        self.publishedAt = publishedAt
        self.marked = marked
    }

    public init(_ listing: Listing) {
        self.init(
            id: listing.id, kind: listing.kind, status: listing.status, fields: listing.fields,
            createdAt: listing.createdAt, publishedAt: listing.publishedAt,
            marked: listing.status == .published ? Listing.markedFields(listing.issues) : [])
    }
}
