import Extraction
import Foundation
import ListingCore
import Logging
import Storage
import Tracing

/// What the pages and the JSON API both do: extract and store a paste, apply a person's corrections, publish.
/// One place for the rules, so that both surfaces validate the same way and answer with the same errors.
public struct ListingService: Sendable {
    /// The listings, their extraction jobs and the batches they come in.
    let repository: any Listings & ExtractionJobs & Batches
    public let pipeline: ExtractionPipeline
    public let today: @Sendable () -> LocalDate
    public let metrics: AppMetrics

    /// How the database is called: within a deadline (a request waits so long at most, while PostgreSQL
    /// restarts, say), failures as refusals.
    public let database: DatabaseCalls
    /// How this process holds the extraction jobs it works on (renewed every third of its duration).
    let lease: LeaseTerms
    /// Who may see and change which listing.
    public let access: AccessRules
    /// How many of one account's pastes a model may be reading at once.
    let readings: ModelReadings

    public init(
        repository: any Listings & ExtractionJobs & Batches, pipeline: ExtractionPipeline,
        today: @escaping @Sendable () -> LocalDate, metrics: AppMetrics, databaseDeadline: Duration = .seconds(10),
        lease: LeaseTerms = .thisProcess(duration: .seconds(15)), access: AccessRules = AccessRules(),
        readingsPerAccount: Int = 8
    ) {
        self.access = access
        self.readings = ModelReadings(perAccount: readingsPerAccount)
        self.repository = repository
        self.pipeline = pipeline
        self.today = today
        self.metrics = metrics
        self.database = DatabaseCalls(deadline: databaseDeadline)
        self.lease = lease
    }

    /// Extracts without storing anything (`POST /api/v1/extract`).
    public func preview(_ text: String, by owner: Account) async throws -> ExtractionOutcome {
        let text = try TextInput.check(text).get()
        let place = pipeline.answersLocally ? nil : try readings.admit(owner)
        defer { withExtendedLifetime(place) {} }
        let outcome = await pipeline.extract(text, pastedOn: today())
        metrics.recordExtraction(outcome)
        return outcome
    }

    /// Stores the paste, extracts it, and stores its draft (or a rejected not-a-listing) with every run. The paste
    /// is in the database before any model is asked: if this process dies while the model answers, the job's lease
    /// runs out and a worker (`ExtractionWorker`) reads the paste again.
    ///
    /// With `refusingDuplicates`, a text the owner pasted before is refused with `PastedBefore` (checked and stored
    /// under the owner's lock, so that pastes sent at once cannot all pass the check).
    public func create(
        _ text: String, by owner: Account?, refusingDuplicates: Bool = false,
        onText: (@Sendable (String) -> Void)? = nil
    ) async throws -> Listing {
        if pipeline.answersLocally {
            return try await readHere(text, by: owner, refusingDuplicates: refusingDuplicates, onText: onText)
        }
        let place = try readings.admit(owner)
        defer { withExtendedLifetime(place) {} }
        return try await extract(
            try await store(text, by: owner, refusingDuplicates: refusingDuplicates), onText: onText)
    }

    /// A paste read by the offline extractor, which answers at once and cannot fail: read first, then stored with
    /// its draft and run in one statement. (Storing it first protects a paste from a model that hangs or a process
    /// that dies while one answers; here there is neither, and the two-step path cost three times the database's
    /// work: docs/PERFORMANCE.md.)
    func readHere(
        _ text: String, by owner: Account?, refusingDuplicates: Bool = false, onText: (@Sendable (String) -> Void)?
    ) async throws -> Listing {
        let text = try TextInput.check(text).get()
        let pastedOn = today()
        let outcome = await pipeline.extract(text, pastedOn: pastedOn, onText: onText)
        metrics.recordExtraction(outcome)
        let extracted = outcome.listing
        let listing = NewListing(
            kind: extracted.kind, sourceText: text, pastedOn: pastedOn, fields: extracted.fields,
            evidence: extracted.evidence, grades: extracted.grades, issues: extracted.issues,
            provenance: Provenance(
                extractedBy: outcome.answeredBy, fallbackFrom: outcome.fallbackFrom, via: outcome.delivery),
            ownerID: owner?.id, refusedIfPastedIn: refusingDuplicates ? duplicateScope(owner) : nil)
        let repository = self.repository
        let stored = try await withSpan("store listing") { span in
            let stored = try await storing { try await repository.create(listing, runs: outcome.runs) }
            span.attributes["listingdesk.listing_id"] = Int(stored.id)
            return stored
        }
        metrics.listingsCreated.increment()
        return stored
    }

