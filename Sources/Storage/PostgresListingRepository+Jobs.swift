import Crypto
import Foundation
import ListingCore
import PostgresNIO

/// Extraction jobs in PostgreSQL (migrations/0004): workers take due jobs with `FOR UPDATE SKIP LOCKED`, so that
/// any number of processes share one queue without taking the same job twice, and prove their lease with a token
/// on every write.
extension PostgresListingRepository {
    public func enqueue(_ paste: NewPaste, leasedOn terms: LeaseTerms) async throws -> LeasedJob {
        let token = UUID()
        let statement = HotStatement<PreparedStatements.PasteEnqueue>(
            Self.enqueueSQL(paste, token: token, leasedOn: terms))
        return try await inserting(
            statement, text: paste.sourceText, ownerID: paste.ownerID, unlessPastedIn: paste.refusedIfPastedIn
        ) { rows in
            for try await row in rows {
                let (jobID, listingID) = try row.decode((Int64, Int64).self)
                return LeasedJob(
                    jobID: jobID, listingID: listingID, token: token, attempts: 1, sourceText: paste.sourceText,
                    provisionalKind: paste.provisionalKind, pastedOn: paste.pastedOn)
            }
            throw StorageError(.corruptRow, "The insert returned no job.")
        }
    }

    /// `enqueue`'s statement: the listing, and its job leased to this process.
    static func enqueueSQL(_ paste: NewPaste, token: UUID, leasedOn terms: LeaseTerms) -> TypedSQL {
        var sql = TypedSQL(literalCapacity: 512, interpolationCount: 7)
        sql.appendLiteral("WITH listing AS (INSERT INTO listings (kind, status, source_text, pasted_on, owner_id) ")
        sql.appendLiteral("VALUES (")
        sql.appendInterpolation(paste.provisionalKind.rawValue)
        sql.appendLiteral(", 'extracting', ")
        sql.appendInterpolation(paste.sourceText)
        sql.appendLiteral(", ")
        sql.appendInterpolation(paste.pastedOn.description)
        sql.appendLiteral("::date, ")
        sql.appendInterpolation(paste.ownerID)
        sql.appendLiteral(") RETURNING id) INSERT INTO extraction_jobs (listing_id, state, attempts, lease_token, ")
        sql.appendLiteral("leased_by, leased_until) SELECT id, 'running', 1, ")
        sql.appendInterpolation(token)
        sql.appendLiteral(", ")
        sql.appendInterpolation(terms.holder)
        sql.appendLiteral(", now() + make_interval(secs => ")
        sql.appendInterpolation(terms.duration.inSeconds)
        sql.appendLiteral("::float8) FROM listing RETURNING id, listing_id")
        return sql
    }

    public func claim(limit: Int, leasedOn terms: LeaseTerms) async throws -> [LeasedJob] {
        let token = UUID()
        let rows = try await client.execute(
            PreparedStatements.ClaimJobs(
                token: token, holder: terms.holder, seconds: terms.duration.inSeconds, limit: Int64(max(1, limit))),
            logger: logger)
        return try await Self.leasedJobs(rows, token: token)
    }

