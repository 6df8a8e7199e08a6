import Extraction
import Prometheus

/// The application's own counters, in one Prometheus registry that `/metrics` renders. Every token is counted.
public struct AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let listingsCreated: Counter
    let listingsPublished: Counter
    let promptTokens: Counter
    let completionTokens: Counter
    let extractionRuns: Counter
    let extractionFailures: Counter
    let extractionLatency: DurationHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        listingsCreated = registry.makeCounter(name: "listingdesk_listings_created_total", help: "Pastes stored.")
        listingsPublished = registry.makeCounter(name: "listingdesk_listings_published_total", help: "Listings published.")
        promptTokens = registry.makeCounter(name: "listingdesk_prompt_tokens_total", help: "Prompt tokens sent to models.")
        completionTokens = registry.makeCounter(
            name: "listingdesk_completion_tokens_total", help: "Completion tokens received from models.")
        extractionRuns = registry.makeCounter(name: "listingdesk_extraction_runs_total", help: "Model calls made.")
        extractionFailures = registry.makeCounter(
            name: "listingdesk_extraction_failures_total", help: "Model calls that failed or gave no envelope.")
        extractionLatency = registry.makeDurationHistogram(
            name: "listingdesk_extraction_seconds",
            buckets: [.milliseconds(5), .milliseconds(50), .milliseconds(250), .seconds(1), .seconds(3), .seconds(10),
                      .seconds(30)],
            help: "Time per model call.")
    }

    func recordExtraction(_ outcome: ExtractionOutcome) {
        for run in outcome.runs {
            extractionRuns.increment()
            promptTokens.increment(by: Int64(run.promptTokens))
            completionTokens.increment(by: Int64(run.completionTokens))
            extractionLatency.recordNanoseconds(Int64(run.latencyMilliseconds) * 1_000_000)
            if run.error != nil { extractionFailures.increment() }
        }
    }

    /// The Prometheus text format.
    public func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
