import Foundation
import ListingCore
import NIOCore
import PostgresNIO

/// The statements of the hot paths, prepared once per connection (PostgreSQL parses and plans them once, not on
/// every request): an API token's account on every API request, a worker's claim of queued jobs and the renewal of
/// its lease. Their SQL is fixed; every value is bound.
enum PreparedStatements {
    /// The account of an unrevoked API token of an enabled account, by the token's digest; its use noted at most
    /// once a minute, so that a script's burst of requests is not a burst of writes.
    struct AccountByToken: PostgresPreparedStatement {
        static let sql = """
            WITH found AS (
                SELECT t.id AS token_id, t.last_used_at, a.id, a.email, a.role, a.created_at, a.disabled_at
                FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND a.disabled_at IS NULL
            ), noted AS (
                UPDATE api_tokens SET last_used_at = now()
                WHERE id IN (
                    SELECT token_id FROM found
                    WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
            SELECT id, email, role, created_at, disabled_at FROM found
            """
        typealias Row = PostgresRow

        var digest: ByteBuffer

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(digest)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }

    /// Leases up to `limit` queued jobs (or jobs whose lease ran out), oldest first, skipping those another worker
    /// is taking, with their listings' texts.
    struct ClaimJobs: PostgresPreparedStatement {
        static let sql = """
            UPDATE extraction_jobs AS job
            SET state = 'running', attempts = job.attempts + 1, lease_token = $1, leased_by = $2,
                leased_until = now() + make_interval(secs => $3::float8)
            FROM listings AS listing
            WHERE listing.id = job.listing_id AND job.id IN (
                SELECT id FROM extraction_jobs
                WHERE state = 'queued' OR (state = 'running' AND leased_until < now())
                ORDER BY id
                LIMIT $4
                FOR UPDATE SKIP LOCKED)
            RETURNING job.id, job.listing_id, job.attempts, listing.source_text, listing.kind,
                listing.pasted_on::text, listing.batch_id
            """
        typealias Row = PostgresRow

        var token: UUID
        var holder: String
        var seconds: Double
        var limit: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(token)
            bindings.append(holder)
            bindings.append(seconds)
            bindings.append(limit)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }

    /// Extends a running job's lease while this worker still holds it.
    struct RenewLease: PostgresPreparedStatement {
        static let sql = """
            UPDATE extraction_jobs SET leased_until = now() + make_interval(secs => $1::float8)
            WHERE id = $2 AND lease_token = $3 AND state = 'running'
            RETURNING id
            """
        typealias Row = Int64

        var seconds: Double
        var jobID: Int64
        var token: UUID

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(seconds)
            bindings.append(jobID)
            bindings.append(token)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
    }
}

/// The shapes of the paste's statements that nearly every paste has, prepared (`HotStatement`): their text is the
/// builders' own for a sample, so it cannot drift from what an execution builds; an execution of another shape
/// runs unnamed.
extension PreparedStatements {
    /// A listing read before it is stored (the offline reader) with its one run: `PostgresListingRepository.create`.
    enum PasteInsert: StatementShape {
        static let sample: TypedSQL? = try? PostgresListingRepository.insertSQL(
            NewListing(
                kind: .realEstate, sourceText: "", pastedOn: sampleDate, fields: [:], evidence: [:], issues: []),
            runs: [sampleRun])
    }

    /// A paste stored before it is read (a model reads it), with its job leased: `enqueue`.
    enum PasteEnqueue: StatementShape {
        static let sample: TypedSQL? = PostgresListingRepository.enqueueSQL(
            NewPaste(sourceText: "", provisionalKind: .realEstate, pastedOn: sampleDate), token: UUID(),
            leasedOn: LeaseTerms(holder: "", duration: .seconds(1)))
    }

    /// A job's draft stored with its one run (a model that answered at the first call): `complete`.
    enum JobCompletion: StatementShape {
        static let sample: TypedSQL? = try? PostgresListingRepository.completionSQL(
            LeasedJob(
                jobID: 0, listingID: 0, token: UUID(), attempts: 1, sourceText: "", provisionalKind: .realEstate,
                pastedOn: sampleDate),
            draft: ExtractedDraft(kind: .realEstate, fields: [:], evidence: [:], issues: []), runs: [sampleRun])
    }

    static let sampleDate = LocalDate(year: 2000, month: 1, day: 1) ?? LocalDate(Date(timeIntervalSince1970: 0))

    /// A run of one call, whose prompt has a system part stored once (`SharedPrompt`).
    static let sampleRun = ExtractionRun(
        model: "", promptVersion: "", strategy: "", prompt: "[system]\n\n\n[user]\n")
}
