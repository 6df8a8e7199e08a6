import Desk
import Foundation
import HTTPTypes
import Hummingbird
import ListingCore
import Storage

/// The server-rendered pages (docs/API.md, "Pages"). Every page works without JavaScript.
struct PageController: Sendable {
    /// How long a plain form post waits for the draft before it shows the page that says the paste is being read.
    static let draftWait: Duration = .seconds(2)

    let service: ListingService
    let repository: any ListingRepository
    let renderer: PageRenderer
    /// Whether the sign-in page offers to make an account (`AccountSettings.openSignUp`).
    let openSignUp: Bool

    func register(on routes: Routes<AppRequestContext>) {
        routes.get(.home, use: index)
        routes.post(.listings, use: create)
        routes.get(.listings, use: list)
        routes.get(.listingsCSV, use: csv)
        routes.get(.listing(.key), use: show)
        routes.get(.review(.key), use: review)
        routes.get(.reviewDrafts, use: reviewDrafts)
        routes.post(.listing(.key), use: save)
        routes.post(.publish(.key), use: publish)
        routes.post(.kind(.key), use: changeKind)
        routes.post(.unpublish(.key), use: unpublish)
        routes.get(.delete(.key), use: deleteForm)
        routes.post(.delete(.key), use: delete)
        routes.get(.usage, use: usage)
        routes.get(.stats, use: stats)
        routes.get(.language, use: language)
    }

    /// `GET /language?to=ko&back=/path`: remembers the interface's language for a year and goes back to the page
    /// the person was on (a path of this site only).
    @Sendable func language(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let chosen = query["to"].flatMap({ Language(rawValue: String($0)) }) else {
            throw WebError.badRequest("to must be one of \(Language.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var response = Response.redirect(to: Viewer.localPath(query["back"].map(String.init)), type: .normal)
        response.setCookie(
            Cookie(
                name: Viewer.languageCookie, value: chosen.rawValue, maxAge: 365 * 24 * 3_600, path: "/",
                secure: request.uri.scheme == .https, httpOnly: true, sameSite: .lax))
        return response
    }

    /// The corrections dashboard.
    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let repository = self.repository
        // A member's own listings' corrections; an admin's, everyone's.
        let scope = service.access.ownScope(for: account.requester)
        let stats = try await service.storing { try await repository.correctionStats(days: 30, scope: scope) }
        var response = renderer.render(StatsPage(stats, viewer: Viewer(request, context)))
        // The sample of drafts is drawn anew on every visit.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Daily model usage for the operator: calls, failures, retries, tokens, cost, latency.
    @Sendable func usage(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let repository = self.repository
        let days = 30
        let rows = try await service.storing { try await repository.usage(days: days) }
        return renderer.render(UsagePage(days: days, usage: rows, viewer: Viewer(request, context)))
    }

    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        // While the database is away the paste form still shows (for a browser that holds a session): a paste sent
        // then is answered 503 with its text kept.
        if case .databaseUnavailable? = context.signInProblem {
            return await indexPage(
                text: "", message: nil, status: .ok, formToken: context.formToken, viewer: Viewer(request, context),
                showRecent: false)
        }
        _ = try context.requireAccount()
        return await indexPage(
            text: "", message: nil, status: .ok, formToken: context.formToken, viewer: Viewer(request, context))
    }

    func indexPage(
        text: String, message: String?, status: HTTPResponse.Status, formToken: String, viewer: Viewer,
        showRecent: Bool = true
    ) async -> Response {
        let repository = self.repository
        let recentFilter = service.filter(ListingFilter(), for: viewer.account?.requester ?? .anonymous)
        // The paste form works even while the database is away; only the recent list is missing then.
        let recent =
            showRecent
            ? ((try? await service.storing { try await repository.list(recentFilter, limit: 10, before: nil).items })
                ?? [])
            : []
        return renderer.render(
            IndexPage(text: text, message: message, recent: recent, formToken: formToken, viewer: viewer),
            status: status)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try FormBody(try await Requests.body(request, limit: .paste))
        let text = form["text"] ?? ""
        let viewer = Viewer(request, context)
        do {
            let account = try context.requireAccount()
            try Requests.checkToken(form, context: context)
            // The paste is stored before it is read; the review page says it is being read (and reloads) when
            // the draft takes longer than a moment, so that a browser without JavaScript is not left waiting.
            // The same text pasted again (a second try after an error, an import run twice): the person chooses.
            let id = try await WebError.answering {
                try await service.start(
                    text, by: account, refusingDuplicates: form["duplicate"] != "keep", waitingAtMost: Self.draftWait,
                    logger: context.logger)
            }
            return .redirect(to: SiteURL.review(.value(id)).path, type: .normal)
        } catch let pastedBefore as PastedBefore {
            return renderer.render(
                IndexPage(text: text, duplicateOf: pastedBefore.earlier, formToken: context.formToken, viewer: viewer),
                status: .conflict)
        } catch let error as WebError where error.status == .unauthorized {
            // Signed out (the session ended): the sign-in page keeps the paste and gives it back after.
            return renderer.render(
                SignInPage(
                    back: SiteURL.home.path, keptText: text, openSignUp: openSignUp, formToken: context.formToken,
                    viewer: viewer), status: .unauthorized)
        } catch let error as WebError {
            error.logIfServerFault(context.logger, path: request.uri.path)
            // The page keeps what was typed (minus NUL bytes, which no page can show) with the reason beside it.
            let recentUnavailable = error.status == .serviceUnavailable
            return await indexPage(
                text: text, message: viewer.labels.message(error), status: error.status, formToken: context.formToken,
                viewer: viewer, showRecent: !recentUnavailable)
        }
    }

    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        let viewer = Viewer(request, context)
        var view = ReviewPage(
            listing, kind: listing.kind, values: listing.fields, typed: [:], issues: listing.issues, message: nil,
            formToken: context.formToken, saved: request.uri.queryParameters["saved"] == "1", viewer: viewer)
        view.queue = try await queueBar(
            request.uri.queryParameters["queue"].map(String.init), at: listing, viewer, context.requester)
        var page = renderer.render(view)
        // Browsers reload on `Refresh`, with or without JavaScript, until the draft is there.
        if listing.status == .extracting { page.headers[.refresh] = "2" }
        return page
    }

