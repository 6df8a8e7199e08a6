import Foundation
import ListingCore
import PostgresNIO

/// Remote batches in PostgreSQL (migrations/0013).
extension PostgresListingRepository {
    static let remoteColumns = """
        id, batch_id, token, state, model, input_file_id, remote_id, remote_status, output_file_id, error_file_id,
        total, completed, failed, requeued, last_error, outcomes, estimated_tokens, polls, next_poll_at, created_at,
        finished_at
        """

    public func holdForRemote(
        batchID: Int64, model: String, limit: Int
    ) async throws -> (RemoteBatchRecord, [LeasedJob])? {
        let token = UUID()
        return try await writing { connection in
            var record: RemoteBatchRecord?
            for try await row in try await connection.query(
                """
                INSERT INTO remote_batches (batch_id, token, model) VALUES (\(batchID), \(token), \(model))
                RETURNING \(unescaped: Self.remoteColumns)
                """, logger: logger)
            {
                record = try Self.decodeRemote(row)
            }
            guard var record else { throw StorageError(.corruptRow, "The remote batch insert returned no row.") }
            let rows = try await connection.query(
                """
                UPDATE extraction_jobs AS job
                SET state = 'remote', remote_batch_id = \(record.id), lease_token = \(token), leased_by = 'batch-api',
                    leased_until = NULL
                FROM listings AS listing
                WHERE listing.id = job.listing_id AND job.id IN (
                    SELECT j.id FROM extraction_jobs j JOIN listings l ON l.id = j.listing_id
                    WHERE l.batch_id = \(batchID) AND j.state = 'queued'
                    ORDER BY j.id LIMIT \(Int64(max(1, limit)))
                    FOR UPDATE OF j SKIP LOCKED)
                RETURNING job.id, job.listing_id, job.attempts, listing.source_text, listing.kind,
                    listing.pasted_on::text, listing.batch_id
                """, logger: logger)
            let jobs = try await Self.leasedJobs(rows, token: token)
            guard !jobs.isEmpty else {
                try await connection.query("DELETE FROM remote_batches WHERE id = \(record.id)", logger: logger)
                return nil
            }
            try await connection.query(
                "UPDATE remote_batches SET total = \(jobs.count) WHERE id = \(record.id)", logger: logger)
            record.total = jobs.count
            return (record, jobs)
        }
    }

    /// Jobs as a claim returns them: `id, listing_id, attempts, source_text, kind, pasted_on, batch_id`.
    static func leasedJobs<Rows: AsyncSequence>(_ rows: Rows, token: UUID) async throws -> [LeasedJob]
    where Rows.Element == PostgresRow {
        var jobs: [LeasedJob] = []
        for try await row in rows {
            let (jobID, listingID, attempts, text, kindText, dateText, batchID) = try row.decode(
                (Int64, Int64, Int, String, String, String, Int64?).self)
            guard let kind = ListingKind(rawValue: kindText), let pastedOn = LocalDate(iso: dateText) else {
                throw StorageError(.corruptRow, "A queued listing has an unknown kind or date.")
            }
            jobs.append(
                LeasedJob(
                    jobID: jobID, listingID: listingID, token: token, attempts: attempts, sourceText: text,
                    provisionalKind: kind, pastedOn: pastedOn, batchID: batchID))
        }
        return jobs
    }

    public func recordSubmitted(_ id: Int64, inputFileID: String, remoteID: String, status: String) async throws {
        try await client.query(
            """
            UPDATE remote_batches
            SET state = 'submitted', input_file_id = \(inputFileID), remote_id = \(remoteID),
                remote_status = \(String(status.prefix(40))), updated_at = now(), next_poll_at = now()
            WHERE id = \(id)
            """, logger: logger)
    }

    public func recordPoll(_ id: Int64, status: RemoteBatchStatus?, error: String?, nextPollIn: Duration) async throws {
        try await client.query(
            """
            UPDATE remote_batches
            SET remote_status = coalesce(\(status.map { String($0.status.prefix(40)) }), remote_status),
                completed = coalesce(\(status?.completed), completed), failed = coalesce(\(status?.failed), failed),
                output_file_id = coalesce(\(status?.outputFileID), output_file_id),
                error_file_id = coalesce(\(status?.errorFileID), error_file_id),
                last_error = \(error.map { String($0.prefix(2_000)) }), polls = polls + 1, updated_at = now(),
                next_poll_at = now() + make_interval(secs => \(nextPollIn.inSeconds)::float8)
            WHERE id = \(id)
            """, logger: logger)
    }

