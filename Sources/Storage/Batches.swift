import Foundation
import ListingCore

/// Where one listing of a batch is: waiting in the queue, sent to the Batch API, being read, read (by the model, or by the fallback after
/// the model failed), given up, or left unread because the batch was cancelled.
public enum BatchItemState: String, Sendable, CaseIterable {
    case waiting
    /// Sent to the Batch API, which has not answered yet.
    case sent
    case reading
    case done
    case fellBack = "fell_back"
    case failed
    case cancelled

    /// Whether reading it again may help: the model failed, or the job was given up.
    public var canRetry: Bool { self == .fellBack || self == .failed }
}

/// One listing of a batch, as the batch page lists it.
public struct BatchItem: Sendable, Hashable {
    public var listingID: Int64
    public var kind: ListingKind
    public var status: ListingStatus
    /// The title read, or else the text's first line.
    public var title: String
    public var state: BatchItemState
    /// The fields (`kind` for a kind in doubt) its marks name: what a person must look at before publishing it.
    public var marked: [FieldName]

    public init(
        listingID: Int64, kind: ListingKind, status: ListingStatus, title: String, state: BatchItemState,
        marked: [FieldName] = []
    ) {
        self.listingID = listingID
        self.kind = kind
        self.status = status
        self.title = title
        self.state = state
        self.marked = marked
    }

    /// What a person can do with it now, in the review's terms.
    public var need: BatchItemNeed {
        switch state {
        case .waiting, .sent, .reading: return .reading
        case .failed, .cancelled: return .failed
        case .done, .fellBack: break
        }
        switch status {
        case .published: return .published
        case .rejected: return .notListing
        case .extracting: return .reading
        case .draft: return marked.isEmpty ? .ready : .look
        }
    }
}

/// A batch listing's state as the person acts on it: still being read, given up, marked for a look, a draft with no
/// mark (ready to publish once its required fields are there), published, or not a listing.
public enum BatchItemNeed: String, Sendable, CaseIterable {
    case look, ready, published
    case notListing = "not_listing"
    case reading, failed
}

/// A batch and where its listings are.
public struct BatchProgress: Sendable {
    public var id: Int64
    public var name: String
    public var createdAt: Date
    public var cancelledAt: Date?
    /// Texts left out of the batch because they were pasted or imported before.
    public var skipped: Int
    public var counts: [BatchItemState: Int]
    /// Listings whose reading finished in the last minute: the current rate.
    public var finishedLastMinute: Int
    /// The first `limit` listings, in the order imported.
    public var items: [BatchItem]
    /// The account that imported it (nil: an operator's command).
    public var ownerID: Int64?

    public init(
        id: Int64, name: String, createdAt: Date, cancelledAt: Date?, skipped: Int, counts: [BatchItemState: Int],
        finishedLastMinute: Int, items: [BatchItem], ownerID: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.cancelledAt = cancelledAt
        self.skipped = skipped
        self.counts = counts
        self.finishedLastMinute = finishedLastMinute
        self.items = items
        self.ownerID = ownerID
    }

    public var total: Int { counts.values.reduce(0, +) }
    /// Listings no longer waiting or being read.
    public var finished: Int { total - (counts[.waiting] ?? 0) - (counts[.sent] ?? 0) - (counts[.reading] ?? 0) }
    public var isFinished: Bool { finished == total }
}

/// What storing a batch did.
public struct StoredBatch: Sendable, Hashable {
    public var id: Int64
    public var added: Int
    public var skipped: Int

    public init(id: Int64, added: Int, skipped: Int) {
        self.id = id
        self.added = added
        self.skipped = skipped
    }
}

/// Batches of listings (migrations/0009): each listing a queued job for the workers of every instance.
public protocol Batches: Sendable {
    /// Stores a batch in one transaction: `produce` hands the pastes to `add` in chunks, as it reads them; when it
    /// throws, nothing is stored. Texts the owner pasted before (or twice in the batch) are skipped unless
    /// `keepDuplicates`. The batch and its listings are the owner's.
    func createBatch(
        name: String, ownerID: Int64?, keepDuplicates: Bool,
        _ produce: (_ add: @Sendable ([NewPaste]) async throws -> Void) async throws -> Void
    ) async throws -> StoredBatch
    /// The batch with its counts and its first `limit` listings; nil when there is no such batch.
    func batch(id: Int64, limit: Int) async throws -> BatchProgress?
    /// The most recent batches of an owner (nil: everyone's), newest first, each with its counts (no items).
    func batches(ownedBy ownerID: Int64?, limit: Int) async throws -> [BatchProgress]
    /// Gives up the batch's waiting jobs: their listings become empty drafts carrying `issue`. How many.
    func cancelBatch(id: Int64, issue: Issue) async throws -> Int
    /// Queues again the batch's listings that can be retried (all of them, or those named), unless a person has
    /// corrected them since. How many.
    func retryBatch(id: Int64, listingIDs: [Int64]?) async throws -> Int
}
