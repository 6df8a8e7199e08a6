import Extraction
import Foundation
import ListingCore
import Storage

/// What the pages and the JSON API both do: extract and store a paste, apply a person's corrections, publish.
/// One place for the rules, so that both surfaces validate the same way and answer with the same errors.
public struct ListingService: Sendable {
    let repository: any ListingRepository
    let pipeline: ExtractionPipeline
    let today: @Sendable () -> LocalDate
    let metrics: AppMetrics

    /// How long a request waits for the database before it answers 503 (while PostgreSQL restarts, say).
    let databaseDeadline: Duration

    public init(
        repository: any ListingRepository, pipeline: ExtractionPipeline, today: @escaping @Sendable () -> LocalDate,
        metrics: AppMetrics, databaseDeadline: Duration = .seconds(10)
    ) {
        self.repository = repository
        self.pipeline = pipeline
        self.today = today
        self.metrics = metrics
        self.databaseDeadline = databaseDeadline
    }

    /// Extracts without storing anything (`POST /api/v1/extract`).
    public func preview(_ text: String) async throws -> ExtractionOutcome {
        let text = try TextInput.check(text).get()
        let outcome = await pipeline.extract(text, pastedOn: today())
        metrics.recordExtraction(outcome)
        return outcome
    }

    /// Extracts and stores a draft (or a rejected not-a-listing) with every run.
    public func create(_ text: String, onText: (@Sendable (String) -> Void)? = nil) async throws -> Listing {
        let text = try TextInput.check(text).get()
        let pastedOn = today()
        let outcome = await pipeline.extract(text, pastedOn: pastedOn, onText: onText)
        metrics.recordExtraction(outcome)
        let extracted = outcome.listing
        let repository = self.repository
        let listing = try await storing {
            try await repository.create(
                NewListing(
                    kind: extracted.kind, sourceText: text, pastedOn: pastedOn, fields: extracted.fields,
                    evidence: extracted.evidence, issues: extracted.issues),
                runs: outcome.runs)
        }
        metrics.listingsCreated.increment()
        return listing
    }

    public func find(_ id: Int64) async throws -> Listing {
        let repository = self.repository
        guard let listing = try await storing({ try await repository.find(id: id) }) else { throw WebError.notFound() }
        return listing
    }

    /// Runs a database call with a deadline, and is the one place where a storage failure becomes an answer:
    /// a database that is away or slow → 503, and the page keeps what the person typed; a value the database
    /// refused → 422 naming the field (the validator should have refused it first); anything else → 500 with an
    /// error id that the error middleware logs with the request.
    func storing<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(
                databaseDeadline, timeoutError: StorageError(.unavailable, "timed out"), operation)
        } catch let error as WebError {
            throw error
        } catch {
            throw Self.answer(for: StorageError(classifying: error))
        }
    }

    static func answer(for failure: StorageError) -> WebError {
        switch failure.code {
        case .unavailable:
            return WebError(
                .serviceUnavailable, code: "database_unavailable",
                "The database is not answering right now. Nothing you typed was lost: try again in a moment.",
                logDetail: failure.detail ?? failure.message)
        case .constraintViolated:
            let field = failure.field ?? "a value"
            return WebError(
                .unprocessableContent, code: "invalid",
                "The database refused \(failure.field.map { "the \($0)" } ?? "a value"). Change it and try again.",
                issues: [
                    Issue(field: failure.field, code: .invalidValue, message: "This value cannot be stored (\(field)).")
                ],
                logDetail: failure.detail ?? failure.message)
        default:
            return WebError.internal(logDetail: "\(failure.code.rawValue): \(failure.detail ?? failure.message)")
        }
    }

    /// Reads a person's submitted values against the listing they correct (the rules are `Correction`'s).
    public func read(
        kind: ListingKind, submitted: [FieldName: SubmittedValue], current: Listing, keepUnsent: Bool
    ) -> Correction {
        Correction(
            kind: kind, submitted: submitted, stored: current.fields, pastedOn: current.pastedOn,
            sourceText: current.sourceText, keepUnsent: keepUnsent)
    }

    /// Saves a submission (and publishes it when asked). Invalid values are refused whole: nothing is saved.
    public func save(
        _ listing: Listing, submission: Correction, version: Int, publish: Bool
    ) async throws -> SaveResult {
        guard submission.errors.isEmpty else {
            throw WebError(
                .unprocessableContent, code: "invalid", "Some values need fixing.", issues: submission.errors)
        }
        if publish {
            let blocking = ListingValidator.publishingIssues(kind: submission.kind, fields: submission.fields)
            if !blocking.isEmpty {
                throw WebError(
                    .unprocessableContent, code: "not_publishable", "This listing cannot be published yet.",
                    issues: blocking)
            }
        }
        let change = ListingChange(
            kind: submission.kind, fields: submission.fields, issues: remainingIssues(listing, submission),
            publish: publish)
        let repository = self.repository
        let result = try await storing {
            try await repository.save(id: listing.id, expectedVersion: version, change: change)
        }
        if case .saved = result, publish { metrics.listingsPublished.increment() }
        return result
    }

    /// Extraction's notes stay for fields the person has not touched; validation is recomputed.
    func remainingIssues(_ listing: Listing, _ submission: Correction) -> [Issue] {
        let extractionNotes = listing.issues.filter { issue in
            guard !issue.blocksPublishing, issue.code != .wrongKindField else { return false }
            guard let field = issue.field else { return submission.kind == listing.kind }
            return submission.fields[field] == listing.fields[field] && submission.kind == listing.kind
                && issue.code == .unsupported
        }
        return extractionNotes + ListingValidator.validate(kind: submission.kind, fields: submission.fields)
    }
}
