import ArgumentParser
import Desk
import Extraction
import Foundation
import LLM
import ListingCore
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage

/// `listingdesk worker`: reads the extraction queue without serving pages, beside `serve` (which runs workers
/// too unless LISTINGDESK_WORKERS=0) on this machine or others sharing the database.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read queued listings (imports, and pastes whose process stopped) without the web server.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var models: ModelOptions

    func run() async throws {
        var flags = FlagValues()
        database.add(to: &flags)
        models.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.worker")
        let traces = try TraceExport.start(environment: settings.telemetry, logger: logger)
        let http = SharedHTTPClient()
        let client = PostgresClient(
            configuration: try settings.databaseConfiguration().clientConfiguration, backgroundLogger: logger)
        let limiters = RateLimiterRegistry.shared(through: client, logger: logger)
        let (pipeline, description) = try settings.models.pipeline(logger: logger, http: http, limiters: limiters)
        let repository = PostgresListingRepository(client: client, logger: logger)
        let service = settings.listingService(repository: repository, pipeline: pipeline)
        let worker = ExtractionWorker(
            service: service, configuration: WorkerConfiguration(concurrency: max(1, settings.workers)),
            logger: logger)
        logger.info("worker starting", metadata: ["models": "\(description)", "concurrency": "\(settings.workers)"])
        let migrated = MigrateThenServe(client: client, directory: database.migrations, app: worker, logger: logger)
        // Batch API batches sent by any instance are polled and stored by whichever process gets to them first.
        let poller = settings.models.batchClient(http: http, logger: logger).map { batchClient in
            BatchAPIPoller(
                api: BatchAPIService(
                    client: batchClient, repository: repository, service: service,
                    pollInterval: settings.models.batchPollInterval,
                    maxEnqueuedTokens: settings.models.batchMaxTokens, logger: logger))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: (traces.map { [.init(service: $0)] } ?? []) + [
                    .init(service: client), .init(service: migrated),
                ]
                    + (poller.map { [.init(service: $0)] } ?? []),
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await http.whileOpen { try await group.run() }
    }
}

extension RateLimiterRegistry {
    /// Limiters whose request pace per key is kept in the database, shared with every instance that uses it.
    static func shared(through client: PostgresClient, logger: Logger) -> RateLimiterRegistry {
        RateLimiterRegistry(shared: DatabasePace(PostgresRateSlots(client: client, logger: logger)))
    }
}

extension Settings {
    /// The service the commands share: this process holds the jobs it takes for the configured lease.
    func listingService(repository: PostgresListingRepository, pipeline: ExtractionPipeline) -> ListingService {
        ListingService(
            repository: repository, pipeline: pipeline, today: { LocalDate(Date()) }, metrics: AppMetrics(),
            lease: .thisProcess(duration: .milliseconds(Int(leaseSeconds * 1_000))))
    }
}
