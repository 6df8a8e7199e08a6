import Extraction
import Foundation
import LLM
import ListingCore
import Logging
import ServiceLifecycle
import Storage
import Tracing

/// A batch's listings through OpenAI's asynchronous Batch API, for back-fills that need not be read now: half the
/// price, and limits of its own. The waiting listings are held for a remote batch (their jobs `remote`, so no worker
/// takes them), written as JSON Lines (one one-call request each, `custom_id` naming the listing), uploaded and made
/// a batch; the batch is polled with backoff; when it ends, each answer is read by `custom_id` through the same
/// parser, normaliser, validator and evidence check as any reply, and whatever it did not answer usably (failed,
/// expired, missing, unreadable) goes back to the queue, where the workers read it the usual way.
public struct BatchAPIService: Sendable {
    public let client: OpenAIBatchClient
    /// The remote batches, the batches they read and the jobs they hold.
    let repository: any RemoteBatches & Batches & ExtractionJobs
    /// The listings' rules: who may send a batch, how a reply becomes a draft.
    public let service: ListingService
    /// The wait before the first poll; each later one doubles it, up to `maxPollInterval`.
    let pollInterval: Duration
    let maxPollInterval: Duration
    /// Pages of 100 batches read in one search for an interrupted submission.
    let searchPages: Int
    /// The most prompt tokens this installation has at the provider at once for the model (the account's
    /// enqueued-token limit, `LISTINGDESK_BATCH_MAX_TOKENS`); nil: no limit is kept here.
    let maxEnqueuedTokens: Int?
    let logger: Logger

    /// Requests in one remote batch: an import's most (10,000 listings), well within the provider's limits (50,000
    /// requests, a 200 MB file; a request is about 10 kB, the prompt's instructions and examples included).
    static let maxRequests = ImportReader.maxItems

    public init(
        client: OpenAIBatchClient, repository: any RemoteBatches & Batches & ExtractionJobs, service: ListingService,
        pollInterval: Duration = .seconds(30),
        maxPollInterval: Duration = .seconds(600), searchPages: Int = 50, maxEnqueuedTokens: Int? = nil,
        logger: Logger
    ) {
        self.maxEnqueuedTokens = maxEnqueuedTokens
        self.client = client
        self.repository = repository
        self.service = service
        self.pollInterval = pollInterval
        self.maxPollInterval = max(pollInterval, maxPollInterval)
        self.searchPages = max(1, searchPages)
        self.logger = logger
    }

    /// Sends the batch's waiting listings to the Batch API; nil when none were waiting. Past the enqueued-token
    /// limit they go in turns (`send`). When sending fails the listings go straight back to the queue (nothing is
    /// lost, they are read the usual way) and the error says so.
    @discardableResult
    public func submit(batchID: Int64, for requester: Requester) async throws -> RemoteBatchRecord? {
        _ = try await service.batch(batchID, items: 1, for: requester)
        let repository = self.repository
        let model = client.configuration.model
        guard
            let (record, jobs) = try await service.storing({
                try await repository.holdForRemote(batchID: batchID, model: model, limit: Self.maxRequests)
            })
        else { return nil }
        try await send(record, jobs)
        return try await service.storing { try await repository.remoteBatches(of: batchID) }.first {
            $0.id == record.id
        }
    }

