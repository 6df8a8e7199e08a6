import ArgumentParser
import AsyncHTTPClient
import Desk
import Extraction
import Foundation
import Hummingbird
import LLM
import ListingCore
import Logging
import Metrics
import PostgresNIO
import Prometheus
import ServiceLifecycle
import Storage
import Web

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database and serve the web app.")

    @Option(help: "Address to listen on (env HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env PORT; default 8080).") var port: Int?
    @Option(help: "The folder of .mustache page templates (default templates).") var templates: String?
    @Option(help: "The folder of static files (default Public).") var publicFolder: String?
    @Flag(help: "Serve pages only: leave the extraction queue to `listingdesk worker` processes.") var noWorkers = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var models: ModelOptions

    func run() async throws {
        var flags = FlagValues()
        flags.set(SettingKey.host, host)
        flags.set(SettingKey.port, port)
        flags.set(SettingKey.templates, templates)
        flags.set(SettingKey.publicFolder, publicFolder)
        database.add(to: &flags)
        models.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk")
        let traces = try TraceExport.start(environment: settings.telemetry, logger: logger)
        let databaseConfiguration = try settings.databaseConfiguration()
        let http = SharedHTTPClient()
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let metrics = AppMetrics(registry: registry)
        // One rate budget per endpoint, key and model, and one daily budget per model, for the whole process.
        let ledger = BudgetLedger()
        let client = PostgresClient(configuration: databaseConfiguration.clientConfiguration, backgroundLogger: logger)
        // The request pace of each key is kept in the database, shared with every instance that uses it.
        let limiters = RateLimiterRegistry.shared(through: client, logger: logger)
        let (pipeline, modelDescription) = try settings.models.pipeline(
            logger: logger, http: http, limiters: limiters, ledger: ledger, onBudgetRefusal: metrics.budgetRefused)
        logger.info("starting", metadata: ["database": "\(databaseConfiguration)", "models": "\(modelDescription)"])
        // The templates are checked before anything starts: a missing folder is a message, not a crash later.
        do {
            _ = try await PageRenderer.load(directory: settings.templates)
        } catch let error as WebError {
            throw CommandFailure(error.message)
        }
        let repository = PostgresListingRepository(
            client: client, logger: logger, copySource: databaseConfiguration)
        let app = try await buildApplication(
            configuration: AppConfiguration(
                host: settings.host, port: settings.port, templatesDirectory: settings.templates,
                publicDirectory: settings.publicFolder, allowedHosts: settings.allowedHosts,
                formSecret: settings.secret, leaseDuration: .milliseconds(Int(settings.leaseSeconds * 1_000)),
                worker: noWorkers || settings.workers == 0 ? nil : WorkerConfiguration(concurrency: settings.workers),
                accounts: settings.accounts, batchPollInterval: settings.models.batchPollInterval,
                batchMaxTokens: settings.models.batchMaxTokens, readingsPerAccount: settings.readingsPerAccount),
            repository: repository, pipeline: pipeline, metrics: metrics,
            batchAPI: settings.models.batchClient(http: http, logger: logger), logger: logger)
        if AppConfiguration.defaultAllowedHosts(host: settings.host, port: settings.port) == nil,
            settings.allowedHosts == nil
        {
            logger.warning(
                "listening on a wildcard address with no LISTINGDESK_ALLOWED_HOSTS: any Host name is answered")
        }
        let served = MigrateThenServe(client: client, directory: database.migrations, app: app, logger: logger) {
            // Today's spending so far, so that a restart does not reset the daily budgets.
            let today = BudgetLedger.utcDay()
            for row in (try? await repository.usage(days: 1)) ?? [] where row.day == today {
                await ledger.record(
                    model: row.model, tokens: row.promptTokens + row.completionTokens, costUSD: row.costUSD)
            }
        }
        let group = ServiceGroup(
            configuration: .init(
                // The span exporter first, so that it stops last and sends what the others' ends traced.
                services: (traces.map { [.init(service: $0)] } ?? []) + [
                    .init(service: client), .init(service: served),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await http.whileOpen { try await group.run() }
    }
}

/// Applies the migrations once the database client runs, and only then starts listening, so that no request
/// meets a schema that is not there yet. A migration error stops the server with its message.
struct MigrateThenServe<App: Service>: Service {
    let client: PostgresClient
    let directory: String
    let app: App
    let logger: Logger
    /// Runs once the schema is there, before the first request (reading state kept in the database).
    var afterMigrating: @Sendable () async -> Void = {}

    func run() async throws {
        let runner = MigrationRunner(client: client, directory: directory, logger: logger)
        let applied = try await migrateOrExplain(runner, logger: logger)
        logger.info("database is up to date", metadata: ["applied": "\(applied)"])
        await afterMigrating()
        try await app.run()
    }
}
