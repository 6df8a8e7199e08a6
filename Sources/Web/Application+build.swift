import Desk
import Extraction
import Foundation
import Hummingbird
import LLM
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
    /// The `Host` values the app answers (`name:port`); nil answers any. A browser tricked by DNS rebinding sends
    /// the attacker's name, so a server on loopback must not answer every name.
    public var allowedHosts: Set<String>?
    /// The key of the form tokens (`LISTINGDESK_SECRET`); nil makes one per process.
    public var formSecret: String?
    /// How long this process holds an extraction job without renewing it; when it dies, the job waits this long.
    public var leaseDuration: Duration
    /// The worker that reads pastes no process is reading; nil runs none (another process does).
    public var worker: WorkerConfiguration?
    /// Sessions, passwords, sign-up and who sees published listings.
    public var accounts: AccountSettings
    /// The wait before a Batch API batch is first polled (then doubling, to 10 minutes).
    public var batchPollInterval: Duration
    /// The most prompt tokens at the Batch API at once (`LISTINGDESK_BATCH_MAX_TOKENS`); nil: no limit kept here.
    public var batchMaxTokens: Int?
    /// How many batch event streams may be open, per account and in all.
    public var eventStreams: EventStreamLimits
    /// How many of one account's pastes a model may be reading at once (`LISTINGDESK_READINGS_PER_ACCOUNT`).
    public var readingsPerAccount: Int

    /// `allowedHosts` nil means the bound address's names (see `defaultAllowedHosts`).
    public init(
        host: String = "127.0.0.1", port: Int = 8080, templatesDirectory: String = "templates",
        publicDirectory: String = "Public", databaseDeadline: Duration = .seconds(10), allowedHosts: [String]? = nil,
        formSecret: String? = nil, leaseDuration: Duration = .seconds(15),
        worker: WorkerConfiguration? = WorkerConfiguration(), accounts: AccountSettings = AccountSettings(),
        batchPollInterval: Duration = .seconds(30), batchMaxTokens: Int? = nil,
        eventStreams: EventStreamLimits = EventStreamLimits(), readingsPerAccount: Int = 8
    ) {
        self.readingsPerAccount = readingsPerAccount
        self.batchPollInterval = batchPollInterval
        self.batchMaxTokens = batchMaxTokens
        self.eventStreams = eventStreams
        self.accounts = accounts
        self.host = host
        self.port = port
        self.templatesDirectory = templatesDirectory
        self.publicDirectory = publicDirectory
        self.databaseDeadline = databaseDeadline
        // A name without a port stands for the scheme's default ports, as a browser's Host header does.
        self.allowedHosts =
            allowedHosts.map { names in
                Set(names.flatMap { SameOriginMiddleware<AppRequestContext>.candidates(forHost: $0) })
            }
            ?? Self.defaultAllowedHosts(host: host, port: port)
        self.formSecret = formSecret
        self.leaseDuration = leaseDuration
        self.worker = worker
    }

    /// The names a browser uses for the bound address: on loopback `127.0.0.1`, `localhost` and `[::1]` with the
    /// port; on a named host that name. A wildcard address (`0.0.0.0`, `::`) has no name to check: nil, any host
    /// (set `LISTINGDESK_ALLOWED_HOSTS` behind a proxy or on a network).
    public static func defaultAllowedHosts(host: String, port: Int) -> Set<String>? {
        switch host.lowercased() {
        case "0.0.0.0", "::", "[::]", "": return nil
        case "127.0.0.1", "localhost", "::1", "[::1]":
            return ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"]
        default:
            return ["\(host.lowercased()):\(port)"]
        }
    }
}

/// Builds the application from its parts, handed in: a test passes a real database and the model it wants. The
/// extraction worker, when configured, runs as one of the application's services.
public func buildApplication(
    configuration: AppConfiguration, repository: any ListingRepository, pipeline: ExtractionPipeline,
    metrics: AppMetrics = AppMetrics(), today: @escaping @Sendable () -> LocalDate = { LocalDate(Date()) },
    batchAPI: OpenAIBatchClient? = nil, logger: Logger = Logger(label: "listingdesk")
) async throws -> some ApplicationProtocol {
    let renderer = try await PageRenderer.load(directory: configuration.templatesDirectory)
    let service = ListingService(
        repository: repository, pipeline: pipeline, today: today, metrics: metrics,
        databaseDeadline: configuration.databaseDeadline,
        lease: .thisProcess(duration: configuration.leaseDuration), access: configuration.accounts.access,
        readingsPerAccount: configuration.readingsPerAccount)
    let batches = batchAPI.map { client in
        BatchAPIService(
            client: client, repository: repository, service: service, pollInterval: configuration.batchPollInterval,
            maxEnqueuedTokens: configuration.batchMaxTokens, logger: logger)
    }
    let router = try buildRouter(
        configuration: configuration, service: service, repository: repository, metrics: metrics,
        renderer: renderer, batchAPI: batches)
    var app = Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "ListingDesk"),
        logger: logger)
    if let worker = configuration.worker {
        app.addServices(ExtractionWorker(service: service, configuration: worker, logger: logger))
        if let batches { app.addServices(BatchAPIPoller(api: batches)) }
    }
    return app
}

func buildRouter(
    configuration: AppConfiguration, service: ListingService, repository: any ListingRepository,
    metrics: AppMetrics, renderer: PageRenderer, batchAPI: BatchAPIService? = nil, table: RouteTable = RouteTable()
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    let sessions = SignInSessions(accounts: repository, lifetime: configuration.accounts.sessionLifetime)
    let accounts = AccountService(
        accounts: repository, database: service.database, settings: configuration.accounts, metrics: metrics)
    let identification = AccountMiddleware(sessions: sessions, accounts: repository, database: service.database)
    router.addMiddleware {
        // Outermost: a request's span (OpenTelemetry's HTTP conventions) and its duration by route and status
        // (`http_server_request_duration` in /metrics) cover every answer, errors included.
        TracingMiddleware()
        MetricsMiddleware()
        SecurityHeadersMiddleware()
        FormTokenMiddleware(tokens: FormTokens(secret: configuration.formSecret))
        // Before the error pages, so that they too show who is signed in.
        identification
        ErrorMiddleware(renderer: renderer, openSignUp: configuration.accounts.openSignUp)
        RequestShapeMiddleware(routes: table)
        SameOriginMiddleware(allowedHosts: configuration.allowedHosts)
        FileMiddleware(configuration.publicDirectory, searchForIndexHtml: false)
    }
    let routes = Routes(router: router, table: table)
    let pages = PageController(
        service: service, repository: repository, renderer: renderer, openSignUp: configuration.accounts.openSignUp)
    pages.register(on: routes)
    AccountController(accounts: accounts, sessions: sessions, renderer: renderer) { text, formToken, viewer in
        await pages.indexPage(text: text, message: nil, status: .ok, formToken: formToken, viewer: viewer)
    }.register(on: routes)
    APIController(
        service: service, repository: repository,
        description: APIDescription(publicDirectory: configuration.publicDirectory)
    ).register(on: routes)
    LiveExtraction(service: service).register(on: routes)
    EvaluationController(service: service, repository: repository, renderer: renderer).register(on: routes)
    BatchController(
        service: service, repository: repository, renderer: renderer, batchAPI: batchAPI,
        streams: BatchEventStreams(limits: configuration.eventStreams, metrics: metrics),
        signsIn: identification.signsIn
    ).register(on: routes)
    OperationsController(repository: repository, metrics: metrics).register(on: routes)
    return router
}
