import Extraction
import Foundation
import Hummingbird
import ListingCore
import Logging
import Storage

/// Where the app serves from and what it reads at start.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var templatesDirectory: String
    public var publicDirectory: String
    /// How long a request waits for the database before answering 503.
    public var databaseDeadline: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, templatesDirectory: String = "templates",
        publicDirectory: String = "Public", databaseDeadline: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.templatesDirectory = templatesDirectory
        self.publicDirectory = publicDirectory
        self.databaseDeadline = databaseDeadline
    }
}

/// Builds the application from its parts, handed in: a test passes a real database and the model it wants.
public func buildApplication(
    configuration: AppConfiguration, repository: any ListingRepository, pipeline: ExtractionPipeline,
    metrics: AppMetrics = AppMetrics(), today: @escaping @Sendable () -> LocalDate = { LocalDate(Date()) },
    logger: Logger = Logger(label: "listingdesk")
) async throws -> some ApplicationProtocol {
    let renderer = try await PageRenderer.load(directory: configuration.templatesDirectory)
    let router = try buildRouter(
        configuration: configuration, repository: repository, pipeline: pipeline,
        metrics: metrics, today: today, renderer: renderer)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "ListingDesk"),
        logger: logger)
}

func buildRouter(
    configuration: AppConfiguration, repository: any ListingRepository, pipeline: ExtractionPipeline,
    metrics: AppMetrics, today: @escaping @Sendable () -> LocalDate, renderer: PageRenderer
) throws -> Router<BasicRequestContext> {
    let router = Router(options: .autoGenerateHeadEndpoints)
    let table = RouteTable()
    router.addMiddleware {
        SecurityHeadersMiddleware()
        ErrorMiddleware(renderer: renderer)
        RequestShapeMiddleware(routes: table)
        SameOriginMiddleware()
        FileMiddleware(configuration.publicDirectory, searchForIndexHtml: false)
    }
    let service = ListingService(
        repository: repository, pipeline: pipeline, today: today, metrics: metrics,
        databaseDeadline: configuration.databaseDeadline)
    let routes = Routes(router: router, table: table)
    PageController(service: service, repository: repository, renderer: renderer).register(on: routes)
    APIController(service: service, repository: repository).register(on: routes)
    LiveExtraction(service: service).register(on: routes)
    OperationsController(repository: repository, metrics: metrics).register(on: routes)
    return router
}