    /// `GET /listings/queue`: the first of the drafts that need a look, the most to look at first (the list of
    /// drafts when none does).
    @Sendable func reviewDrafts(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let queue = ListingService.ReviewQueue.drafts
        guard let first = try await service.reviewQueue(queue, for: context.requester).first else {
            return .redirect(to: queue.home, type: .normal)
        }
        return .redirect(to: SiteURL.review(.value(first)).path(query: [("queue", queue.parameter)]), type: .normal)
    }

    /// The review queue's bar for a draft in it (`?queue=batch-12`); nil outside one, or when it is not in it.
    func queueBar(
        _ parameter: String?, at listing: Listing, _ viewer: Viewer, _ requester: Requester
    ) async throws -> ReviewPage.QueueBar? {
        guard let queue = parameter.flatMap(ListingService.ReviewQueue.init(parameter:)) else { return nil }
        // A draft looked at a moment ago has left the queue, but is still being reviewed in it.
        let order = try await service.reviewQueue(queue, for: requester)
        guard order.contains(listing.id) || listing.status == .draft else { return nil }
        return ReviewPage.QueueBar(
            parameter: queue.parameter, order: order, current: listing.id, back: queue.home, viewer: viewer)
    }

    func reviewPage(
        _ listing: Listing, kind: ListingKind, values: [FieldName: FieldValue], typed: [FieldName: String],
        issues: [Issue],
        message: String?, status: HTTPResponse.Status, formToken: String, viewer: Viewer, conflict: Listing? = nil,
        version: Int? = nil
    ) -> Response {
        renderer.render(
            ReviewPage(
                listing, kind: kind, values: values, typed: typed, issues: issues, message: message, conflict: conflict,
                version: version, formToken: formToken, viewer: viewer),
            status: status)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await submit(request, context: context, publish: false)
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await submit(request, context: context, publish: true)
    }

