import Tracing

/// The W3C trace id of the trace the current task is in, when a tracer records one (`OTEL_EXPORTER_OTLP_ENDPOINT`):
/// the id a collector (Jaeger, Tempo, Langfuse, Phoenix) finds the request by. Read through the tracer's own
/// propagation (`traceparent`), so that no vendor's types are needed here; nil without a tracer.
public enum TraceReference {
    public static func current() -> String? {
        guard let context = ServiceContext.current else { return nil }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: Carrier())
        // version-traceid-parentid-flags
        guard let parent = carrier["traceparent"] else { return nil }
        let parts = parent.split(separator: "-")
        guard parts.count == 4, parts[1].count == 32, parts[1].contains(where: { $0 != "0" }) else { return nil }
        return String(parts[1])
    }

    struct Carrier: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
            carrier[key] = value
        }
    }
}
