import LLM
import ListingCore
import Logging
import ServiceLifecycle
import Storage
import Tracing

/// How a process works the extraction queue.
public struct WorkerConfiguration: Sendable {
    /// How many jobs one process reads at once (the rate limiter paces the model calls among them).
    public var concurrency: Int
    /// How long an idle worker waits before it looks again.
    public var pollInterval: Duration
    /// How many times a job may be taken before it is given up (a paste that crashes the reader must not crash
    /// every process that takes it, forever).
    public var maxAttempts: Int

    public init(concurrency: Int = 16, pollInterval: Duration = .seconds(1), maxAttempts: Int = 3) {
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.maxAttempts = max(1, maxAttempts)
    }
}

/// Reads the pastes no process is reading: jobs whose lease ran out because the process that held them stopped
/// (killed while the model answered, say), and queued ones. Each is read as a paste is, and its draft stored.
public struct ExtractionWorker: Service {
    public let service: ListingService
    let configuration: WorkerConfiguration
    let logger: Logger

    public init(service: ListingService, configuration: WorkerConfiguration, logger: Logger) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.pool() }
    }

    /// Keeps `concurrency` requests going. A slot takes the model's turn first (`ExtractionPipeline.takeTurn`: the
    /// rate limiter's pace, shared by everything that calls the same key and model), then leases the jobs of one
    /// request (one job, or a pack of a batch's jobs when the pipeline packs) and sends them in that turn: a worker
    /// holds leased only what it is sending, and one that dies leaves the rest of the queue to the others at once.
    /// When a slot finds nothing, the pool looks again every `pollInterval` with a plain claim (no turn is taken
    /// for a queue that may be empty).
    public func pool() async {
        await withTaskGroup(of: SlotOutcome.self) { group in
            var working = 0
            var polling = false
            var idle = true
            while !Task.isCancelled {
                if idle, working < configuration.concurrency, let request = await take(slots: 1).first {
                    idle = false
                    group.addTask {
                        await self.work(request)
                        return .worked
                    }
                    working += 1
                }
                while !idle && working < configuration.concurrency {
                    group.addTask { await self.slot() }
                    working += 1
                }
                if idle && !polling {
                    polling = true
                    group.addTask {
                        try? await Task.sleep(for: self.configuration.pollInterval)
                        return .polled
                    }
                }
                switch await group.next() {
                case .worked?: working -= 1
                case .foundNothing?:
                    working -= 1
                    idle = true
                case .polled?: polling = false
                case nil: continue
                }
            }
        }
    }

    enum SlotOutcome: Sendable {
        case worked, foundNothing, polled
    }

    /// One slot's turn: the model's turn, then one request's jobs leased and read in it. A turn no call used (the
    /// queue empty, the offline reader answering) is given back.
    func slot() async -> SlotOutcome {
        let turn = await service.pipeline.takeTurn()
        guard !Task.isCancelled, let request = await take(slots: 1).first else {
            await turn?.giveBack()
            return .foundNothing
        }
        await RateLimiter.$turn.withValue(turn) { await self.work(request) }
        await turn?.giveBack()
        return .worked
    }

    /// Due jobs for up to `slots` requests: as many jobs as the packs could hold, grouped into requests (those read
    /// alone first: they are the oldest). Jobs beyond what `slots` requests hold are given back untaken, for the next
    /// free slot.
    func take(slots: Int) async -> [[LeasedJob]] {
        let jobs = await claim(limit: slots * (await service.pipeline.packLimit()))
        let requests = await service.requests(for: jobs)
        guard requests.count > slots else { return requests }
        let returned = requests.dropFirst(slots).flatMap { $0 }
        do {
            try await service.release(returned)
        } catch {
            // Their leases run out and they are taken again (as a second attempt).
            logger.warning("could not give back extraction jobs", metadata: ["error": "\(error)"])
        }
        return Array(requests.prefix(slots))
    }

    func claim(limit: Int) async -> [LeasedJob] {
        do {
            return try await service.claimJobs(limit: limit)
        } catch {
            logger.warning("could not look for extraction jobs", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Takes what is due and reads it; how many jobs were taken. A database that is away is logged and tried
    /// again at the next beat.
    @discardableResult
    public func runOnce() async -> Int {
        let requests = await take(slots: configuration.concurrency)
        await withTaskGroup(of: Void.self) { group in
            for request in requests {
                group.addTask { await self.work(request) }
            }
        }
        return requests.reduce(0) { $0 + $1.count }
    }

    /// One request's jobs: a pack, or one job (given up when taken too often). Each request is a trace of its
    /// own, from the queue to the stored drafts.
    func work(_ jobs: [LeasedJob]) async {
        await withSpan(jobs.count == 1 ? "read queued paste" : "read queued pack", ofKind: .consumer) { span in
            // Listing ids as strings: OTLP exporters drop arrays of integers.
            span.attributes["listingdesk.listing_ids"] = jobs.map { String($0.listingID) }
            if jobs.count == 1, let job = jobs.first { span.attributes["listingdesk.listing_id"] = Int(job.listingID) }
            span.attributes["listingdesk.attempt"] = jobs.map(\.attempts).max() ?? 1
            await workTraced(jobs)
        }
    }

    func workTraced(_ jobs: [LeasedJob]) async {
        guard jobs.count == 1, let job = jobs.first else {
            do {
                try await service.extract(pack: jobs)
                logger.debug("packed extraction finished", metadata: ["listings": "\(jobs.map(\.listingID))"])
            } catch {
                logger.warning(
                    "packed extraction failed", metadata: ["listings": "\(jobs.map(\.listingID))", "error": "\(error)"])
            }
            return
        }
        let metadata: Logger.Metadata = [
            "listing": "\(job.listingID)", "job": "\(job.jobID)", "attempt": "\(job.attempts)",
        ]
        do {
            if job.attempts > configuration.maxAttempts {
                try await service.abandon(job, after: job.attempts - 1)
                logger.error("extraction job given up", metadata: metadata)
            } else {
                _ = try await service.extract(job)
                logger.debug("extraction job finished", metadata: metadata)
            }
        } catch {
            // The lease runs out and the job is taken again.
            logger.warning("extraction job failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}