    /// `POST /listings/{id}/kind`: reads the text again as the chosen kind, after asking when values would be dropped.
    @Sendable func changeKind(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        let form = try FormBody(try await Requests.body(request, limit: .correction))
        let (kind, version) = try Self.kindAndVersion(form, listing: listing)
        return try await changeKind(
            listing, to: kind, version: version, form: form, context: context, viewer: Viewer(request, context))
    }

    func changeKind(
        _ listing: Listing, to kind: ListingKind, version: Int, form: FormBody, context: AppRequestContext,
        viewer: Viewer
    ) async throws -> Response {
        guard kind != listing.kind else { return .redirect(to: SiteURL.review(.value(listing.id)).path, type: .normal) }
        let dropped = service.droppedByKindChange(listing, to: kind)
        if !dropped.isEmpty && form["confirm"] != "1" {
            return renderer.render(
                KindChangePage(
                    listing, to: kind, dropping: dropped, version: version, formToken: context.formToken,
                    viewer: viewer))
        }
        try Requests.checkToken(form, context: context)
        switch try await service.changeKind(listing, to: kind, version: version) {
        case .saved(let saved):
            return .redirect(to: SiteURL.review(.value(saved.id)).path, type: .normal)
        case .notFound:
            throw WebError.notFound()
        case .stillExtracting:
            throw WebError.stillExtracting()
        case .conflict(let current):
            return reviewPage(
                current, kind: current.kind, values: current.fields, typed: [:], issues: current.issues,
                message: viewer.labels.conflictOnKindChange, status: .conflict, formToken: context.formToken,
                viewer: viewer, conflict: current, version: current.version)
        }
    }

    /// The kind a form names (the listing's own when it names none) and the version it was read at.
    static func kindAndVersion(_ form: FormBody, listing: Listing) throws -> (ListingKind, Int) {
        guard let versionText = form["version"], let version = Int(versionText) else {
            throw WebError.badRequest("The form is missing its version; reload the page and try again.")
        }
        guard let kindText = form["kind"], !kindText.isEmpty else { return (listing.kind, version) }
        guard let kind = ListingKind(rawValue: kindText) else {
            throw WebError.badRequest("Unknown kind “\(kindText)”.")
        }
        return (kind, version)
    }

