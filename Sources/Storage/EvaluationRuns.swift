import Foundation

/// An evaluation run as stored: its headline figures, and the whole report as JSON (the Evaluation module's
/// `EvaluationReport`, which Storage keeps without reading).
public struct StoredEvaluation: Sendable, Hashable {
    public var id: Int64
    public var createdAt: Date
    public var label: String
    public var model: String
    public var promptVersion: String
    public var strategy: String
    public var items: Int
    public var kindAccuracy: Double
    public var f1: Double
    public var hallucination: Double
    public var tokensPerListing: Double?
    public var costPerListing: Double?

    public init(
        id: Int64 = 0, createdAt: Date = Date(), label: String, model: String, promptVersion: String, strategy: String,
        items: Int, kindAccuracy: Double, f1: Double, hallucination: Double, tokensPerListing: Double?,
        costPerListing: Double?
    ) {
        self.id = id
        self.createdAt = createdAt
        self.label = label
        self.model = model
        self.promptVersion = promptVersion
        self.strategy = strategy
        self.items = items
        self.kindAccuracy = kindAccuracy
        self.f1 = f1
        self.hallucination = hallucination
        self.tokensPerListing = tokensPerListing
        self.costPerListing = costPerListing
    }
}

/// Evaluation runs kept over time.
public protocol EvaluationRuns: Sendable {
    func storeEvaluation(_ run: StoredEvaluation, reportJSON: String) async throws -> Int64
    /// The newest first.
    func evaluations(limit: Int) async throws -> [StoredEvaluation]
    func evaluationReport(id: Int64) async throws -> String?
}
