import Foundation
import PostgresNIO

/// Evaluation runs in `evaluation_runs` (migrations/0007).
extension PostgresListingRepository {
    public func storeEvaluation(_ run: StoredEvaluation, reportJSON: String) async throws -> Int64 {
        let rows = try await client.query(
            """
            INSERT INTO evaluation_runs (label, model, prompt_version, strategy, items, kind_accuracy, f1,
                hallucination, tokens_per_listing, cost_per_listing, report)
            VALUES (\(run.label), \(run.model), \(run.promptVersion), \(run.strategy), \(run.items),
                \(run.kindAccuracy), \(run.f1), \(run.hallucination), \(run.tokensPerListing), \(run.costPerListing),
                \(reportJSON)::jsonb)
            RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StorageError(.corruptRow, "The insert returned no evaluation run.")
    }

    public func evaluations(limit: Int) async throws -> [StoredEvaluation] {
        let rows = try await client.query(
            """
            SELECT id, created_at, label, model, prompt_version, strategy, items, kind_accuracy, f1, hallucination,
                tokens_per_listing, cost_per_listing
            FROM evaluation_runs ORDER BY created_at DESC, id DESC LIMIT \(Int64(max(1, min(limit, 500))))
            """, logger: logger)
        var runs: [StoredEvaluation] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            runs.append(
                StoredEvaluation(
                    id: try r["id"].decode(Int64.self), createdAt: try r["created_at"].decode(Date.self),
                    label: try r["label"].decode(String.self), model: try r["model"].decode(String.self),
                    promptVersion: try r["prompt_version"].decode(String.self),
                    strategy: try r["strategy"].decode(String.self), items: try r["items"].decode(Int.self),
                    kindAccuracy: try r["kind_accuracy"].decode(Double.self), f1: try r["f1"].decode(Double.self),
                    hallucination: try r["hallucination"].decode(Double.self),
                    tokensPerListing: try r["tokens_per_listing"].decode(Double?.self),
                    costPerListing: try r["cost_per_listing"].decode(Double?.self)))
        }
        return runs
    }

    public func evaluationReport(id: Int64) async throws -> String? {
        let rows = try await client.query(
            "SELECT report::text FROM evaluation_runs WHERE id = \(id)", logger: logger)
        for try await report in rows.decode(String.self) { return report }
        return nil
    }
}