    /// Saves the review form (and publishes when asked). A form that sends only `version` publishes what is stored.
    /// A form that names another kind is a kind change: it is never ignored, and never done without reading the
    /// text again.
    func submit(_ request: Request, context: AppRequestContext, publish: Bool) async throws -> Response {
        let id = try Requests.id(context)
        let form = try FormBody(try await Requests.body(request, limit: .correction))
        let viewer = Viewer(request, context)
        let listing: Listing
        do {
            // A database that could not say who is asking cannot show the listing either: what was typed comes
            // back in a form that saves it again.
            if case .databaseUnavailable(let error)? = context.signInProblem { throw error }
            listing = try await WebError.answering { try await service.findToChange(id, for: context.requester) }
        } catch let error as WebError where error.code == "database_unavailable" {
            error.logIfServerFault(context.logger, path: request.uri.path)
            return renderer.render(
                UnsavedPage(
                    action: request.uri.path, form: form, message: viewer.labels.message(error),
                    formToken: context.formToken, viewer: viewer),
                status: .serviceUnavailable)
        }
        let (kind, version) = try Self.kindAndVersion(form, listing: listing)
        if kind != listing.kind {
            return try await changeKind(
                listing, to: kind, version: version, form: form, context: context, viewer: viewer)
        }
        let sentFields =
            FieldSchema.allFields.contains { form.values[$0.name.rawValue] != nil } || form["fields_sent"] != nil
        var submitted: [FieldName: SubmittedValue] = [:]
        if sentFields {
            for spec in FieldSchema.fields(for: kind) {
                if case .options = spec.type {
                    let chosen = (form.values[spec.name.rawValue] ?? []).filter { !$0.isEmpty }
                    submitted[spec.name] = chosen.isEmpty ? .clear : .typed(chosen.joined(separator: ", "))
                } else if let value = form[spec.name.rawValue] {
                    submitted[spec.name] = value.trimmingCharacters(in: .whitespaces).isEmpty ? .clear : .typed(value)
                } else if kind == listing.kind {
                    submitted[spec.name] = .clear
                }
            }
        }
        // One of the values the text offers, chosen with one click (`field=value`, or a deposit and its rent
        // joined by `;`): it replaces the fields' values, and is saved.
        var publish = publish
        // A marked value looked at and kept (`look`, one click each; `kind` for a kind in doubt): its mark goes. A
        // choice is a look at the fields it sets too.
        var looked = Set((form.values["look"] ?? []).prefix(64).map { FieldName($0) })
        for assignment in (form["choose"] ?? "").split(separator: ";") {
            guard let equals = assignment.firstIndex(of: "="),
                let spec = FieldSchema.spec(FieldName(String(assignment[..<equals])), in: kind)
            else { continue }
            submitted[spec.name] = .typed(String(assignment[assignment.index(after: equals)...]))
            looked.insert(spec.name)
            publish = false
        }
        if form.values["look"] != nil { publish = false }
        // A kind change keeps the values the new kind shares (title, price, currency, location).
        let submission = service.read(
            kind: kind, submitted: submitted, current: listing, keepUnsent: !sentFields || kind != listing.kind)
        // Marks left on values as read: publishing asks once, naming them, before it goes ahead (the values are
        // saved meanwhile, so nothing typed is lost). The API's rule is the same (`ListingService.save`).
        let marked = Listing.markedFields(service.remainingIssues(listing, submission, confirmed: looked))
        let anyway = form["confirm_look"] == "1"
        // A draft reviewed in a queue goes on to the next one once published.
        let queue = form["queue"].flatMap(ListingService.ReviewQueue.init(parameter:))
        var queued: [Int64]?
        if let queue, publish { queued = try await service.reviewQueue(queue, for: context.requester) }
        let askFirst = publish && !marked.isEmpty && !anyway && submission.errors.isEmpty
        do {
            return try await WebError.answering {
                // Checked here rather than before reading: a refused token shows the form again with what was typed.
                try Requests.checkToken(form, context: context)
                switch try await service.save(
                    listing, submission: submission, version: version, publish: publish && !askFirst, confirmed: looked,
                    publishAnyway: anyway)
                {
                case .saved(let saved) where askFirst:
                    let names = marked.map { name in
                        FieldSchema.spec(name, in: saved.kind).map(viewer.labels.field) ?? viewer.labels[.kind]
                    }
                    return renderer.render(
                        ReviewPage(
                            saved, kind: saved.kind, values: saved.fields, typed: [:], issues: saved.issues,
                            message: viewer.labels.savedNotPublished(marked: names),
                            formToken: context.formToken, confirmPublishing: true, viewer: viewer))
                case .saved(let saved):
                    if publish, let queue, let queued {
                        return .redirect(
                            to: try await nextInQueue(queue, after: saved.id, was: queued, context), type: .normal)
                    }
                    let next =
                        publish
                        ? SiteURL.listing(.value(saved.id)).path
                        : SiteURL.review(.value(saved.id)).path(
                            query: [("saved", "1")] + (queue.map { [("queue", $0.parameter)] } ?? []))
                    return .redirect(to: next, type: .normal)
                case .notFound:
                    throw WebError.notFound()
                case .stillExtracting:
                    throw WebError.stillExtracting()
                case .conflict(let current):
                    return reviewPage(
                        current, kind: kind, values: submission.fields, typed: submission.typed, issues: [],
                        message: viewer.labels.conflictWhileEditing, status: .conflict, formToken: context.formToken,
                        viewer: viewer, conflict: current, version: current.version)
                }
            }
        } catch let error as WebError
            where [.unprocessableContent, .forbidden, .serviceUnavailable].contains(error.status)
        {
            // The form again with what was typed, whatever refused it: nothing the person typed is lost.
            return reviewPage(
                listing, kind: kind, values: submission.fields, typed: submission.typed,
                issues: error.issues, message: viewer.labels.message(error), status: error.status,
                formToken: context.formToken, viewer: viewer, version: version)
        }
    }

