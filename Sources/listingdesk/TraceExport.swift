import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Traces of every request and extraction leave the process over OTLP/HTTP when the standard OpenTelemetry
/// settings ask for them (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; the other `OTEL_*`
/// settings, such as `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_EXPORTER_OTLP_HEADERS` or `OTEL_SERVICE_NAME`, as
/// swift-otel reads them). They come from `Settings.telemetry`, the environment's and `.env`'s, never from the
/// process environment alone. Without them nothing is set up: the spans are the no-op tracer's, and no log line
/// carries a trace id.
enum TraceExport {
    /// Whether the environment asks for traces.
    static func wanted(_ environment: [String: String]) -> Bool {
        let endpoint = ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"].contains {
            !(environment[$0] ?? "").isEmpty
        }
        let disabled =
            environment["OTEL_SDK_DISABLED"]?.lowercased() == "true"
            || environment["OTEL_TRACES_EXPORTER"]?.lowercased() == "none"
        return endpoint && !disabled
    }

    /// Sets up the process's tracer when `wanted`, once; the service that sends the spans, to run beside the app
    /// (it sends what is left when the group shuts down). Nil when traces are not wanted.
    static func start(environment: [String: String], logger: Logger) throws -> (any Service)? {
        guard wanted(environment) else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "listingdesk"
        configuration.logs.enabled = false
        // The Prometheus metrics at /metrics stay; OTLP carries the traces.
        configuration.metrics.enabled = false
        configuration.diagnosticLogger = .custom(logger)
        // Traces only (logs and metrics are off above): bootstraps the process's tracer from `environment`.
        let service = try OTel.bootstrap(configuration: configuration, environment: environment)
        logger.info("traces are sent over OTLP", metadata: ["service": "\(configuration.serviceName)"])
        return service
    }

    /// Runs `work` with the process's tracer set up when `wanted` (a command that is not a service group, such as
    /// `import`), then sends what is left before returning.
    static func around<T: Sendable>(
        environment: [String: String], logger: Logger, _ work: @Sendable () async throws -> T
    ) async throws -> T {
        guard let service = try start(environment: environment, logger: logger) else { return try await work() }
        let group = ServiceGroup(services: [service], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Result<T, any Error>
            do {
                result = .success(try await work())
            } catch {
                result = .failure(error)
            }
            // The exporter sends the spans it still holds as it shuts down.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// A log line's trace and span ids, when it is written inside a span (the request's, the extraction's).
    static let metadataProvider = OTel.makeLoggingMetadataProvider()
}