    /// Sends what a remote batch holds as one batch at the provider. With an enqueued-token limit
    /// (`LISTINGDESK_BATCH_MAX_TOKENS`), listings past it are moved to remote batches of their own that wait for
    /// their turn (their listings stay held: no worker reads them at full price meanwhile), and this one waits too
    /// while the batches at the provider leave no room for it; a listing whose one request is past the limit could
    /// never be sent, so then nothing is, and the error says why.
    func send(_ record: RemoteBatchRecord, _ jobs: [LeasedJob]) async throws {
        let repository = self.repository
        let pipeline = service.pipeline
        let requests = jobs.map { pipeline.batchRequest(for: Self.item($0)) }
        let tokens = requests.map { $0.estimatedTokens - $0.maxTokens }
        var held = Array(jobs.indices)
        if let limit = maxEnqueuedTokens {
            guard let turns = Self.turns(tokens, limit: limit) else {
                let reason =
                    "a listing's request is about \(tokens.max() ?? 0) prompt tokens, past the Batch API limit of "
                    + "\(limit) (LISTINGDESK_BATCH_MAX_TOKENS)"
                _ = try? await service.storing {
                    try await repository.finishRemote(
                        record.id, as: .abandoned, reason: "not sent to the Batch API: \(reason); read the usual way")
                }
                throw ServiceError(
                    .unprocessable, code: "batch_api_too_large",
                    "The Batch API was not asked: \(reason). The listings are waiting to be read the usual way.")
            }
            for turn in turns.dropFirst() {
                let moved = turn.map { jobs[$0].jobID }
                let estimated = turn.reduce(0) { $0 + tokens[$1] }
                _ = try await service.storing {
                    try await repository.splitRemote(record.id, moving: moved, estimatedTokens: estimated)
                }
            }
            held = turns[0]
        }
        let estimated = held.reduce(0) { $0 + tokens[$1] }
        if let limit = maxEnqueuedTokens {
            let enqueued = try await service.storing {
                try await repository.enqueuedTokens(model: record.model, excluding: record.id)
            }
            guard enqueued + estimated <= limit else {
                let note =
                    "waiting for room under the Batch API limit of \(limit) enqueued tokens (\(enqueued) enqueued, "
                    + "\(estimated) to send)"
                try await service.storing {
                    try await repository.recordTurn(
                        record.id, as: .waiting, estimatedTokens: estimated, nextPollIn: pollInterval, note: note)
                }
                logger.info("Batch API batch waits for its turn", metadata: ["remote": "\(record.id)"])
                return
            }
        }
        // Put off for the pollers while it is sent (a row left `submitting` is found again by `recover`).
        try await service.storing {
            try await repository.recordTurn(
                record.id, as: .submitting, estimatedTokens: estimated, nextPollIn: .seconds(600), note: nil)
        }
        do {
            let identity = BatchAPIIdentity(installation: try await repository.installationID(), token: record.token)
            let lines = held.map { index in
                BatchRequestLine(
                    customID: identity.customID(listingID: jobs[index].listingID), request: requests[index])
            }
            let file = try OpenAIBatchClient.inputFile(lines, lengthField: client.configuration.completionLimitInUse)
            let fileID = try await client.upload(
                file, filename: "listingdesk-batch-\(record.batchID)-\(record.id).jsonl")
            let remote = try await client.create(
                inputFileID: fileID, metadata: identity.metadata(batchID: record.batchID, remoteID: record.id))
            try await service.storing {
                try await repository.recordSubmitted(
                    record.id, inputFileID: fileID, remoteID: remote.id, status: remote.status)
            }
            logger.info(
                "batch sent to the Batch API",
                metadata: ["batch": "\(record.batchID)", "remote": "\(remote.id)", "requests": "\(held.count)"])
        } catch {
            let reason = "could not be sent to the Batch API (\(error)); read the usual way"
            _ = try? await service.storing {
                try await repository.finishRemote(record.id, as: .abandoned, reason: reason)
            }
            throw ServiceError(
                .badGateway, code: "batch_api_unavailable",
                "The Batch API did not take the listings (\(error)). They are waiting to be read the usual way.")
        }
    }

    /// The requests in turns, in order, each turn's prompt tokens within `limit`; nil when one request alone is past
    /// it.
    static func turns(_ tokens: [Int], limit: Int) -> [[Int]]? {
        guard tokens.allSatisfy({ $0 <= limit }) else { return nil }
        var turns: [[Int]] = [[]]
        var sum = 0
        for (index, count) in tokens.enumerated() {
            if sum + count > limit && !turns[turns.count - 1].isEmpty {
                turns.append([])
                sum = 0
            }
            turns[turns.count - 1].append(index)
            sum += count
        }
        return turns
    }

    /// A remote batch waiting for its turn: sent when there is room, given up with its batch when that was
    /// cancelled meanwhile.
    func sendInTurn(_ record: RemoteBatchRecord) async {
        let repository = self.repository
        do {
            let batch = try await repository.batch(id: record.batchID, limit: 1)
            let jobs = try await repository.remoteJobs(of: record)
            if batch?.cancelledAt != nil || jobs.isEmpty {
                _ = try await repository.finishRemote(
                    record.id, as: .applied, reason: "batch_api: its batch was cancelled before its turn",
                    outcomes: .init(), cancelledIssue: ListingService.cancelledIssue)
                return
            }
            try await send(record, jobs)
        } catch {
            // Sending failed (its listings went back to the queue) or the database did not answer (tried again).
            logger.warning(
                "sending a waiting Batch API batch failed", metadata: ["remote": "\(record.id)", "error": "\(error)"])
            try? await repository.recordPoll(record.id, status: nil, error: nil, nextPollIn: pollInterval)
        }
    }

