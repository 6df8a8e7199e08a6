import Foundation
import ListingCore

/// A paste to keep before anything reads it.
public struct NewPaste: Sendable {
    public var sourceText: String
    /// What the listing is taken to be until extraction says (the keyword classifier's guess).
    public var provisionalKind: ListingKind
    public var pastedOn: LocalDate
    /// The account that pasted it.
    public var ownerID: Int64?
    /// Refuse it (`PastedBefore`) when a listing in this scope has the same text; nil stores it whatever.
    public var refusedIfPastedIn: ListingScope?

    public init(
        sourceText: String, provisionalKind: ListingKind, pastedOn: LocalDate, ownerID: Int64? = nil,
        refusedIfPastedIn: ListingScope? = nil
    ) {
        self.sourceText = sourceText
        self.provisionalKind = provisionalKind
        self.pastedOn = pastedOn
        self.ownerID = ownerID
        self.refusedIfPastedIn = refusedIfPastedIn
    }
}

/// The text was pasted before (by the owner, or in the scope asked): nothing was stored; `earlier` is the latest
/// listing with it.
public struct PastedBefore: Error, Sendable {
    public let earlier: Listing

    public init(earlier: Listing) { self.earlier = earlier }
}

/// Who holds a job and for how long: a worker renews its lease while it works, and a lease that runs out (its
/// process died) lets another worker take the job.
public struct LeaseTerms: Sendable {
    /// Names the holder in the jobs table, for an operator reading it (`host:pid`).
    public var holder: String
    public var duration: Duration

    public init(holder: String, duration: Duration) {
        self.holder = holder
        self.duration = duration
    }

    /// This process: its host name and process id.
    public static func thisProcess(duration: Duration) -> LeaseTerms {
        LeaseTerms(
            holder: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)",
            duration: duration)
    }
}

/// A job a worker holds: the paste to read, and the token that proves the lease is still this worker's.
public struct LeasedJob: Sendable {
    public var jobID: Int64
    public var listingID: Int64
    public var token: UUID
    /// How many times the job has been taken, this time included.
    public var attempts: Int
    public var sourceText: String
    public var provisionalKind: ListingKind
    public var pastedOn: LocalDate
    /// The batch the listing was imported with; nil for a paste. Only a batch's listings are ever packed.
    public var batchID: Int64?

    public init(
        jobID: Int64, listingID: Int64, token: UUID, attempts: Int, sourceText: String, provisionalKind: ListingKind,
        pastedOn: LocalDate, batchID: Int64? = nil
    ) {
        self.batchID = batchID
        self.jobID = jobID
        self.listingID = listingID
        self.token = token
        self.attempts = attempts
        self.sourceText = sourceText
        self.provisionalKind = provisionalKind
        self.pastedOn = pastedOn
    }
}

/// What extraction made of a paste.
public struct ExtractedDraft: Sendable {
    public var kind: ListingKind
    public var fields: [FieldName: FieldValue]
    public var evidence: [FieldName: String]
    public var grades: [FieldName: EvidenceGrade]
    public var provenance: Provenance
    public var issues: [Issue]

    public init(
        kind: ListingKind, fields: [FieldName: FieldValue], evidence: [FieldName: String],
        grades: [FieldName: EvidenceGrade] = [:], provenance: Provenance = Provenance(), issues: [Issue]
    ) {
        self.kind = kind
        self.fields = fields
        self.evidence = evidence
        self.grades = grades
        self.provenance = provenance
        self.issues = issues
    }
}

/// How finishing a job went.
public enum JobCompletion: Sendable {
    /// The draft is stored and the job done.
    case stored(Listing)
    /// The lease had passed to another worker (or the job was already done): the runs are kept, for their tokens,
    /// and the listing is as the other worker leaves it.
    case leaseLost(Listing?)
}

/// Extraction as jobs in the database: a paste is stored first, then read under a lease, then its draft stored.
/// A job that succeeded is never read again; a job whose worker died is taken again when its lease runs out.
public protocol ExtractionJobs: Sendable {
    /// Stores the paste as an `extracting` listing with a running job leased on `terms`, in one transaction.
    func enqueue(_ paste: NewPaste, leasedOn terms: LeaseTerms) async throws -> LeasedJob
    /// Takes up to `limit` jobs that are queued or whose lease ran out, oldest first; other workers skip them.
    func claim(limit: Int, leasedOn terms: LeaseTerms) async throws -> [LeasedJob]
    /// Extends the lease; false when it is no longer this worker's.
    func renew(_ job: LeasedJob, for duration: Duration) async throws -> Bool
    /// Stores the draft and the runs and finishes the job, if the lease is still the worker's.
    func complete(_ job: LeasedJob, draft: ExtractedDraft, runs: [ExtractionRun]) async throws -> JobCompletion
    /// Stores the runs and puts the job back in the queue (its listing's envelope was missing from a packed reply,
    /// say), if the lease is still the worker's; the next worker to take it reads it alone. False when the lease was
    /// lost (the runs are kept all the same: their tokens were spent).
    func requeue(_ job: LeasedJob, runs: [ExtractionRun], reason: String) async throws -> Bool
    /// Gives jobs back untaken: queued again, as if never claimed (the take not counted as an attempt), if their
    /// leases are still the worker's.
    func release(_ jobs: [LeasedJob]) async throws
    /// Ends a job without a draft from extraction (it was taken too often): the listing becomes an empty draft of
    /// its provisional kind carrying `issue`, for the person to fill in.
    func abandon(_ job: LeasedJob, issue: Issue) async throws -> Listing?
}