    /// The next draft of a queue after `current`, or the batch page when none is left to look at.
    func nextInQueue(
        _ queue: ListingService.ReviewQueue, after current: Int64, was old: [Int64], _ context: AppRequestContext
    ) async throws -> String {
        let now = try await service.reviewQueue(queue, for: context.requester)
        guard let next = ListingService.next(after: current, was: old, now: now) else {
            switch queue {
            case .batch(let id): return SiteURL.batch(.value(id)).path(query: [("reviewed", "1")])
            case .drafts: return queue.home
            }
        }
        return SiteURL.review(.value(next)).path(query: [("queue", queue.parameter)])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.find(try Requests.id(context), for: context.requester)
        return renderer.render(
            ShowPage(
                listing, canChange: service.access.mayChange(owner: listing.ownerID, as: context.requester),
                formToken: context.formToken, viewer: Viewer(request, context)))
    }

    /// `POST /listings/{id}/unpublish`: a published listing back to a draft.
    @Sendable func unpublish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        let form = try await Requests.form(request, context: context, limit: .correction)
        let (_, version) = try Self.kindAndVersion(form, listing: listing)
        switch try await service.unpublish(listing, version: version) {
        case .saved(let saved):
            return .redirect(to: SiteURL.review(.value(saved.id)).path, type: .normal)
        case .conflict(let current):
            // Someone saved in between: the listing as it is now, to look at before taking it down.
            return .redirect(to: SiteURL.listing(.value(current.id)).path, type: .normal)
        case .notFound, .stillExtracting:
            throw WebError.notFound()
        }
    }

    @Sendable func deleteForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        return renderer.render(DeletePage(listing, formToken: context.formToken, viewer: Viewer(request, context)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        _ = try await Requests.form(request, context: context, limit: .correction)
        try await service.delete(listing)
        return .redirect(to: SiteURL.listings.path, type: .normal)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let filter = try listFilter(request, context: context)
        let cursor = try Requests.cursor(request)
        let repository = self.repository
        let page = try await service.storing { try await repository.list(filter, limit: 25, before: cursor) }
        return renderer.render(ListPage(page: page, filter: filter, viewer: Viewer(request, context)))
    }

    /// The list's filter, over the listings the requester may see; nobody signed in is asked to sign in, unless
    /// the operator opened the published listings to anyone.
    func listFilter(_ request: Request, context: AppRequestContext) throws -> ListingFilter {
        if context.identity == nil && !service.access.publishedOpenToAnyone { _ = try context.requireAccount() }
        return service.filter(try Requests.filter(request), for: context.requester)
    }

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let filter = try listFilter(request, context: context)
        let withBOM = request.uri.queryParameters["bom"].map(String.init) != "0"
        // Field names and codes by default (what programs read); `?header=ko` or `en` writes it for people: columns
        // and values in words, times in their zone.
        let language = try request.uri.queryParameters["header"].map { value in
            guard let language = Language(rawValue: String(value)) else {
                throw WebError.badRequest("header must be ko or en (or left out for field names).")
            }
            return language
        }
        let zone = Viewer(request, context).timeZone
        let labels = language.map(Labels.of)
        let header = labels.map(CSVExport.header(in:)) ?? CSVExport.header
        let repository = self.repository
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        let name = CSVExport.fileName(on: Date(), zone: zone, language: language)
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var buffer = ByteBuffer(string: (withBOM ? CSVExport.byteOrderMark : "") + header)
                func add(_ line: ByteBuffer) async throws {
                    buffer.writeImmutableBuffer(line)
                    if buffer.readableBytes > 32_768 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if let labels {
                    // Values in words, written from each row as COPY hands it on (the same stream, read as values).
                    try await repository.exportRows(filter, line: { CSVExport.row($0, in: labels, zone: zone) }) {
                        try await add($0)
                    }
                } else {
                    // Lines written by the database (the same cells as `CSVExport.row`), in 32 kB writes.
                    try await repository.exportCSV(filter) { try await add($0) }
                }
                try await writer.write(buffer)
                try await writer.finish(nil)
            })
    }
}

extension HTTPField.Name {
    /// Reload after the given seconds: a page that waits for something without needing JavaScript.
    static let refresh = Self("Refresh")!
}