    public func dueRemoteBatches(limit: Int, lease: Duration, stale: Duration) async throws -> [RemoteBatchRecord] {
        let rows = try await client.query(
            """
            UPDATE remote_batches
            SET next_poll_at = now() + make_interval(secs => \(lease.inSeconds)::float8)
            WHERE id IN (
                SELECT id FROM remote_batches
                WHERE (state IN ('submitted', 'waiting') AND next_poll_at <= now())
                    OR (state = 'submitting' AND created_at < now() - make_interval(secs => \(stale.inSeconds)::float8)
                        AND next_poll_at <= now())
                ORDER BY next_poll_at LIMIT \(Int64(max(1, limit)))
                FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.remoteColumns)
            """, logger: logger)
        var found: [RemoteBatchRecord] = []
        for try await row in rows { found.append(try Self.decodeRemote(row)) }
        return found
    }

    public func remoteJobs(of record: RemoteBatchRecord) async throws -> [LeasedJob] {
        let rows = try await client.query(
            """
            SELECT job.id, job.listing_id, job.attempts, listing.source_text, listing.kind, listing.pasted_on::text,
                listing.batch_id
            FROM extraction_jobs job JOIN listings listing ON listing.id = job.listing_id
            WHERE job.remote_batch_id = \(record.id) AND job.state = 'remote' AND job.lease_token = \(record.token)
            ORDER BY job.id
            """, logger: logger)
        return try await Self.leasedJobs(rows, token: record.token)
    }

    public func finishRemote(
        _ id: Int64, as state: RemoteBatchRecord.State, reason: String, outcomes: RemoteBatchOutcomes,
        cancelledIssue: Issue?
    ) async throws -> Int {
        try await writing { connection in
            var counts = outcomes
            var cancelled = false
            if cancelledIssue != nil {
                for try await given in try await connection.query(
                    """
                    SELECT b.cancelled_at IS NOT NULL FROM remote_batches r JOIN batches b ON b.id = r.batch_id
                    WHERE r.id = \(id) FOR UPDATE OF b
                    """, logger: logger
                ).decode(Bool.self) {
                    cancelled = given
                }
            }
            if cancelled, let cancelledIssue {
                counts.cancelled += try await Self.giveUpRemote(id, issue: cancelledIssue, on: connection, logger)
            }
            var requeued = 0
            for try await _ in try await connection.query(
                """
                UPDATE extraction_jobs
                SET state = 'queued', lease_token = NULL, leased_by = NULL, remote_batch_id = NULL,
                    last_error = \(String(reason.prefix(2_000)))
                WHERE remote_batch_id = \(id) AND state = 'remote'
                RETURNING id
                """, logger: logger)
            {
                requeued += 1
            }
            counts.unanswered += requeued
            let written = try JSONCoding.string(counts)
            try await connection.query(
                """
                UPDATE remote_batches
                SET state = \(state.rawValue), requeued = requeued + \(requeued), finished_at = now(), updated_at = now(),
                    outcomes = CASE WHEN \(state.rawValue) = 'applied' THEN \(written)::jsonb ELSE outcomes END,
                    last_error = CASE WHEN \(state.rawValue) = 'abandoned' THEN \(String(reason.prefix(2_000)))
                        ELSE last_error END
                WHERE id = \(id)
                """, logger: logger)
            return requeued
        }
    }

    /// Gives up the jobs a remote batch still holds, with their cancelled batch: failed as `cancelled`, their
    /// listings drafts carrying `issue`. How many.
    static func giveUpRemote(
        _ id: Int64, issue: Issue, on connection: PostgresConnection, _ logger: Logger
    ) async throws -> Int {
        let issues = try JSONCoding.string([issue])
        let rows = try await connection.query(
            """
            WITH given_up AS (
                UPDATE extraction_jobs
                SET state = 'failed', last_error = 'cancelled', finished_at = now(), lease_token = NULL,
                    leased_by = NULL, remote_batch_id = NULL
                WHERE remote_batch_id = \(id) AND state = 'remote'
                RETURNING listing_id
            ), drafts AS (
                UPDATE listings
                SET status = CASE WHEN kind = 'not_listing' THEN 'rejected' ELSE 'draft' END, issues = \(issues)::jsonb
                WHERE id IN (SELECT listing_id FROM given_up) AND status = 'extracting'
            )
            SELECT count(*) FROM given_up
            """, logger: logger)
        var count = 0
        for try await given in rows.decode(Int.self) { count = given }
        return count
    }

