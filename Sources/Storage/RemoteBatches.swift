import Foundation
import ListingCore

/// What became of a batch's listings sent to the Batch API (migrations/0013): one row per remote batch.
public struct RemoteBatchRecord: Sendable, Hashable {
    public enum State: String, Sendable {
        /// The jobs are held until the batches sent before leave room under the enqueued-token limit.
        case waiting
        /// The jobs are held and the file is being sent.
        case submitting
        /// The provider has the batch; it is polled until it ends.
        case submitted
        /// Its answers are stored, and what it did not answer is queued again.
        case applied
        /// It could not be sent: its listings went back to the queue.
        case abandoned
    }

    public var id: Int64
    public var batchID: Int64
    /// Holds the remote jobs: only the holder of this token stores their drafts.
    public var token: UUID
    public var state: State
    public var model: String
    public var inputFileID: String?
    public var remoteID: String?
    /// As the provider says (validating, in_progress, finalizing, completed, expired, failed, cancelled).
    public var remoteStatus: String?
    public var outputFileID: String?
    public var errorFileID: String?
    public var total: Int
    public var completed: Int
    public var failed: Int
    public var requeued: Int
    public var lastError: String?
    /// How its listings left it, once applied (none for rows applied before the counts were kept).
    public var outcomes: RemoteBatchOutcomes
    /// The prompt tokens its requests were estimated to enqueue (0: not estimated, before migration 0020).
    public var estimatedTokens: Int
    public var polls: Int
    public var nextPollAt: Date
    public var createdAt: Date
    public var finishedAt: Date?

