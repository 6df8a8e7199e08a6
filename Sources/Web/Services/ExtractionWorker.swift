import ListingCore
import Logging
import ServiceLifecycle
import Storage

/// How a process works the extraction queue.
public struct WorkerConfiguration: Sendable {
    /// How many jobs one process reads at once (the rate limiter paces the model calls among them).
    public var concurrency: Int
    /// How long an idle worker waits before it looks again.
    public var pollInterval: Duration
    /// How many times a job may be taken before it is given up (a paste that crashes the reader must not crash
    /// every process that takes it, forever).
    public var maxAttempts: Int
    /// Requests are leased only as far ahead as the model's pace sends them within this time
    /// (`ExtractionPipeline.requestsDue`): jobs a dead worker leased but never sent wait that long, not a lease.
    public var leaseHorizon: Duration

    public init(
        concurrency: Int = 16, pollInterval: Duration = .seconds(1), maxAttempts: Int = 3,
        leaseHorizon: Duration = .seconds(3)
    ) {
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.maxAttempts = max(1, maxAttempts)
        self.leaseHorizon = leaseHorizon
    }
}

/// Reads the pastes no process is reading: jobs whose lease ran out because the process that held them stopped
/// (killed while the model answered, say), and queued ones. Each is read as a paste is, and its draft stored.
public struct ExtractionWorker: Service {
    let service: ListingService
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

    /// Keeps `concurrency` requests going: a slot that frees takes the next due jobs at once, and free slots look
    /// again every `pollInterval`. A slot holds one request: one job, or a pack of a batch's jobs when the pipeline
    /// packs (`LISTINGDESK_PACK`). The pace of the model calls is the rate limiter's, shared by everything that
    /// calls the same key and model.
    public func pool() async {
        await withTaskGroup(of: Bool.self) { group in
            var working = 0
            var polling = false
            while !Task.isCancelled {
                // No more requests leased than the pace sends soon: one while the limits are still to be learned.
                let due = await service.pipeline.requestsDue(within: configuration.leaseHorizon)
                let free = min(configuration.concurrency, due ?? .max) - working
                if free > 0 {
                    let requests = await take(slots: free)
                    for request in requests {
                        group.addTask {
                            await self.work(request)
                            return true
                        }
                    }
                    working += requests.count
                }
                if working < configuration.concurrency && !polling {
                    polling = true
                    group.addTask {
                        try? await Task.sleep(for: self.configuration.pollInterval)
                        return false
                    }
                }
                guard let finishedAJob = await group.next() else { continue }
                if finishedAJob { working -= 1 } else { polling = false }
            }
        }
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
            try await service.repository.release(returned)
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

    /// One request's jobs: a pack, or one job (given up when taken too often).
    func work(_ jobs: [LeasedJob]) async {
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