    /// Asks the provider to cancel the batch's remote batches still running (their listings answered before it
    /// stops are stored; the others are given up with the batch when it ends, `apply`). A failure is logged: the
    /// remote batch then runs to its end and its answers are stored all the same.
    public func cancelRemote(batchID: Int64) async {
        let repository = self.repository
        let running = ((try? await repository.remoteBatches(of: batchID)) ?? []).filter { $0.state == .submitted }
        for record in running {
            guard let remoteID = record.remoteID else { continue }
            do {
                _ = try await client.cancel(remoteID)
                try await repository.recordPoll(record.id, status: nil, error: nil, nextPollIn: .zero)
            } catch {
                logger.warning(
                    "cancelling a Batch API batch failed", metadata: ["remote": "\(remoteID)", "error": "\(error)"])
            }
        }
    }

    /// Polls the remote batches that are due and stores the answers of those that ended; how many were polled.
    @discardableResult
    public func pollDue() async -> Int {
        let repository = self.repository
        let due: [RemoteBatchRecord]
        do {
            // Each is put off by ten minutes while this process works on it, so that no other poller takes it.
            due = try await repository.dueRemoteBatches(limit: 10, lease: .seconds(600), stale: .seconds(600))
        } catch {
            // Stopping (the end of `import --wait`, a shutdown) cuts the look short: nothing failed.
            guard !Task.isCancelled, !(error is CancellationError) else { return 0 }
            logger.warning("could not look for Batch API batches", metadata: ["error": "\(error)"])
            return 0
        }
        for record in due { await poll(record) }
        return due.count
    }

