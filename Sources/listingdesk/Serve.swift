import ArgumentParser
import Extraction
import Foundation
import Hummingbird
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

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "The folder of .mustache page templates.") var templates = "templates"
    @Option(help: "The folder of static files.") var publicFolder = "Public"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger("listingdesk")
        let databaseConfiguration = try database.configuration()
        logger.info("starting", metadata: ["database": "\(databaseConfiguration)", "model": "offline"])
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let client = PostgresClient(configuration: databaseConfiguration.clientConfiguration, backgroundLogger: logger)
        let pipeline = ExtractionPipeline(model: OfflineExtractor(today: { LocalDate.today() }), logger: logger)
        let repository = PostgresListingRepository(client: client, logger: logger)
        let app = try await buildApplication(
            configuration: AppConfiguration(host: host, port: port, templatesDirectory: templates, publicDirectory: publicFolder),
            repository: repository, pipeline: pipeline, metrics: AppMetrics(registry: registry), logger: logger)
        let migrations = database.migrations
        let migrator = MigrationService(client: client, directory: migrations, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: client), .init(service: migrator), .init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Applies migrations once the database client runs, before requests need the schema; then waits for shutdown.
struct MigrationService: Service {
    let client: PostgresClient
    let directory: String
    let logger: Logger

    func run() async throws {
        let applied = try await MigrationRunner(client: client, directory: directory, logger: logger).migrate()
        logger.info("database is up to date", metadata: ["applied": "\(applied)"])
        try? await gracefulShutdown()
    }
}