    public func enqueuedTokens(model: String, excluding: Int64) async throws -> Int {
        let rows = try await client.query(
            """
            SELECT coalesce(sum(estimated_tokens), 0)::bigint FROM remote_batches
            WHERE model = \(model) AND state IN ('submitting', 'submitted') AND id <> \(excluding)
            """, logger: logger)
        var tokens: Int64 = 0
        for try await sum in rows.decode(Int64.self) { tokens = sum }
        return Int(tokens)
    }

    public func splitRemote(
        _ id: Int64, moving jobIDs: [Int64], estimatedTokens: Int
    ) async throws -> RemoteBatchRecord {
        let token = UUID()
        return try await writing { connection in
            var record: RemoteBatchRecord?
            for try await row in try await connection.query(
                """
                INSERT INTO remote_batches (batch_id, token, model, state, total, estimated_tokens)
                SELECT batch_id, \(token), model, 'waiting', \(jobIDs.count), \(Int64(estimatedTokens))
                FROM remote_batches WHERE id = \(id)
                RETURNING \(unescaped: Self.remoteColumns)
                """, logger: logger)
            {
                record = try Self.decodeRemote(row)
            }
            guard let record else { throw StorageError(.corruptRow, "No remote batch \(id) to split.") }
            try await connection.query(
                """
                UPDATE extraction_jobs SET remote_batch_id = \(record.id), lease_token = \(token)
                WHERE remote_batch_id = \(id) AND state = 'remote' AND id = ANY(\(jobIDs))
                """, logger: logger)
            try await connection.query(
                "UPDATE remote_batches SET total = total - \(jobIDs.count) WHERE id = \(id)", logger: logger)
            return record
        }
    }

    public func recordTurn(
        _ id: Int64, as state: RemoteBatchRecord.State, estimatedTokens: Int, nextPollIn: Duration, note: String?
    ) async throws {
        try await client.query(
            """
            UPDATE remote_batches
            SET state = \(state.rawValue), estimated_tokens = \(Int64(estimatedTokens)), last_error = \(note),
                next_poll_at = now() + make_interval(secs => \(nextPollIn.inSeconds)::float8), updated_at = now()
            WHERE id = \(id)
            """, logger: logger)
    }

    public func installationID() async throws -> UUID {
        let rows = try await client.query("SELECT id FROM installation", logger: logger)
        for try await id in rows.decode(UUID.self) { return id }
        throw StorageError(.corruptRow, "The installation has no id (migrations/0018_installation.sql).")
    }

    public func remoteBatches(of batchID: Int64) async throws -> [RemoteBatchRecord] {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.remoteColumns) FROM remote_batches WHERE batch_id = \(batchID) ORDER BY id DESC
            """, logger: logger)
        var found: [RemoteBatchRecord] = []
        for try await row in rows { found.append(try Self.decodeRemote(row)) }
        return found
    }

    static func decodeRemote(_ row: PostgresRow) throws -> RemoteBatchRecord {
        let r = row.makeRandomAccess()
        guard let state = RemoteBatchRecord.State(rawValue: try r["state"].decode(String.self)) else {
            throw StorageError(.corruptRow, "A remote batch has an unknown state.")
        }
        return RemoteBatchRecord(
            id: try r["id"].decode(Int64.self), batchID: try r["batch_id"].decode(Int64.self),
            token: try r["token"].decode(UUID.self), state: state, model: try r["model"].decode(String.self),
            inputFileID: try r["input_file_id"].decode(String?.self), remoteID: try r["remote_id"].decode(String?.self),
            remoteStatus: try r["remote_status"].decode(String?.self),
            outputFileID: try r["output_file_id"].decode(String?.self),
            errorFileID: try r["error_file_id"].decode(String?.self), total: try r["total"].decode(Int.self),
            completed: try r["completed"].decode(Int.self), failed: try r["failed"].decode(Int.self),
            requeued: try r["requeued"].decode(Int.self), lastError: try r["last_error"].decode(String?.self),
            outcomes: try JSONCoding.decode(RemoteBatchOutcomes.self, try r["outcomes"].decode(String.self)),
            estimatedTokens: Int(try r["estimated_tokens"].decode(Int64.self)),
            polls: try r["polls"].decode(Int.self), nextPollAt: try r["next_poll_at"].decode(Date.self),
            createdAt: try r["created_at"].decode(Date.self), finishedAt: try r["finished_at"].decode(Date?.self))
    }
}