    public func renew(_ job: LeasedJob, for duration: Duration) async throws -> Bool {
        let rows = try await client.execute(
            PreparedStatements.RenewLease(seconds: duration.inSeconds, jobID: job.jobID, token: job.token),
            logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// One statement (its own transaction): the job's row locked and its lease checked, the runs inserted (kept
    /// whoever holds the lease: their tokens were spent; without a listing when it was deleted meanwhile), the draft
    /// written and the job marked done when the lease is still this worker's. It was eight round trips; as one, a
    /// paste through the API costs a third of the database's time (docs/PERFORMANCE.md).
    public func complete(_ job: LeasedJob, draft: ExtractedDraft, runs: [ExtractionRun]) async throws -> JobCompletion {
        let statement = HotStatement<PreparedStatements.JobCompletion>(
            try Self.completionSQL(job, draft: draft, runs: runs))
        var held = false
        var ours = false
        var stored: Listing?
        for try await row in try await statement.rows(on: client, logger: logger) {
            let columns = row.makeRandomAccess()
            held = try columns["held"].decode(Bool.self)
            ours = try columns["ours"].decode(Bool.self)
            if try columns["id"].decode(Int64?.self) != nil { stored = try Self.decode(row) }
        }
        if let stored { return .stored(stored) }
        // The lease was lost, or the listing had left `extracting` (deleted, say): as it is now.
        let now = try await find(id: job.listingID)
        return held || ours ? now.map(JobCompletion.stored) ?? .leaseLost(nil) : .leaseLost(now)
    }

    /// `complete`'s statement.
    static func completionSQL(_ job: LeasedJob, draft: ExtractedDraft, runs: [ExtractionRun]) throws -> TypedSQL {
        let evidence = JSONCoding.object(draft.evidence)
        let grades = JSONCoding.object(draft.grades)
        let issues = try JSONCoding.string(draft.issues)
        var sql = TypedSQL(literalCapacity: 4_096, interpolationCount: 16 + 23 * runs.count + fieldColumns.count)
        appendHeldJob(job, to: &sql)
        try appendRunInserts(runs, listingID: job.listingID, to: &sql)
        sql.appendLiteral(", updated AS (UPDATE listings SET kind = ")
        sql.appendInterpolation(draft.kind.rawValue)
        sql.appendLiteral(", status = ")
        sql.appendInterpolation(ListingStatus.initial(for: draft.kind).rawValue)
        sql.appendLiteral(", evidence = ")
        sql.appendInterpolation(evidence)
        sql.appendLiteral("::jsonb, evidence_grades = ")
        sql.appendInterpolation(grades)
        sql.appendLiteral("::jsonb, extracted_by = ")
        sql.appendInterpolation(draft.provenance.extractedBy)
        sql.appendLiteral(", fallback_from = ")
        sql.appendInterpolation(draft.provenance.fallbackFrom)
        sql.appendLiteral(", extracted_via = ")
        sql.appendInterpolation(draft.provenance.via?.rawValue)
        sql.appendLiteral(", issues = ")
        sql.appendInterpolation(issues)
        sql.appendLiteral("::jsonb")
        appendAssignments(draft.fields, to: &sql)
        sql.appendLiteral(" WHERE status = 'extracting' AND id = ")
        sql.appendInterpolation(job.listingID)
        sql.appendLiteral(" AND (SELECT held FROM job) RETURNING ")
        sql.appendInterpolation(unescaped: selectList)
        sql.appendLiteral("), finished AS (UPDATE extraction_jobs SET state = 'done', lease_token = NULL,")
        sql.appendLiteral(" leased_until = NULL, finished_at = now(), last_error = NULL WHERE id = ")
        sql.appendInterpolation(job.jobID)
        sql.appendLiteral(" AND (SELECT held FROM job))")
        // `ours`: this completion's runs were stored by an earlier try of it (the statement does not see its own
        // inserts), whose commit went through although its answer was lost.
        sql.appendLiteral(" SELECT coalesce((SELECT held FROM job), false) AS held, EXISTS (SELECT 1 FROM")
        sql.appendLiteral(" extraction_runs WHERE run_key = ")
        sql.appendInterpolation(runs.first.map { storedKey($0, listingID: job.listingID, at: 0) })
        sql.appendLiteral(") AS ours, updated.* FROM (SELECT 1) AS one LEFT JOIN updated ON true")
        return sql
    }

    /// `WITH job AS (…), `: the job's row locked, and whether the worker (or the remote batch) still holds it.
    static func appendHeldJob(_ job: LeasedJob, to sql: inout TypedSQL) {
        sql.appendLiteral("WITH job AS (SELECT state IN ('running', 'remote') AND lease_token IS NOT DISTINCT FROM ")
        sql.appendInterpolation(job.token)
        sql.appendLiteral(" AS held FROM extraction_jobs WHERE id = ")
        sql.appendInterpolation(job.jobID)
        sql.appendLiteral(" FOR UPDATE), ")
    }

    /// `listing AS (…), base AS (…), run0 AS (INSERT …), …`: the runs numbered after the listing's runs, for the
    /// listing if it is still there (its runs are kept without it when it was deleted while it was read). Not
    /// `FOR UPDATE` on the listing: a row locked by one part of a statement and updated by another is seen by neither.
    static func appendRunInserts(
        _ runs: [ExtractionRun], listingID: Int64, to sql: inout TypedSQL
    ) throws {
        sql.appendLiteral("listing AS (SELECT id FROM listings WHERE id = ")
        sql.appendInterpolation(listingID)
        sql.appendLiteral("), base AS (SELECT coalesce(max(attempt), 0) AS attempt FROM extraction_runs")
        sql.appendLiteral(" WHERE listing_id = ")
        sql.appendInterpolation(listingID)
        sql.appendLiteral(")")
        try appendRuns(runs, listingID: listingID, to: &sql)
    }

    /// `, promptK AS (…), …, runN AS (INSERT …), …`: each distinct shared prompt part stored once (`SharedPrompt`),
    /// then the runs, each referring to its part. `listingID` keys the runs (0 for a listing inserted by the same
    /// statement).
    static func appendRuns(
        _ runs: [ExtractionRun], listingID: Int64, to sql: inout TypedSQL
    ) throws {
        var parts: [String: String] = [:]
        let shared = runs.map(\.prompt).map(SharedPrompt.init)
        for part in shared.compactMap({ $0 }) where parts[part.digest] == nil {
            let name = "prompt\(parts.count)"
            parts[part.digest] = name
            appendSharedPrompt(part, named: name, to: &sql)
        }
        for (offset, run) in runs.enumerated() {
            try appendRunInsert(
                run, named: "run\(offset)", ordinal: offset + 1, key: storedKey(run, listingID: listingID, at: offset),
                prompt: shared[offset].map { ($0, parts[$0.digest] ?? "") }, to: &sql)
        }
    }

    /// `, promptK_text AS (…), promptK_new AS (INSERT INTO prompts …), promptK AS (SELECT id, text)`: the part's
    /// row, inserted if it is new. A part first written by a statement still running elsewhere is not seen
    /// (`id` is null): the run then keeps its whole prompt.
    static func appendSharedPrompt(
        _ part: SharedPrompt, named name: String, to sql: inout TypedSQL
    ) {
        sql.appendLiteral(", \(name)_text AS (SELECT ")
        sql.appendInterpolation(part.digest)
        sql.appendLiteral("::text AS digest, ")
        sql.appendInterpolation(part.text)
        sql.appendLiteral("::text AS text), \(name)_new AS (INSERT INTO prompts (digest, text) ")
        sql.appendLiteral("SELECT digest, text FROM \(name)_text ON CONFLICT (digest) DO NOTHING RETURNING id), ")
        sql.appendLiteral("\(name) AS (SELECT coalesce((SELECT id FROM \(name)_new), ")
        sql.appendLiteral("(SELECT p.id FROM prompts p JOIN \(name)_text t ON p.digest = t.digest)) AS id, ")
        sql.appendLiteral("(SELECT text FROM \(name)_text) AS text)")
    }

    /// `, runN AS (INSERT INTO extraction_runs …)`: a run numbered after the listing's runs (`base`), for the listing
    /// if it is still there (`listing`).
    static func appendRunInsert(
        _ run: ExtractionRun, named name: String, ordinal: Int, key: UUID,
        prompt shared: (part: SharedPrompt, named: String)?, to sql: inout TypedSQL
    ) throws {
        sql.appendLiteral(", \(name) AS (INSERT INTO extraction_runs (listing_id, attempt, model, prompt_version, ")
        sql.appendLiteral(
            "strategy, prompt_id, prompt, raw_reply, parsed_values, kind, issues, prompt_tokens, completion_tokens, ")
        sql.appendLiteral(
            "tokens_estimated, latency_ms, finish_reason, error, retries, time_to_first_token_ms, cost_usd, ")
        sql.appendLiteral("delivery, pack_size, request_ref, run_key) ")
        sql.appendLiteral("SELECT (SELECT id FROM listing), base.attempt + \(ordinal), ")
        sql.appendInterpolation(run.model)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.promptVersion)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.strategy)
        sql.appendLiteral(", ")
        if let (part, prompt) = shared {
            sql.appendLiteral("(SELECT id FROM \(prompt)), CASE WHEN (SELECT id FROM \(prompt)) IS NULL ")
            sql.appendLiteral("THEN (SELECT text FROM \(prompt)) ELSE '' END || ")
            sql.appendInterpolation(part.own)
        } else {
            sql.appendLiteral("NULL, ")
            sql.appendInterpolation(run.prompt)
        }
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.rawReply)
        sql.appendLiteral(", ")
        sql.appendInterpolation(JSONCoding.object(run.writtenValues))
        sql.appendLiteral("::jsonb, ")
        sql.appendInterpolation(run.kind?.rawValue)
        sql.appendLiteral(", ")
        sql.appendInterpolation(try JSONCoding.string(run.issues))
        sql.appendLiteral("::jsonb, ")
        sql.appendInterpolation(run.promptTokens)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.completionTokens)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.tokensEstimated)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.latencyMilliseconds)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.finishReason)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.error)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.retries)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.timeToFirstTokenMilliseconds)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.costUSD)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.delivery.rawValue)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.packSize)
        sql.appendLiteral(", ")
        sql.appendInterpolation(run.requestRef)
        sql.appendLiteral(", ")
        sql.appendInterpolation(key)
        sql.appendLiteral(" FROM base ON CONFLICT (run_key) DO NOTHING)")
    }

    /// A stored run's `run_key`: its own key, its listing and its place among the runs stored with it, digested
    /// (a packed request's runs are copies of one run, each stored for its own listing; a completion tried again
    /// gives every run the same stored key as the first try).
    static func storedKey(_ run: ExtractionRun, listingID: Int64, at offset: Int) -> UUID {
        var input = withUnsafeBytes(of: run.key.uuid) { Array($0) }
        withUnsafeBytes(of: listingID.littleEndian) { input += $0 }
        withUnsafeBytes(of: Int64(offset).littleEndian) { input += $0 }
        let digest = Array(SHA256.hash(data: input))
        return UUID(
            uuid: (
                digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8],
                digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]
            ))
    }

    /// One statement, as `complete`: the runs inserted whoever holds the lease, the job queued again if it still
    /// held it.
    public func requeue(_ job: LeasedJob, runs: [ExtractionRun], reason: String) async throws -> Bool {
        var sql = TypedSQL(literalCapacity: 2_048, interpolationCount: 9 + 23 * runs.count)
        Self.appendHeldJob(job, to: &sql)
        try Self.appendRunInserts(runs, listingID: job.listingID, to: &sql)
        // Taken again as at least its second attempt: read alone, never packed (a Batch API answer counts as one).
        sql.appendLiteral(", queued AS (UPDATE extraction_jobs SET state = 'queued', lease_token = NULL,")
        sql.appendLiteral(" attempts = GREATEST(attempts, 1),")
        sql.appendLiteral(" leased_until = NULL, remote_batch_id = NULL, last_error = ")
        sql.appendInterpolation(String(reason.prefix(2_000)))
        sql.appendLiteral(" WHERE id = ")
        sql.appendInterpolation(job.jobID)
        // A remote batch's job whose batch was cancelled meanwhile stays held: ending the remote batch gives it up
        // with its batch, so that no worker sees it queued in between.
        sql.appendLiteral(" AND (SELECT held FROM job) AND NOT EXISTS (SELECT 1 FROM extraction_jobs j")
        sql.appendLiteral(" JOIN listings l ON l.id = j.listing_id JOIN batches b ON b.id = l.batch_id")
        sql.appendLiteral(" WHERE j.id = ")
        sql.appendInterpolation(job.jobID)
        sql.appendLiteral(" AND j.state = 'remote' AND b.cancelled_at IS NOT NULL) RETURNING id)")
        sql.appendLiteral(" SELECT EXISTS (SELECT 1 FROM queued)")
        var queued = false
        for try await held in try await client.query(sql.query, logger: logger)
            .decode(Bool.self)
        {
            queued = held
        }
        return queued
    }

    public func release(_ jobs: [LeasedJob]) async throws {
        guard !jobs.isEmpty else { return }
        let ids = jobs.map(\.jobID)
        let tokens = jobs.map(\.token)
        try await client.query(
            """
            UPDATE extraction_jobs AS job
            SET state = 'queued', attempts = greatest(0, job.attempts - 1), lease_token = NULL, leased_until = NULL
            FROM unnest(\(ids)::int8[], \(tokens)::uuid[]) AS given(id, token)
            WHERE job.id = given.id AND job.state = 'running' AND job.lease_token = given.token
            """, logger: logger)
    }

    public func abandon(_ job: LeasedJob, issue: Issue) async throws -> Listing? {
        let issues = try JSONCoding.string([issue])
        return try await writing { connection in
            guard try await holds(job, on: connection) else { return try await find(job.listingID, on: connection) }
            try await connection.query(
                """
                UPDATE listings
                SET status = CASE WHEN kind = 'not_listing' THEN 'rejected' ELSE 'draft' END, issues = \(issues)::jsonb
                WHERE status = 'extracting' AND id = \(job.listingID)
                """, logger: logger)
            try await finish(job, state: "failed", error: issue.message, on: connection)
            return try await find(job.listingID, on: connection)
        }
    }

    /// Locks the job's row and says whether the lease is still this worker's.
    func holds(_ job: LeasedJob, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT state, lease_token FROM extraction_jobs WHERE id = \(job.jobID) FOR UPDATE", logger: logger)
        for try await (state, token) in rows.decode((String, UUID?).self) {
            return state == "running" && token == job.token
        }
        return false
    }

    func finish(_ job: LeasedJob, state: String, error: String?, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE extraction_jobs
            SET state = \(state), lease_token = NULL, leased_until = NULL, finished_at = now(), last_error = \(error)
            WHERE id = \(job.jobID)
            """, logger: logger)
    }

}
