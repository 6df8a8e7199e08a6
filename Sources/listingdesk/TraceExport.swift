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

    /// Why this build cannot send traces as `environment` asks, naming the setting; nil when it can. swift-otel
    /// stops the whole process (`fatalError`) on these, so they are refused before it reads them: OTLP over gRPC
    /// (built with the `OTLPHTTP` trait only), propagators other than W3C trace context, the Jaeger-remote and X-Ray
    /// samplers, and an exporter other than OTLP.
    static func refusal(_ environment: [String: String]) -> String? {
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap {
                $0.isEmpty ? nil : $0
            }
        }
        let http = ["http/protobuf", "http/json"]
        let overHTTP =
            "this build sends traces over OTLP/HTTP only (http/protobuf or http/json): point "
            + "OTEL_EXPORTER_OTLP_ENDPOINT at the collector's HTTP port (4318) instead of gRPC's (4317)"
        if value("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") == "grpc" {
            return "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc: \(overHTTP)."
        }
        if value("OTEL_EXPORTER_OTLP_PROTOCOL") == "grpc",
            !http.contains(value("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? "")
        {
            return "OTEL_EXPORTER_OTLP_PROTOCOL=grpc: \(overHTTP)."
        }
        if let propagators = value("OTEL_PROPAGATORS") {
            let unsupported = propagators.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { ["baggage", "b3", "b3multi", "jaeger", "xray", "ottrace"].contains($0) }
            if !unsupported.isEmpty {
                return "OTEL_PROPAGATORS names \(unsupported.joined(separator: ", ")), which swift-otel does not "
                    + "support: use tracecontext (the default) or none."
            }
        }
        if let sampler = value("OTEL_TRACES_SAMPLER"),
            ["jaeger_remote", "parentbased_jaeger_remote", "xray"].contains(sampler)
        {
            return "OTEL_TRACES_SAMPLER=\(sampler) is not supported by swift-otel: use always_on, always_off, "
                + "traceidratio or their parentbased_ forms."
        }
        if let exporter = value("OTEL_TRACES_EXPORTER"), !["otlp", "none"].contains(exporter) {
            return "OTEL_TRACES_EXPORTER=\(exporter) is not supported: traces go over OTLP (otlp, the default) or "
                + "not at all (none)."
        }
        return nil
    }

    /// Sets up the process's tracer when `wanted`, once; the service that sends the spans, to run beside the app
    /// (it sends what is left when the group shuts down). Nil when traces are not wanted.
    static func start(environment: [String: String], logger: Logger) throws -> (any Service)? {
        guard wanted(environment) else { return nil }
        if let refusal = refusal(environment) { throw CommandFailure(refusal) }
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
