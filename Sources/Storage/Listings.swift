import Foundation
import ListingCore
import NIOCore

/// Listings, their runs and their edits: what is stored of a paste, read back, changed, exported and counted.
public protocol Listings: Sendable {
    func create(_ listing: NewListing, runs: [ExtractionRun]) async throws -> Listing
    func find(id: Int64) async throws -> Listing?
    /// The latest listing whose source text is exactly this text (by its SHA-256), if any.
    func latest(withText text: String, in scope: ListingScope) async throws -> Listing?
    func save(id: Int64, expectedVersion: Int, change: ListingChange) async throws -> SaveResult
    /// Takes a published listing back to a draft (a stale version is a conflict; a listing not published is
    /// left as it is).
    func unpublish(id: Int64, expectedVersion: Int) async throws -> SaveResult
    /// Deletes the listing with its edits and job; its extraction runs stay, without it. Whether it was there.
    func delete(id: Int64) async throws -> Bool
    func list(_ filter: ListingFilter, limit: Int, before cursor: Int64?) async throws -> ListingPage
    /// Calls `row` for every listing of the filter, oldest first, streaming from the database.
    func export(_ filter: ListingFilter, row: (Listing) async throws -> Void) async throws
    /// The CSV export's lines (docs/API.md), written by the database, oldest first, streaming.
    func exportCSV(_ filter: ListingFilter, line: (ByteBuffer) async throws -> Void) async throws
    /// The export's rows as values (`ExportedRow`), each written into a line by `line` (the CSV in words), handed on
    /// in chunks; oldest first. Through COPY where the repository can, `line` then runs on libpq's thread.
    func exportRows(
        _ filter: ListingFilter, line: @escaping @Sendable (ExportedRow) -> String,
        chunk: (ByteBuffer) async throws -> Void
    ) async throws
    func runs(listingID: Int64) async throws -> [ExtractionRun]
    /// The listing's latest run, if it has any.
    func lastRun(listingID: Int64) async throws -> ExtractionRun?
    func edits(listingID: Int64) async throws -> [ListingEdit]
    /// Totals per day (UTC) and model over the last `days` days, newest first.
    func usage(days: Int) async throws -> [DailyUsage]
    /// What people corrected over the last `days` days on the listings of `scope` (the corrections dashboard).
    func correctionStats(days: Int, scope: ListingScope) async throws -> CorrectionStats
    /// Whether the database answers.
    func ping() async throws
}

/// Everything the database keeps, as one store (`PostgresListingRepository`): what a process hands out, each part to
/// the service that uses it. SQL for these tables lives only in the implementation.
public protocol ListingRepository: Listings, ExtractionJobs, EvaluationRuns, Batches, RemoteBatches, Accounts {}
