import Foundation
import HTTPTypes
import Hummingbird
import ListingCore
import Storage

/// The server-rendered pages (docs/API.md, "Pages"). Every page works without JavaScript.
struct PageController: Sendable {
    let service: ListingService
    let repository: any ListingRepository
    let renderer: PageRenderer

    func register(on routes: Routes<AppRequestContext>) {
        routes.get(.home, use: index)
        routes.post(.listings, use: create)
        routes.get(.listings, use: list)
        routes.get(.listingsCSV, use: csv)
        routes.get(.listing(.key), use: show)
        routes.get(.review(.key), use: review)
        routes.post(.listing(.key), use: save)
        routes.post(.publish(.key), use: publish)
        routes.post(.kind(.key), use: changeKind)
        routes.get(.usage, use: usage)
        routes.get(.stats, use: stats)
    }

    /// The corrections dashboard.
    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let repository = self.repository
        let stats = try await service.storing { try await repository.correctionStats(days: 30) }
        var response = renderer.render(StatsPage(stats))
        // The sample of drafts is drawn anew on every visit.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Daily model usage for the operator: calls, failures, retries, tokens, cost, latency.
    @Sendable func usage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let repository = self.repository
        let days = 30
        let rows = try await service.storing { try await repository.usage(days: days) }
        return renderer.render(UsagePage(days: days, usage: rows))
    }

    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        await indexPage(text: "", message: nil, status: .ok, formToken: context.formToken)
    }

    func indexPage(
        text: String, message: String?, status: HTTPResponse.Status, formToken: String, showRecent: Bool = true
    ) async -> Response {
        let repository = self.repository
        // The paste form works even while the database is away; only the recent list is missing then.
        let recent =
            showRecent
            ? ((try? await service.storing { try await repository.list(ListingFilter(), limit: 10, before: nil).items })
                ?? [])
            : []
        return renderer.render(
            IndexPage(text: text, message: message, recent: recent, formToken: formToken), status: status)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try FormBody(try await Requests.body(request, limit: .paste))
        let text = form["text"] ?? ""
        do {
            try Requests.checkToken(form, context: context)
            let listing = try await service.create(text)
            return .redirect(to: SiteURL.review(.value(listing.id)).path, type: .normal)
        } catch let error as WebError {
            error.logIfServerFault(context.logger, path: request.uri.path)
            // The page keeps what was typed (minus NUL bytes, which no page can show) with the reason beside it.
            let recentUnavailable = error.status == .serviceUnavailable
            return await indexPage(
                text: text, message: error.message, status: error.status, formToken: context.formToken,
                showRecent: !recentUnavailable)
        }
    }

    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.find(try Requests.id(context))
        var page = renderer.render(
            ReviewPage(
                listing, kind: listing.kind, values: listing.fields, typed: [:], issues: listing.issues, message: nil,
                formToken: context.formToken, saved: request.uri.queryParameters["saved"] == "1"))
        // Browsers reload on `Refresh`, with or without JavaScript, until the draft is there.
        if listing.status == .extracting { page.headers[.refresh] = "3" }
        return page
    }

    func reviewPage(
        _ listing: Listing, kind: ListingKind, values: [FieldName: FieldValue], typed: [FieldName: String],
        issues: [Issue],
        message: String?, status: HTTPResponse.Status, formToken: String, conflict: Listing? = nil, version: Int? = nil
    ) -> Response {
        renderer.render(
            ReviewPage(
                listing, kind: kind, values: values, typed: typed, issues: issues, message: message, conflict: conflict,
                version: version, formToken: formToken),
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
        let listing = try await service.find(try Requests.id(context))
        let form = try FormBody(try await Requests.body(request, limit: .correction))
        let (kind, version) = try Self.kindAndVersion(form, listing: listing)
        return try await changeKind(listing, to: kind, version: version, form: form, context: context)
    }

    func changeKind(
        _ listing: Listing, to kind: ListingKind, version: Int, form: FormBody, context: AppRequestContext
    ) async throws -> Response {
        guard kind != listing.kind else { return .redirect(to: SiteURL.review(.value(listing.id)).path, type: .normal) }
        let dropped = service.droppedByKindChange(listing, to: kind)
        if !dropped.isEmpty && form["confirm"] != "1" {
            return renderer.render(
                KindChangePage(listing, to: kind, dropping: dropped, version: version, formToken: context.formToken))
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
                message: "Someone saved this listing in the meantime, so its kind was not changed. Look again and "
                    + "change it if it is still wrong.",
                status: .conflict, formToken: context.formToken, conflict: current, version: current.version)
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
        let listing = try await service.find(try Requests.id(context))
        let form = try FormBody(try await Requests.body(request, limit: .correction))
        let (kind, version) = try Self.kindAndVersion(form, listing: listing)
        if kind != listing.kind {
            return try await changeKind(listing, to: kind, version: version, form: form, context: context)
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
        // One of the values the text offers, chosen with one click: it replaces the field's value, and is saved.
        var publish = publish
        if let choice = form["choose"], let equals = choice.firstIndex(of: "="),
            let spec = FieldSchema.spec(FieldName(String(choice[..<equals])), in: kind)
        {
            submitted[spec.name] = .typed(String(choice[choice.index(after: equals)...]))
            publish = false
        }
        // A kind change keeps the values the new kind shares (title, price, currency, location).
        let submission = service.read(
            kind: kind, submitted: submitted, current: listing, keepUnsent: !sentFields || kind != listing.kind)
        // Values the text does not plainly state, left as read: publishing asks once before it goes ahead (the
        // values are saved meanwhile, so nothing typed is lost).
        let unchecked = FieldSchema.fields(for: kind).map(\.name).filter { name in
            [.inferred, .unsupported].contains(listing.grades[name]) && !listing.correctedFields.contains(name)
                && submission.fields[name] != nil && submission.fields[name] == listing.fields[name]
        }
        let askFirst = publish && !unchecked.isEmpty && form["confirm_look"] != "1" && submission.errors.isEmpty
        do {
            // Checked here rather than before reading: a refused token shows the form again with what was typed.
            try Requests.checkToken(form, context: context)
            switch try await service.save(
                listing, submission: submission, version: version, publish: publish && !askFirst)
            {
            case .saved(let saved) where askFirst:
                let count = unchecked.count == 1 ? "1 value is" : "\(unchecked.count) values are"
                return renderer.render(
                    ReviewPage(
                        saved, kind: saved.kind, values: saved.fields, typed: [:], issues: saved.issues,
                        message: "Saved, not published yet: \(count) not plainly stated in the text. Check them, or "
                            + "publish anyway.",
                        formToken: context.formToken, confirmPublishing: true))
            case .saved(let saved):
                let next =
                    publish
                    ? SiteURL.listing(.value(saved.id)).path
                    : SiteURL.review(.value(saved.id)).path(query: [("saved", "1")])
                return .redirect(to: next, type: .normal)
            case .notFound:
                throw WebError.notFound()
            case .stillExtracting:
                throw WebError.stillExtracting()
            case .conflict(let current):
                return reviewPage(
                    current, kind: kind, values: submission.fields, typed: submission.typed, issues: [],
                    message: "Someone saved this listing while you were editing. Your values are in the form; "
                        + "the saved ones are listed beside it. Save again to keep yours.",
                    status: .conflict, formToken: context.formToken, conflict: current, version: current.version)
            }
        } catch let error as WebError
            where [.unprocessableContent, .forbidden, .serviceUnavailable].contains(error.status)
        {
            // The form again with what was typed, whatever refused it: nothing the person typed is lost.
            return reviewPage(
                listing, kind: kind, values: submission.fields, typed: submission.typed,
                issues: error.issues, message: error.message, status: error.status, formToken: context.formToken,
                version: version)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        renderer.render(ShowPage(try await service.find(try Requests.id(context))))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let filter = try Requests.filter(request)
        let cursor = try Requests.cursor(request)
        let repository = self.repository
        let page = try await service.storing { try await repository.list(filter, limit: 25, before: cursor) }
        return renderer.render(ListPage(page: page, filter: filter))
    }

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let filter = try Requests.filter(request)
        let withBOM = request.uri.queryParameters["bom"].map(String.init) != "0"
        let repository = self.repository
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"listings.csv\""
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var buffer = ByteBuffer(string: (withBOM ? CSVExport.byteOrderMark : "") + CSVExport.header)
                try await repository.export(filter) { listing in
                    buffer.writeString(CSVExport.row(listing))
                    if buffer.readableBytes > 32_768 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
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
