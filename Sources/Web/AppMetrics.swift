import Extraction
import Prometheus

/// The application's own counters, in one Prometheus registry that `/metrics` renders. Every token is counted.
public struct AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let listingsCreated: Counter
    let listingsPublished: Counter
    let listingsDeleted: Counter
    let signInFailures: Counter
    let promptTokens: Counter
    let completionTokens: Counter
    let extractionRuns: Counter
    let extractionFailures: Counter
    let extractionLatency: DurationHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "listingdesk", metricName: name, unitName: "total", helpText: help))
        }
        listingsCreated = counter("listings_created", "Pastes stored.")
        listingsPublished = counter("listings_published", "Listings published.")
        listingsDeleted = counter("listings_deleted", "Listings deleted.")
        signInFailures = counter("sign_in_failures", "Sign-ins refused for a wrong email or password.")
        promptTokens = counter("prompt_tokens", "Prompt tokens sent to models.")
        completionTokens = counter("completion_tokens", "Completion tokens received from models.")
        extractionRuns = counter("extraction_runs", "Model calls made.")
        extractionFailures = counter("extraction_failures", "Model calls that failed or gave no envelope.")
        extractionLatency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "listingdesk", metricName: "extraction", unitName: "seconds",
                helpText: "Time per model call."),
            buckets: [
                .milliseconds(5), .milliseconds(50), .milliseconds(250), .seconds(1), .seconds(3), .seconds(10),
                .seconds(30),
            ])
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

    /// A model call the daily budget turned away (`BudgetedChatModel`): the next model answered instead.
    public func budgetRefused(model: String) {
        registry.makeCounter(
            name: "listingdesk_budget_refusals_total", labels: [("model", model)],
            help: "Model calls not made because the model's daily budget was spent."
        ).increment()
    }

    /// The Prometheus text format.
    public func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
