import Extraction
import ListingCore
import Storage

/// A batch's listings several to a request, when the request limit paces the model calls (`LISTINGDESK_PACK`).
extension ListingService {
    /// The jobs a worker took, as requests: anything that must be read alone first (a paste, never packed; a
    /// listing taken again because its process stopped, or sent back from a pack: the oldest work), then a batch's
    /// listings taken for the first time, in packs as the pipeline allows (`ExtractionPipeline.packs`).
    public func requests(for jobs: [LeasedJob]) async -> [[LeasedJob]] {
        let alone = jobs.filter { !Self.mayBePacked($0) }.map { [$0] }
        let packable = jobs.filter(Self.mayBePacked)
        guard packable.count > 1 else { return alone + packable.map { [$0] } }
        let byID = Dictionary(uniqueKeysWithValues: packable.map { (String($0.listingID), $0) })
        let packs = await pipeline.packs(
            packable.map { PackItem(id: String($0.listingID), text: $0.sourceText, pastedOn: $0.pastedOn) })
        return alone + packs.map { pack in pack.compactMap { byID[$0.id] } }
    }

    static func mayBePacked(_ job: LeasedJob) -> Bool {
        job.batchID != nil && job.attempts == 1
    }

    /// Reads the jobs' listings in one request (one job: as any job). Each listing its envelope answered usably
    /// gets its draft; each other goes back to the queue with its share of the request recorded, and the next
    /// worker to take it reads it alone. Every job is seen to, even when storing one of them fails (its lease then
    /// runs out and it is read again).
    func extract(pack jobs: [LeasedJob]) async throws {
        guard jobs.count > 1 else {
            if let job = jobs.first { _ = try await extract(job) }
            return
        }
        let items = jobs.map { PackItem(id: String($0.listingID), text: $0.sourceText, pastedOn: $0.pastedOn) }
        let pipeline = self.pipeline
        let results = await holdingLeases(on: jobs) { await pipeline.extractPacked(items) }
        metrics.recordPack(results.values.map(\.run))
        let repository = self.repository
        var failure: (any Error)?
        for job in jobs {
            do {
                switch results[String(job.listingID)] {
                case .read(let outcome)?:
                    _ = try await finish(job, with: outcome)
                case .alone(let run, let reason)?:
                    metrics.record([run])
                    _ = try await storing(retryingFor: database.deadline * 3) {
                        try await repository.requeue(job, runs: [run], reason: "packed: \(reason)")
                    }
                case nil:
                    // Every listing asked about has a result; a job without one is read again alone.
                    _ = try await storing { try await repository.requeue(job, runs: [], reason: "packed: no result") }
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
