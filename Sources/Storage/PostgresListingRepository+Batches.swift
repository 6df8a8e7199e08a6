import Foundation
import ListingCore
import PostgresNIO
import Synchronization

/// Batches in PostgreSQL (migrations/0009). A batch is stored in one transaction, chunk by chunk as the file is
/// read; its listings wait as queued jobs (`extraction_jobs`), which the workers of every instance take.
extension PostgresListingRepository {
    public func createBatch(
        name: String, ownerID: Int64?, keepDuplicates: Bool,
        _ produce: (_ add: @Sendable ([NewPaste]) async throws -> Void) async throws -> Void
    ) async throws -> StoredBatch {
        let logger = self.logger
        do {
            return try await storeBatch(
                name: name, ownerID: ownerID, keepDuplicates: keepDuplicates, produce, logger: logger)
        } catch let error as PostgresTransactionError {
            // What the reader threw (a malformed line) is the caller's to explain; the transaction is rolled back.
            if let thrown = error.closureError, !(thrown is PSQLError), error.rollbackError == nil { throw thrown }
            throw error
        }
    }

    func storeBatch(
        name: String, ownerID: Int64?, keepDuplicates: Bool,
        _ produce: (_ add: @Sendable ([NewPaste]) async throws -> Void) async throws -> Void, logger: Logger
    ) async throws -> StoredBatch {
        try await writing { connection in
            // Skipping what was pasted before holds the owner's paste lock to the end: two imports (or an import
            // and a paste) of one account at once are checked one after the other, not both against a table
            // without the other's rows.
            if !keepDuplicates {
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(Self.pasteLockKey(ownerID)))", logger: logger)
            }
            var batchID: Int64?
            for try await id in try await connection.query(
                "INSERT INTO batches (name, owner_id) VALUES (\(String(name.prefix(300))), \(ownerID)) RETURNING id",
                logger: logger
            ).decode(Int64.self) {
                batchID = id
            }
            guard let batchID else { throw StorageError(.corruptRow, "The batch insert returned no id.") }
            let counts = BatchCounter()
            try await produce { pastes in
                guard !pastes.isEmpty else { return }
                let added = try await Self.add(
                    pastes, to: batchID, ownerID: ownerID, keepDuplicates: keepDuplicates, on: connection,
                    logger: logger)
                counts.record(given: pastes.count, added: added)
            }
            let (given, added) = counts.totals
            try await connection.query(
                "UPDATE batches SET skipped = \(given - added) WHERE id = \(batchID)", logger: logger)
            return StoredBatch(id: batchID, added: added, skipped: given - added)
        }
    }

    /// Inserts one chunk: each text an `extracting` listing of the batch with a queued job; how many were added.
    /// A text counts as pasted before when the batch's owner pasted it (any owner's, for a batch of no one's).
    static func add(
        _ pastes: [NewPaste], to batchID: Int64, ownerID: Int64?, keepDuplicates: Bool,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        let texts = pastes.map(\.sourceText)
        let kinds = pastes.map(\.provisionalKind.rawValue)
        let dates = pastes.map(\.pastedOn.description)
        // Skipping duplicates: the first of equal texts in the chunk, and none already stored (an earlier chunk's
        // rows are visible in this transaction).
        let keep = keepDuplicates
        let rows = try await connection.query(
            """
            WITH incoming AS (
                SELECT text, kind, pasted_on::date AS pasted_on, ord
                FROM unnest(\(texts)::text[], \(kinds)::text[], \(dates)::text[]) WITH ORDINALITY AS t(text, kind, pasted_on, ord)
            ), chosen AS (
                SELECT * FROM incoming i
                WHERE \(keep) OR (
                    i.ord = (SELECT min(o.ord) FROM incoming o WHERE o.text = i.text)
                    AND NOT EXISTS (
                        SELECT 1 FROM listings l
                        WHERE l.content_hash = sha256(convert_to(i.text, 'UTF8')) AND l.source_text = i.text
                            AND (\(ownerID)::int8 IS NULL OR l.owner_id = \(ownerID))))
            ), inserted AS (
                INSERT INTO listings (kind, status, source_text, pasted_on, batch_id, owner_id)
                SELECT kind, 'extracting', text, pasted_on, \(batchID), \(ownerID) FROM chosen ORDER BY ord
                RETURNING id
            )
            INSERT INTO extraction_jobs (listing_id) SELECT id FROM inserted ORDER BY id
            RETURNING id
            """, logger: logger)
        var added = 0
        for try await _ in rows { added += 1 }
        return added
    }

    public func batch(id: Int64, limit: Int) async throws -> BatchProgress? {
        try await client.withConnection { connection in
            guard var progress = try await self.progress(id: id, limit: 1, on: connection).first else {
                return nil
            }
            progress.items = try await self.items(of: id, limit: limit, on: connection)
            return progress
        }
    }

    public func batches(ownedBy ownerID: Int64?, limit: Int) async throws -> [BatchProgress] {
        try await client.withConnection { connection in
            try await self.progress(ownerID: ownerID, limit: limit, on: connection)
        }
    }

    /// Each listing's state, from its latest job and who read it: the SQL of `BatchItemState`.
    static let itemState = """
        CASE
            WHEN job.state = 'queued' THEN 'waiting'
            WHEN job.state = 'running' THEN 'reading'
            WHEN job.state = 'remote' THEN 'sent'
            WHEN job.state = 'failed' AND job.last_error = 'cancelled' THEN 'cancelled'
            WHEN job.state = 'failed' THEN 'failed'
            WHEN l.fallback_from IS NOT NULL THEN 'fell_back'
            ELSE 'done'
        END
        """

    static let latestJob = """
        LEFT JOIN LATERAL (
            SELECT state, last_error, finished_at FROM extraction_jobs
            WHERE listing_id = l.id ORDER BY id DESC LIMIT 1
        ) AS job ON true
        """

    /// Batches and their counts, newest first: the one of `id`, or `ownerID`'s, or (both nil) everyone's.
    func progress(
        id: Int64? = nil, ownerID: Int64? = nil, limit: Int, on connection: PostgresConnection
    ) async throws -> [BatchProgress] {
        let rows = try await connection.query(
            """
            SELECT b.id, b.name, b.created_at, b.cancelled_at, b.skipped, b.owner_id,
                coalesce(counted.states, '{}'), coalesce(counted.last_minute, 0)
            FROM batches b LEFT JOIN LATERAL (
                -- Each listing's latest job read once, for both the counts and the last minute's rate.
                SELECT jsonb_object_agg(state, n)::text AS states, sum(recent)::int8 AS last_minute FROM (
                    SELECT \(unescaped: Self.itemState) AS state, count(*) AS n,
                        count(*) FILTER (WHERE job.finished_at > now() - interval '1 minute') AS recent
                    FROM listings l \(unescaped: Self.latestJob) WHERE l.batch_id = b.id GROUP BY 1) AS per_state
            ) AS counted ON true
            WHERE (\(id)::int8 IS NULL OR b.id = \(id)) AND (\(ownerID)::int8 IS NULL OR b.owner_id = \(ownerID))
            ORDER BY b.id DESC LIMIT \(Int64(max(1, limit)))
            """, logger: logger)
        var found: [BatchProgress] = []
        for try await (id, name, created, cancelled, skipped, owner, countsJSON, lastMinute) in rows.decode(
            (Int64, String, Date, Date?, Int, Int64?, String, Int64).self)
        {
            let raw = try JSONDecoder().decode([String: Int].self, from: Data(countsJSON.utf8))
            var counts: [BatchItemState: Int] = [:]
            for (state, count) in raw {
                if let state = BatchItemState(rawValue: state) { counts[state] = count }
            }
            found.append(
                BatchProgress(
                    id: id, name: name, createdAt: created, cancelledAt: cancelled, skipped: skipped, counts: counts,
                    finishedLastMinute: Int(lastMinute), items: [], ownerID: owner))
        }
        return found
    }

    func items(of batchID: Int64, limit: Int, on connection: PostgresConnection) async throws -> [BatchItem] {
        let rows = try await connection.query(
            """
            SELECT l.id, l.kind, l.status, coalesce(l.title, split_part(btrim(l.source_text), E'\\n', 1)),
                \(unescaped: Self.itemState), l.issues::text
            FROM listings l \(unescaped: Self.latestJob)
            WHERE l.batch_id = \(batchID) ORDER BY l.id LIMIT \(Int64(max(1, limit)))
            """, logger: logger)
        var items: [BatchItem] = []
        for try await (id, kind, status, title, state, issues) in rows.decode(
            (Int64, String, String, String, String, String).self)
        {
            guard let kind = ListingKind(rawValue: kind), let status = ListingStatus(rawValue: status),
                let state = BatchItemState(rawValue: state)
            else { throw StorageError(.corruptRow, "A batch listing has an unknown kind, status or state.") }
            let marked = Listing.markedFields((try? JSONCoding.decode([Issue].self, issues)) ?? [])
            items.append(
                BatchItem(
                    listingID: id, kind: kind, status: status, title: String(title.prefix(120)), state: state,
                    marked: marked))
        }
        return items
    }

    public func cancelBatch(id: Int64, issue: Issue) async throws -> Int {
        let issues = try JSONCoding.string([issue])
        return try await writing { connection in
            try await connection.query(
                "UPDATE batches SET cancelled_at = coalesce(cancelled_at, now()) WHERE id = \(id)", logger: logger)
            // Waiting jobs only: one being read finishes (its tokens are being spent), and is kept.
            let rows = try await connection.query(
                """
                WITH given_up AS (
                    UPDATE extraction_jobs AS job
                    SET state = 'failed', last_error = 'cancelled', finished_at = now()
                    FROM listings AS l
                    WHERE l.id = job.listing_id AND l.batch_id = \(id) AND job.state = 'queued'
                    RETURNING job.listing_id
                )
                UPDATE listings
                SET status = CASE WHEN kind = 'not_listing' THEN 'rejected' ELSE 'draft' END, issues = \(issues)::jsonb
                WHERE id IN (SELECT listing_id FROM given_up) AND status = 'extracting'
                RETURNING id
                """, logger: logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }

    public func retryBatch(id: Int64, listingIDs: [Int64]?) async throws -> Int {
        let named = listingIDs ?? []
        let all = listingIDs == nil
        return try await writing { connection in
            let rows = try await connection.query(
                """
                WITH retried AS (
                    SELECT l.id FROM listings l \(unescaped: Self.latestJob)
                    WHERE l.batch_id = \(id) AND (\(all) OR l.id = ANY(\(named)::bigint[]))
                        AND cardinality(l.corrected_fields) = 0 AND l.status <> 'published'
                        AND (job.state = 'failed' AND job.last_error IS DISTINCT FROM 'cancelled'
                            OR job.state = 'done' AND l.fallback_from IS NOT NULL)
                    FOR UPDATE OF l
                ), reopened AS (
                    UPDATE listings SET status = 'extracting' WHERE id IN (SELECT id FROM retried) RETURNING id
                )
                INSERT INTO extraction_jobs (listing_id) SELECT id FROM reopened
                RETURNING id
                """, logger: logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }
}

/// How many texts a batch was given and how many it added, counted across the chunks.
final class BatchCounter: Sendable {
    private let counts = Mutex<(given: Int, added: Int)>((0, 0))

    func record(given: Int, added: Int) {
        counts.withLock { $0 = ($0.given + given, $0.added + added) }
    }

    var totals: (given: Int, added: Int) { counts.withLock { $0 } }
}