    /// Stores the paste and starts reading it; answers with the listing's id as soon as its draft is stored or
    /// `wait` has passed, whichever comes first. Reading goes on after an early answer, holding the job's lease (if
    /// this process dies meanwhile, a worker takes the job when the lease runs out).
    public func start(
        _ text: String, by owner: Account?, refusingDuplicates: Bool = false, waitingAtMost wait: Duration,
        logger: Logger
    ) async throws -> Int64 {
        if pipeline.answersLocally {
            return try await readHere(text, by: owner, refusingDuplicates: refusingDuplicates, onText: nil).id
        }
        let place = try readings.admit(owner)
        let job = try await store(text, by: owner, refusingDuplicates: refusingDuplicates)
        let (finished, signal) = AsyncStream<Void>.makeStream()
        let service = self
        Task {
            // The place is the reading's, not the request's: held until the draft is stored.
            defer { withExtendedLifetime(place) { signal.finish() } }
            do {
                _ = try await service.extract(job)
            } catch {
                logger.error(
                    "reading a paste failed; its job is read again when the lease runs out",
                    metadata: ["listing": .stringConvertible(job.listingID), "error": .string("\(error)")])
            }
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in finished {} }
            group.addTask { try? await Task.sleep(for: wait) }
            await group.next()
            group.cancelAll()
        }
        return job.listingID
    }

    /// The latest listing the requester pasted with exactly this text (as it would be stored), if any: the same
    /// listing pasted or imported again. (An admin is told of anyone's.)
    public func pastedBefore(_ text: String, by requester: Requester) async throws -> Listing? {
        guard case .success(let text) = TextInput.check(text) else { return nil }
        let repository = self.repository
        let scope = access.ownScope(for: requester)
        return try await storing { try await repository.latest(withText: text, in: scope) }
    }

    /// Where a paste's duplicate is looked for: the owner's own listings (an admin's: anyone's).
    func duplicateScope(_ owner: Account?) -> ListingScope {
        access.ownScope(for: owner?.requester ?? .anonymous)
    }

    /// Checks the text and stores it with its extraction job, leased to this process.
    func store(_ text: String, by owner: Account?, refusingDuplicates: Bool = false) async throws -> LeasedJob {
        let text = try TextInput.check(text).get()
        let paste = NewPaste(
            sourceText: text, provisionalKind: KindClassifier.classify(text).kind, pastedOn: today(),
            ownerID: owner?.id, refusedIfPastedIn: refusingDuplicates ? duplicateScope(owner) : nil)
        let repository = self.repository
        let lease = self.lease
        let job = try await withSpan("store paste") { span in
            let job = try await storing { try await repository.enqueue(paste, leasedOn: lease) }
            span.attributes["listingdesk.listing_id"] = Int(job.listingID)
            return job
        }
        metrics.listingsCreated.increment()
        return job
    }

    /// Reads a leased job's paste and stores its draft. The lease is renewed while the model answers; storing the
    /// draft waits out a database restart (it is retried while the database is unavailable, up to three deadlines),
    /// since the tokens are spent and the person is waiting for this draft.
    func extract(_ job: LeasedJob, onText: (@Sendable (String) -> Void)? = nil) async throws -> Listing {
        // A listing back from the Batch API with an answer that could not be read is that answer's re-ask.
        var earlier: EarlierAnswer?
        if job.batchID != nil && job.attempts > 1 {
            let repository = self.repository
            let last = try await storing { try await repository.lastRun(listingID: job.listingID) }
            earlier = last.flatMap(EarlierAnswer.init(unread:))
        }
        let outcome = await holdingLeases(on: [job]) { [earlier] in
            await pipeline.extract(job.sourceText, pastedOn: job.pastedOn, resuming: earlier, onText: onText)
        }
        return try await finish(job, with: outcome)
    }

    /// Stores a job's draft and runs (see `extract`).
    func finish(_ job: LeasedJob, with outcome: ExtractionOutcome) async throws -> Listing {
        metrics.recordExtraction(outcome)
        let extracted = outcome.listing
        let draft = ExtractedDraft(
            kind: extracted.kind, fields: extracted.fields, evidence: extracted.evidence, grades: extracted.grades,
            provenance: Provenance(
                extractedBy: outcome.answeredBy, fallbackFrom: outcome.fallbackFrom, via: outcome.delivery),
            issues: extracted.issues)
        let repository = self.repository
        let deadline = database.deadline * 3
        let completion = try await withSpan("store draft") { span in
            span.attributes["listingdesk.listing_id"] = Int(job.listingID)
            return try await storing(retryingFor: deadline) {
                try await repository.complete(job, draft: draft, runs: outcome.runs)
            }
        }
        switch completion {
        case .stored(let listing):
            return listing
        case .leaseLost(let listing?):
            return listing
        case .leaseLost(nil):
            throw ServiceError.notFound()
        }
    }

    /// Jobs no process is reading (`ExtractionWorker`), leased to this process.
    func claimJobs(limit: Int) async throws -> [LeasedJob] {
        let repository = self.repository
        let lease = self.lease
        return try await storing { try await repository.claim(limit: limit, leasedOn: lease) }
    }

    /// Gives leased jobs back untaken, for the next worker's free slot.
    func release(_ jobs: [LeasedJob]) async throws {
        try await repository.release(jobs)
    }

    /// Gives up a job taken too often: the listing becomes an empty draft that says why.
    func abandon(_ job: LeasedJob, after attempts: Int) async throws {
        let issue = Issue(
            field: nil, code: .modelError,
            message: "Reading this paste was interrupted \(attempts == 1 ? "once" : "\(attempts) times") (the server "
                + "stopped while reading it), so it was not read again: fill in the values yourself.")
        let repository = self.repository
        _ = try await storing { try await repository.abandon(job, issue: issue) }
    }

    /// Runs `work` while renewing the jobs' leases every third of their duration.
    func holdingLeases<T: Sendable>(on jobs: [LeasedJob], _ work: @Sendable () async -> T) async -> T {
        let repository = self.repository
        let duration = lease.duration
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: duration / 3)
                    guard !Task.isCancelled else { return }
                    // A failed renewal (the database restarting) is tried again at the next beat.
                    for job in jobs { _ = try? await repository.renew(job, for: duration) }
                }
            }
            let result = await work()
            group.cancelAll()
            return result
        }
    }

    /// The listing, if the requester may see it. Another account's draft is not found (`.notFound`, never `.forbidden`: its
    /// existence is not told); to nobody signed in, a listing they may not see asks them to sign in.
    public func find(_ id: Int64, for requester: Requester) async throws -> Listing {
        let repository = self.repository
        guard let listing = try await storing({ try await repository.find(id: id) }),
            access.maySee(owner: listing.ownerID, status: listing.status, as: requester)
        else { throw requester == .anonymous ? ServiceError.signInRequired() : ServiceError.notFound() }
        return listing
    }

    /// The listing, if the requester may change it (its owner, or an admin); for anyone else, as if it were not
    /// there, even when they may read it.
    public func findToChange(_ id: Int64, for requester: Requester) async throws -> Listing {
        let listing = try await find(id, for: requester)
        guard access.mayChange(owner: listing.ownerID, as: requester) else {
            throw requester == .anonymous ? ServiceError.signInRequired() : ServiceError.notFound()
        }
        return listing
    }

    /// Takes a published listing down to a draft.
    public func unpublish(_ listing: Listing, version: Int) async throws -> SaveResult {
        let repository = self.repository
        return try await storing { try await repository.unpublish(id: listing.id, expectedVersion: version) }
    }

    /// Deletes a listing (its runs stay, for the usage); a paste still being read is deleted too, and the reading
    /// that finishes later keeps only its runs.
    public func delete(_ listing: Listing) async throws {
        let repository = self.repository
        guard try await storing({ try await repository.delete(id: listing.id) }) else { throw ServiceError.notFound() }
        metrics.listingsDeleted.increment()
    }

    /// What a list or export shows the requester.
    public func filter(_ filter: ListingFilter, for requester: Requester) -> ListingFilter {
        var scoped = filter
        scoped.scope = access.scope(for: requester)
        return scoped
    }

    /// A database call with the service's deadline, its failure as an answer (`DatabaseCalls.storing`).
    public func storing<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await database.storing(operation)
    }

    /// `storing`, tried again while the database is unavailable (`DatabaseCalls.storing(retryingFor:_:)`).
    func storing<T: Sendable>(
        retryingFor patience: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await database.storing(retryingFor: patience, operation)
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
    /// `confirmed`: marked fields (`kind` too) the person looked at and kept. Publishing with marks left needs
    /// `publishAnyway`, the one publishing rule of page and API (docs/REVIEW.md): otherwise nothing is saved and the
    /// refusal (`.unprocessable`) names the marks.
    public func save(
        _ listing: Listing, submission: Correction, version: Int, publish: Bool, confirmed: Set<FieldName> = [],
        publishAnyway: Bool = false
    ) async throws -> SaveResult {
        guard listing.status != .extracting else { throw ServiceError.stillExtracting() }
        guard submission.errors.isEmpty else {
            throw ServiceError(
                .unprocessable, code: "invalid", "Some values need fixing.", issues: submission.errors)
        }
        let remaining = remainingIssues(listing, submission, confirmed: confirmed)
        if publish {
            let blocking = ListingValidator.publishingIssues(kind: submission.kind, fields: submission.fields)
            if !blocking.isEmpty {
                throw ServiceError(
                    .unprocessable, code: "not_publishable", "This listing cannot be published yet.",
                    issues: blocking)
            }
            let marks = Listing.marks(in: remaining)
            if !marks.isEmpty && !publishAnyway {
                throw ServiceError(
                    .unprocessable, code: "needs_look",
                    "Some values are marked for a look (\(Listing.markedFields(marks).map(\.rawValue).joined(separator: ", "))): "
                        + "confirm them, correct them, or publish anyway.",
                    issues: marks)
            }
        }
        let change = ListingChange(
            kind: submission.kind, fields: submission.fields, issues: remaining, publish: publish,
            confirmed: confirmed)
        let repository = self.repository
        let result = try await storing {
            try await repository.save(id: listing.id, expectedVersion: version, change: change)
        }
        if case .saved = result, publish { metrics.listingsPublished.increment() }
        return result
    }

    /// What changing the kind would drop: values the new kind has no field for (a not-a-listing's reason aside:
    /// it says why the paste was judged so, nothing a person entered).
    public func droppedByKindChange(_ listing: Listing, to kind: ListingKind) -> [FieldName] {
        listing.fields.keys.filter { $0 != .reason && FieldSchema.spec($0, in: kind) == nil }.sorted()
    }

    /// Changes the kind: the text is read again as that kind, the values both kinds share and the person's own
    /// values are kept (they win over the new reading), and the result is saved as a draft of the new kind.
    public func changeKind(_ listing: Listing, to kind: ListingKind, version: Int) async throws -> SaveResult {
        guard listing.status != .extracting else { throw ServiceError.stillExtracting() }
        var fresh = ExtractedListing(kind: kind)
        var runs: [ExtractionRun] = []
        if kind == .notListing {
            fresh.fields[.reason] = .text("Marked as not a listing by a person.")
        } else {
            let outcome = await pipeline.extract(listing.sourceText, pastedOn: listing.pastedOn, as: kind)
            metrics.recordExtraction(outcome)
            runs = outcome.runs
            fresh = outcome.listing
        }
        var fields: [FieldName: FieldValue] = [:]
        for (name, value) in fresh.fields where FieldSchema.spec(name, in: kind) != nil { fields[name] = value }
        for (name, value) in listing.fields where FieldSchema.spec(name, in: kind) != nil && name != .reason {
            fields[name] = value
        }
        // The new reading's marks on the values it gave; the kind is the person's now, not in doubt.
        let notes = fresh.issues.filter { issue in
            guard let field = issue.field else { return issue.code == .modelError }
            return issue.isMark && field != Issue.kindField && fields[field] == fresh.fields[field]
        }
        let change = ListingChange(
            kind: kind, fields: fields, issues: notes + ListingValidator.validate(kind: kind, fields: fields),
            reread: ExtractedDraft(
                kind: kind, fields: fresh.fields, evidence: fresh.evidence.filter { fields[$0.key] != nil },
                grades: fresh.grades.filter { fields[$0.key] == fresh.fields[$0.key] }, issues: fresh.issues),
            rereadRuns: runs)
        let repository = self.repository
        return try await storing {
            try await repository.save(id: listing.id, expectedVersion: version, change: change)
        }
    }

    /// The marks stay on fields the person has neither changed nor looked at (a kind doubt until the kind is
    /// changed or confirmed), with the notes that concern the whole listing; validation is recomputed.
    public func remainingIssues(_ listing: Listing, _ submission: Correction, confirmed: Set<FieldName> = []) -> [Issue]
    {
        let kept = listing.issues.filter { issue in
            guard !issue.blocksPublishing, submission.kind == listing.kind else { return false }
            guard let field = issue.field else { return true }
            guard issue.isMark, !confirmed.contains(field) else { return false }
            return field == Issue.kindField || submission.fields[field] == listing.fields[field]
        }
        return kept + ListingValidator.validate(kind: submission.kind, fields: submission.fields)
    }
}
