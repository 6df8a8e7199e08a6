import Extraction
import ListingCore
import Prometheus
import Storage

/// The application's own counters, in one Prometheus registry that `/metrics` renders. Every token is counted.
public struct AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let listingsCreated: Counter
    let listingsPublished: Counter
    let listingsDeleted: Counter
    public let signInFailures: Counter
    let promptTokens: Counter
    let completionTokens: Counter
    let extractionRuns: Counter
    let extractionFailures: Counter
    let extractionLatency: DurationHistogram
    let packedRequests: Counter
    let packedListings: Counter
    public let batchProgressReadings: Counter
    public let eventStreamsRefused: Counter
    public let eventStreamsOpen: Gauge

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
        packedRequests = counter("packed_requests", "Model calls that carried several listings of a batch.")
        packedListings = counter("packed_listings", "Listings sent in packed model calls.")
        batchProgressReadings = counter(
            "batch_progress_readings", "Readings of a batch's progress for its event streams (one a second a batch).")
        eventStreamsRefused = counter("event_streams_refused", "Batch event streams refused past a limit (429).")
        eventStreamsOpen = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "listingdesk", metricName: "event_streams_open", helpText: "Batch event streams open now."))
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
        record(outcome.runs)
    }

    /// Every run's tokens; the calls and their time once per call (a packed call is counted by `recordPack`).
    func record(_ runs: [ExtractionRun]) {
        for run in runs {
            promptTokens.increment(by: Int64(run.promptTokens))
            completionTokens.increment(by: Int64(run.completionTokens))
            guard run.delivery != .packed else { continue }
            extractionRuns.increment()
            extractionLatency.recordNanoseconds(Int64(run.latencyMilliseconds) * 1_000_000)
            if run.error != nil { extractionFailures.increment() }
        }
    }

    /// One packed call (its runs' tokens are counted by `record`).
    func recordPack(_ runs: [ExtractionRun]) {
        guard let first = runs.first else { return }
        extractionRuns.increment()
        packedRequests.increment()
        packedListings.increment(by: Int64(runs.count))
        extractionLatency.recordNanoseconds(Int64(first.latencyMilliseconds) * 1_000_000)
        if runs.allSatisfy({ $0.error != nil }) { extractionFailures.increment() }
    }

    /// A model call the daily budget turned away (`BudgetedChatModel`): the next model answered instead.
    public func budgetRefused(model: String) {
        registry.makeCounter(
            name: "listingdesk_budget_refusals_total", labels: [("model", model)],
            help: "Model calls not made because the model's daily budget was spent."
        ).increment()
    }

    /// How the listings of an applied Batch API batch left it, one counter per way (`outcome` label).
    func batchAPIListings(_ outcomes: RemoteBatchOutcomes) {
        for (name, count) in outcomes.byName {
            registry.makeCounter(
                name: "listingdesk_batch_api_listings_total", labels: [("outcome", name)],
                help: "Listings that left a Batch API batch, by how: answered at the batch price, failed, expired, "
                    + "unreadable (each read again the usual way), cancelled with their batch, unanswered."
            ).increment(by: Int64(count))
        }
    }

    /// The Prometheus text format.
    public func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
