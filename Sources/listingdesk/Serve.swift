import ArgumentParser
import AsyncHTTPClient
import Extraction
import Foundation
import Hummingbird
import ListingCore
import LLM
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
    @OptionGroup var models: ModelOptions

    func run() async throws {
        let logger = makeLogger("listingdesk")
        let databaseConfiguration = try database.configuration()
        let http = SharedHTTPClient()
        let (pipeline, modelDescription) = try models.pipeline(logger: logger, http: http)
        logger.info("starting", metadata: ["database": "\(databaseConfiguration)", "models": "\(modelDescription)"])
        // The templates are checked before anything starts: a missing folder is a message, not a crash later.
        do {
            _ = try await PageRenderer.load(directory: templates)
        } catch let error as WebError {
            throw CommandFailure(error.message)
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let client = PostgresClient(configuration: databaseConfiguration.clientConfiguration, backgroundLogger: logger)
        let repository = PostgresListingRepository(client: client, logger: logger)
        let app = try await buildApplication(
            configuration: AppConfiguration(host: host, port: port, templatesDirectory: templates, publicDirectory: publicFolder),
            repository: repository, pipeline: pipeline, metrics: AppMetrics(registry: registry), logger: logger)
        let served = MigrateThenServe(client: client, directory: database.migrations, app: app, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: client), .init(service: served)],
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

    func run() async throws {
        let runner = MigrationRunner(client: client, directory: directory, logger: logger)
        let applied = try await migrateOrExplain(runner, logger: logger)
        logger.info("database is up to date", metadata: ["applied": "\(applied)"])
        try await app.run()
    }
}