    public init(
        id: Int64, batchID: Int64, token: UUID, state: State, model: String, inputFileID: String? = nil,
        remoteID: String? = nil, remoteStatus: String? = nil, outputFileID: String? = nil, errorFileID: String? = nil,
        total: Int = 0, completed: Int = 0, failed: Int = 0, requeued: Int = 0, lastError: String? = nil,
        outcomes: RemoteBatchOutcomes = .init(), estimatedTokens: Int = 0, polls: Int = 0, nextPollAt: Date = Date(),
        createdAt: Date = Date(),
        finishedAt: Date? = nil
    ) {
        self.id = id
        self.batchID = batchID
        self.token = token
        self.state = state
        self.model = model
        self.inputFileID = inputFileID
        self.remoteID = remoteID
        self.remoteStatus = remoteStatus
        self.outputFileID = outputFileID
        self.errorFileID = errorFileID
        self.total = total
        self.completed = completed
        self.failed = failed
        self.requeued = requeued
        self.lastError = lastError
        self.outcomes = outcomes
        self.estimatedTokens = estimatedTokens
        self.polls = polls
        self.nextPollAt = nextPollAt
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// How the listings of a remote batch left it, one count per way (migrations/0019).
public struct RemoteBatchOutcomes: Sendable, Hashable, Codable {
    /// Stored from the Batch API's answer, at the batch price.
    public var answered = 0
    /// The provider answered with an error: read again the usual way.
    public var failed = 0
    /// The batch expired before their turn: read again the usual way.
    public var expired = 0
    /// Answered, but the answer could not be read: read again alone.
    public var unreadable = 0
    /// Given up with their batch, cancelled meanwhile.
    public var cancelled = 0
    /// In neither of the batch's files: read again the usual way.
    public var unanswered = 0

    public init(
        answered: Int = 0, failed: Int = 0, expired: Int = 0, unreadable: Int = 0, cancelled: Int = 0,
        unanswered: Int = 0
    ) {
        self.answered = answered
        self.failed = failed
        self.expired = expired
        self.unreadable = unreadable
        self.cancelled = cancelled
        self.unanswered = unanswered
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        self.init(
            answered: try count(.answered), failed: try count(.failed), expired: try count(.expired),
            unreadable: try count(.unreadable), cancelled: try count(.cancelled), unanswered: try count(.unanswered))
    }

    /// Every listing counted.
    public var total: Int { answered + failed + expired + unreadable + cancelled + unanswered }
    /// Those read again the usual way.
    public var readAgain: Int { failed + expired + unreadable + unanswered }
    /// Each way by name, for logs and metrics.
    public var byName: [(String, Int)] {
        [
            ("answered", answered), ("failed", failed), ("expired", expired), ("unreadable", unreadable),
            ("cancelled", cancelled), ("unanswered", unanswered),
        ]
    }
}

/// What a poll learned of a remote batch.
public struct RemoteBatchStatus: Sendable, Hashable {
    public var status: String
    public var completed: Int
    public var failed: Int
    public var outputFileID: String?
    public var errorFileID: String?

    public init(
        status: String, completed: Int, failed: Int, outputFileID: String? = nil,
        errorFileID: String? = nil
    ) {
        self.status = status
        self.completed = completed
        self.failed = failed
        self.outputFileID = outputFileID
        self.errorFileID = errorFileID
    }
}

/// A batch's listings sent to the Batch API. While a remote batch runs, its listings' jobs are `remote`: no worker
/// takes them, and only the holder of its token stores their drafts (`complete`) or queues them again (`requeue`).
public protocol RemoteBatches: Sendable {
    /// Holds the batch's waiting jobs (at most `limit`) for a new remote batch, in one transaction; nil when none
    /// were waiting. The jobs come back leased with the remote batch's token.
    func holdForRemote(batchID: Int64, model: String, limit: Int) async throws -> (RemoteBatchRecord, [LeasedJob])?
    /// The provider has the batch.
    func recordSubmitted(_ id: Int64, inputFileID: String, remoteID: String, status: String) async throws
    /// What the last poll said, and when to poll next.
    func recordPoll(_ id: Int64, status: RemoteBatchStatus?, error: String?, nextPollIn: Duration) async throws
    /// Remote batches due for a poll (and submissions left half-way longer than `stale` ago), each put off by
    /// `lease` so that no other poller takes it meanwhile.
    func dueRemoteBatches(limit: Int, lease: Duration, stale: Duration) async throws -> [RemoteBatchRecord]
    /// The jobs a remote batch still holds, leased with its token.
    func remoteJobs(of record: RemoteBatchRecord) async throws -> [LeasedJob]
    /// Ends a remote batch: `applied` (its answers stored) or `abandoned`; its jobs still held go back to the queue
    /// carrying `reason` (counted `unanswered` in `outcomes`), or, when its batch was cancelled meanwhile and
    /// `cancelledIssue` is given, are given up with it in the same transaction (counted `cancelled`), so that no
    /// worker ever sees them queued. How many went back.
    func finishRemote(
        _ id: Int64, as state: RemoteBatchRecord.State, reason: String, outcomes: RemoteBatchOutcomes,
        cancelledIssue: Issue?
    ) async throws -> Int
    /// A batch's remote batches, newest first.
    func remoteBatches(of batchID: Int64) async throws -> [RemoteBatchRecord]
    /// This installation's id (migrations/0018), made once with the schema: with a remote batch's token it names
    /// what this installation sends to the Batch API.
    func installationID() async throws -> UUID
    /// The prompt tokens this installation's remote batches for `model` have at the provider now (being sent or
    /// running), the one numbered `excluding` left out.
    func enqueuedTokens(model: String, excluding: Int64) async throws -> Int
    /// Moves the jobs `jobIDs` of remote batch `id` to a new remote batch of the same batch, `waiting` for its turn
    /// with `estimatedTokens`, in one transaction; the new row.
    func splitRemote(_ id: Int64, moving jobIDs: [Int64], estimatedTokens: Int) async throws -> RemoteBatchRecord
    /// A remote batch's turn: `submitting` (being sent now, put off for the pollers while it is) or `waiting` (polled
    /// again in `nextPollIn`, `note` saying why), with the prompt tokens it enqueues.
    func recordTurn(
        _ id: Int64, as state: RemoteBatchRecord.State, estimatedTokens: Int, nextPollIn: Duration, note: String?
    ) async throws
}

extension RemoteBatches {
    /// Ends a remote batch that stored nothing: its held jobs go back to the queue.
    public func finishRemote(_ id: Int64, as state: RemoteBatchRecord.State, reason: String) async throws -> Int {
        try await finishRemote(id, as: state, reason: reason, outcomes: .init(), cancelledIssue: nil)
    }
}