    /// Polls what is due every `beat` until cancelled (the first time after one beat, once the schema is there).
    public func poll(every beat: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: beat)
            await pollDue()
        }
    }

    func poll(_ record: RemoteBatchRecord) async {
        let repository = self.repository
        if record.state == .waiting {
            await sendInTurn(record)
            return
        }
        guard record.state == .submitted, let remoteID = record.remoteID else {
            await recover(record)
            return
        }
        let next = backoff(after: record.polls + 1)
        do {
            let remote = try await client.batch(remoteID)
            let status = RemoteBatchStatus(
                status: remote.status, completed: remote.request_counts?.completed ?? 0,
                failed: remote.request_counts?.failed ?? 0,
                outputFileID: remote.output_file_id, errorFileID: remote.error_file_id)
            // A batch refused at validation (`failed`) says why in `errors`: kept on the row for the batch page.
            let refused = remote.refusal.map { "the Batch API refused the batch: \($0)" }
            try await repository.recordPoll(record.id, status: status, error: refused, nextPollIn: next)
            if remote.isOver { try await apply(record, remote: remote) }
        } catch {
            logger.warning(
                "polling a Batch API batch failed", metadata: ["remote": "\(remoteID)", "error": "\(error)"])
            try? await repository.recordPoll(record.id, status: nil, error: "\(error)", nextPollIn: next)
        }
    }

    /// A submission the process stopped in the middle of: if the provider made the batch (its metadata carries this
    /// installation's id, this row's id and its token), it is followed as if it had been recorded; if the provider
    /// surely has none, the listings go back to the queue; when the search cannot tell, they stay held and the row
    /// says so (read twice would be paid twice), until the provider's 24-hour window is long past.
    func recover(_ record: RemoteBatchRecord) async {
        let repository = self.repository
        do {
            let identity = BatchAPIIdentity(installation: try await repository.installationID(), token: record.token)
            let search = try await findRemote(of: record, identity: identity)
            let made: RemoteBatch
            switch search {
            case .found(let batch):
                made = batch
            case .none:
                _ = try await repository.finishRemote(
                    record.id, as: .abandoned, reason: "sending to the Batch API was interrupted; read the usual way")
                return
            case .unsure(let pages):
                guard Date().timeIntervalSince(record.createdAt) < Self.providerWindow else {
                    _ = try await repository.finishRemote(
                        record.id, as: .abandoned,
                        reason: "sending to the Batch API was interrupted and no batch of it was found in a day; "
                            + "read the usual way")
                    return
                }
                let said =
                    "could not tell whether the Batch API has this batch (\(pages) pages of batches read); its "
                    + "listings stay held rather than be read twice"
                logger.warning("recovering a Batch API submission is unsure", metadata: ["remote": "\(record.id)"])
                try await repository.recordPoll(record.id, status: nil, error: said, nextPollIn: maxPollInterval)
                return
            }
            try await repository.recordSubmitted(
                record.id, inputFileID: made.input_file_id ?? "", remoteID: made.id, status: made.status)
            var submitted = record
            submitted.state = .submitted
            submitted.remoteID = made.id
            await poll(submitted)
        } catch {
            // Tried again at the next due poll.
            logger.warning("recovering a Batch API submission failed", metadata: ["error": "\(error)"])
            try? await repository.recordPoll(record.id, status: nil, error: "\(error)", nextPollIn: pollInterval)
        }
    }

    /// What a search of the provider's batches found for a row.
    enum Search {
        case found(RemoteBatch)
        /// Every batch made since the row was is read, and none is its.
        case none
        /// The search stopped before it could tell (`pages` read).
        case unsure(pages: Int)
    }

    /// Pages through the account's batches, newest first, until the row's batch is found, or the batches are older
    /// than the row (with ten minutes for clocks that differ), or there are no more; at most `searchPages`.
    func findRemote(of record: RemoteBatchRecord, identity: BatchAPIIdentity) async throws -> Search {
        let since = Int(record.createdAt.timeIntervalSince1970) - 600
        var after: String?
        for page in 1...searchPages {
            let batches = try await client.list(limit: 100, after: after)
            if let made = batches.data.first(where: { identity.owns($0.metadata, remoteID: record.id) }) {
                return .found(made)
            }
            let older = batches.data.last?.created_at.map { $0 < since } ?? false
            guard batches.has_more == true, !older, let last = batches.data.last?.id ?? batches.last_id else {
                return .none
            }
            if page == searchPages { return .unsure(pages: page) }
            after = last
        }
        return .unsure(pages: searchPages)
    }

    /// How long after it was made a remote batch can still be running (the provider's 24 hours, and one more).
    static let providerWindow: TimeInterval = 25 * 3600

    /// The wait before poll `n` (from 1): `pollInterval`, doubling, at most `maxPollInterval`.
    func backoff(after polls: Int) -> Duration {
        var wait = pollInterval
        for _ in 1..<max(1, min(polls, 20)) where wait < maxPollInterval { wait = wait * 2 }
        return min(wait, maxPollInterval)
    }

    /// Stores each answer of an ended batch by `custom_id`, once (only jobs the batch still holds are answered, so
    /// that applying again after an interruption stores nothing twice); what it did not answer goes back to the
    /// queue.
    func apply(_ record: RemoteBatchRecord, remote: RemoteBatch) async throws {
        let repository = self.repository
        let jobs = try await repository.remoteJobs(of: record)
        let identity = BatchAPIIdentity(installation: try await repository.installationID(), token: record.token)
        // A batch sent before requests carried the identity names them by the listing alone; it was found by the
        // id this row recorded when it was made, never adopted (`recover` needs the identity).
        let legacy = remote.metadata?[BatchAPIIdentity.tokenKey] == nil
        var byCustomID = Dictionary(
            uniqueKeysWithValues: jobs.map { job in
                (
                    legacy
                        ? BatchAPIIdentity.legacyCustomID(listingID: job.listingID)
                        : identity.customID(listingID: job.listingID), job
                )
            })
        var answers: [BatchAnswer] = []
        for fileID in [remote.output_file_id, remote.error_file_id].compactMap({ $0 }) {
            answers += client.answers(in: try await client.content(ofFile: fileID))
        }
        let waited = Duration.seconds(max(0, Date().timeIntervalSince(record.createdAt)))
        var work: [(LeasedJob, BatchAnswer)] = []
        var notOurs = 0
        for answer in answers {
            // A custom_id answered twice, or one this row did not ask (another installation's), is left out.
            guard let job = byCustomID.removeValue(forKey: answer.customID) else {
                notOurs += 1
                continue
            }
            work.append((job, answer))
        }
        if notOurs > 0 {
            logger.warning(
                "Batch API answers that are not this remote batch's were left out",
                metadata: ["remote": "\(remote.id)", "answers": "\(notOurs)"])
        }
        let ways = await withTaskGroup(of: Way?.self) { group in
            var running = 0
            var ways: [Way] = []
            for (job, answer) in work {
                if running == 8 {
                    if let way = await group.next() ?? nil { ways.append(way) }
                    running -= 1
                }
                running += 1
                group.addTask {
                    // Each answer is a trace of its own, from the answer file to the stored draft.
                    await withSpan("read Batch API answer", context: .topLevel, ofKind: .consumer) { span in
                        span.attributes["listingdesk.listing_id"] = Int(job.listingID)
                        span.attributes["listingdesk.remote_batch"] = remote.id
                        let way = await self.store(answer, of: job, remote: remote, waited: waited)
                        span.attributes["listingdesk.outcome"] = way.map { "\($0)" } ?? "not_stored"
                        return way
                    }
                }
            }
            for await way in group { if let way { ways.append(way) } }
            return ways
        }
        var outcomes = RemoteBatchOutcomes()
        for way in ways {
            switch way {
            case .answered: outcomes.answered += 1
            case .failed: outcomes.failed += 1
            case .expired: outcomes.expired += 1
            case .unreadable: outcomes.unreadable += 1
            case .cancelled: outcomes.cancelled += 1
            }
        }
        // What the batch still holds goes back to the queue (unanswered), or, when the batch was cancelled
        // meanwhile, is given up with it in the same transaction (cancelled).
        _ = try await repository.finishRemote(
            record.id, as: .applied,
            reason: remote.refusal.map { "batch_api: the Batch API refused the batch: \($0)" }
                ?? "batch_api: the Batch API batch ended (\(remote.status)) without answering it",
            outcomes: outcomes, cancelledIssue: ListingService.cancelledIssue)
        let counted = try await repository.remoteBatches(of: record.batchID).first { $0.id == record.id }?.outcomes
        let final = counted ?? outcomes
        service.metrics.batchAPIListings(final)
        var said: Logger.Metadata = ["remote": "\(remote.id)", "status": "\(remote.status)"]
        for (name, count) in final.byName { said[name] = "\(count)" }
        logger.info("Batch API batch applied", metadata: said)
    }

    /// One answer of a remote batch read and stored: `answered` with its draft stored, the way it left when its job
    /// went back to the queue, or nil when it could not be stored or its batch was cancelled meanwhile (then
    /// `finishRemote` sends it back or gives it up).
    func store(_ answer: BatchAnswer, of job: LeasedJob, remote: RemoteBatch, waited: Duration) async -> Way? {
        let pipeline = service.pipeline
        let repository = self.repository
        let item = Self.item(job)
        let result = pipeline.readBatchAnswer(
            answer.reply, failure: answer.failure, for: item, request: pipeline.batchRequest(for: item),
            waited: waited, ref: "\(remote.id):\(answer.customID)")
        do {
            switch result {
            case .read(let outcome):
                _ = try await service.finish(job, with: outcome)
                return .answered
            case .alone(let run, let reason):
                service.metrics.record([run])
                // Not queued when its batch was cancelled meanwhile: it is given up below instead.
                let queued = try await repository.requeue(job, runs: [run], reason: "batch_api: \(reason)")
                return queued ? Way(leaving: answer) : nil
            }
        } catch {
            // Still held by the remote batch: `finishRemote` below sends it back to the queue.
            logger.warning(
                "storing a Batch API answer failed",
                metadata: ["listing": "\(job.listingID)", "error": "\(error)"])
            return nil
        }
    }

    /// How one answered listing left its remote batch.
    enum Way {
        case answered, failed, expired, unreadable, cancelled

        /// A listing read again: what the answer said (the provider's error code when it gave no reply).
        init(leaving answer: BatchAnswer) {
            guard answer.reply == nil else {
                self = .unreadable
                return
            }
            let failure = answer.failure ?? ""
            if failure.hasPrefix("batch_expired") {
                self = .expired
            } else if failure.hasPrefix("batch_cancelled") {
                self = .cancelled
            } else {
                self = .failed
            }
        }
    }

    public static func item(_ job: LeasedJob) -> PackItem {
        PackItem(id: String(job.listingID), text: job.sourceText, pastedOn: job.pastedOn)
    }
}

/// Polls the Batch API batches of every instance (each is taken by one poller at a time) every `beat`.
public struct BatchAPIPoller: Service {
    let api: BatchAPIService
    let beat: Duration

    public init(api: BatchAPIService, beat: Duration = .seconds(1)) {
        self.api = api
        self.beat = beat
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await api.poll(every: beat) }
    }
}
