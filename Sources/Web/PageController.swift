import Foundation
import Hummingbird
import ListingCore
import Storage

/// The server-rendered pages (docs/API.md "Pages"). Every page works without JavaScript.
struct PageController: Sendable {
    let service: ListingService
    let repository: any ListingRepository
    let renderer: PageRenderer

    func register(on router: Router<some RequestContext>) {
        router.get("/", use: index)
        router.post("/listings", use: create)
        router.get("/listings", use: list)
        router.get("/listings.csv", use: csv)
        router.get("/listings/:id", use: show)
        router.get("/listings/:id/review", use: review)
        router.post("/listings/:id", use: save)
        router.post("/listings/:id/publish", use: publish)
        router.get("/usage", use: usage)
    }

    /// Daily model usage for the operator: calls, failures, retries, tokens, cost, latency.
    @Sendable func usage(_ request: Request, context: some RequestContext) async throws -> Response {
        let repository = self.repository
        let days = 30
        let rows = try await service.storing { try await repository.usage(days: days) }
        return renderer.render("usage", [
            "title": "Model usage", "days": days, "hasRows": !rows.isEmpty,
            "rows": rows.map { row in
                [
                    "day": row.day, "model": row.model, "calls": Formatting.grouped(row.calls),
                    "failures": Formatting.grouped(row.failures), "retries": Formatting.grouped(row.retries),
                    "promptTokens": Formatting.grouped(row.promptTokens),
                    "completionTokens": Formatting.grouped(row.completionTokens),
                    "cost": row.costUSD.map { String(format: "%.4f", $0) } ?? "—",
                    "latency": Formatting.grouped(row.averageLatencyMilliseconds),
                ]
            },
        ] as [String: Any])
    }

    @Sendable func index(_ request: Request, context: some RequestContext) async throws -> Response {
        await indexPage(text: "", message: nil, status: .ok)
    }

    func indexPage(text: String, message: String?, status: HTTPResponse.Status, showRecent: Bool = true) async -> Response {
        let repository = self.repository
        // The paste form works even while the database is away; only the recent list is missing then.
        let recent = showRecent
            ? ((try? await service.storing { try await repository.list(ListingFilter(), limit: 10, before: nil).items }) ?? [])
                .map(Views.row)
            : []
        return renderer.render("index", [
            "title": "Paste a listing", "text": text, "message": message ?? "", "hasMessage": message != nil,
            "recent": recent, "hasRecent": !recent.isEmpty, "maxCharacters": Formatting.grouped(TextInput.maxCharacters),
        ] as [String: Any], status: status)
    }

    @Sendable func create(_ request: Request, context: some RequestContext) async throws -> Response {
        let form = try await Requests.form(request)
        let text = form["text"] ?? ""
        do {
            let listing = try await service.create(text)
            return .redirect(to: "/listings/\(listing.id)/review", type: .normal)
        } catch let error as WebError {
            error.logIfServerFault(context.logger, path: request.uri.path)
            // The page keeps what was typed (minus NUL bytes, which no page can show) with the reason beside it.
            let recentUnavailable = error.status == .serviceUnavailable
            return await indexPage(
                text: text.replacingOccurrences(of: "\u{0}", with: ""), message: error.message, status: error.status,
                showRecent: !recentUnavailable)
        }
    }

    @Sendable func review(_ request: Request, context: some RequestContext) async throws -> Response {
        let listing = try await service.find(try Requests.id(context))
        return reviewPage(listing, kind: listing.kind, values: listing.fields, typed: [:], issues: listing.issues,
                          message: nil, status: .ok)
    }

    func reviewPage(
        _ listing: Listing, kind: ListingKind, values: [String: FieldValue], typed: [String: String], issues: [Issue],
        message: String?, status: HTTPResponse.Status, conflict: Listing? = nil, version: Int? = nil
    ) -> Response {
        let fields = Views.fields(kind: kind, values: values, typed: typed, issues: issues,
                                  corrected: listing.correctedFields, evidence: listing.evidence)
        let blockers = ListingValidator.publishingIssues(kind: kind, fields: values)
        var theirs: [[String: String]] = []
        if let conflict {
            let currency = conflict.fields["currency"]?.textValue ?? "KRW"
            for spec in FieldSchema.fields(for: conflict.kind) {
                let mineValue = values[spec.name]
                let theirValue = conflict.fields[spec.name]
                theirs.append([
                    "label": spec.label,
                    "value": theirValue.map { Formatting.value($0, spec: spec, currency: currency) } ?? "—",
                    "differs": mineValue != theirValue ? "differs" : "",
                ])
            }
        }
        let reason = listing.fields["reason"]?.textValue ?? ""
        return renderer.render("review", [
            "title": "Review listing #\(listing.id)",
            "id": listing.id, "version": version ?? listing.version, "status": listing.status.rawValue,
            "kind": kind.rawValue, "kindLabel": kind.label, "kinds": Views.kindChoices(kind),
            "isNotListing": kind == .notListing, "reason": reason,
            "source": Formatting.highlighted(listing.sourceText, evidence: listing.evidence),
            "fields": fields, "message": message ?? "", "hasMessage": message != nil,
            "blockerCount": blockers.count, "hasBlockers": !blockers.isEmpty,
            "blockerText": blockers.count == 1 ? "1 field needs a look" : "\(blockers.count) fields need a look",
            "firstBlocker": blockers.first?.field ?? "",
            "blockers": blockers.map { ["field": $0.field ?? "", "message": $0.message] },
            "hasConflict": conflict != nil, "theirs": theirs,
            "generalIssues": issues.filter { $0.field == nil }.map(\.message),
        ] as [String: Any], status: status)
    }

    @Sendable func save(_ request: Request, context: some RequestContext) async throws -> Response {
        try await submit(request, context: context, publish: false)
    }

    @Sendable func publish(_ request: Request, context: some RequestContext) async throws -> Response {
        try await submit(request, context: context, publish: true)
    }

    /// Saves the review form (and publishes when asked). A form that sends only `version` publishes what is stored.
    func submit(_ request: Request, context: some RequestContext, publish: Bool) async throws -> Response {
        let listing = try await service.find(try Requests.id(context))
        let form = try await Requests.form(request)
        guard let versionText = form["version"], let version = Int(versionText) else {
            throw WebError.badRequest("The form is missing its version; reload the page and try again.")
        }
        var kind = listing.kind
        if let kindText = form["kind"], !kindText.isEmpty {
            guard let parsed = ListingKind(rawValue: kindText) else { throw WebError.badRequest("Unknown kind “\(kindText)”.") }
            kind = parsed
        }
        let sentFields = FieldSchema.allFields.contains { form.values[$0.name] != nil } || form["fields_sent"] != nil
        var submitted: [String: SubmittedValue] = [:]
        if sentFields {
            for spec in FieldSchema.fields(for: kind) {
                if case .options = spec.type {
                    let chosen = (form.values[spec.name] ?? []).filter { !$0.isEmpty }
                    submitted[spec.name] = chosen.isEmpty ? .clear : .typed(chosen.joined(separator: ", "))
                } else if let value = form[spec.name] {
                    submitted[spec.name] = value.trimmingCharacters(in: .whitespaces).isEmpty ? .clear : .typed(value)
                } else if kind == listing.kind {
                    submitted[spec.name] = .clear
                }
            }
        }
        // A kind change keeps the values the new kind shares (title, price, currency, location).
        let submission = service.read(kind: kind, submitted: submitted, current: listing, keepUnsent: !sentFields || kind != listing.kind)
        do {
            switch try await service.save(listing, submission: submission, version: version, publish: publish) {
            case .saved(let saved):
                return .redirect(to: publish ? "/listings/\(saved.id)" : "/listings/\(saved.id)/review", type: .normal)
            case .notFound:
                throw WebError.notFound()
            case .conflict(let current):
                return reviewPage(
                    current, kind: kind, values: submission.fields, typed: submission.typed, issues: [],
                    message: "Someone saved this listing while you were editing. Your values are in the form; "
                        + "the saved ones are listed beside it. Save again to keep yours.",
                    status: .conflict, conflict: current, version: current.version)
            }
        } catch let error as WebError where error.status == .unprocessableContent {
            return reviewPage(listing, kind: kind, values: submission.fields, typed: submission.typed,
                              issues: error.issues + submission.errors, message: error.message, status: .unprocessableContent,
                              version: version)
        }
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let listing = try await service.find(try Requests.id(context))
        let currency = listing.fields["currency"]?.textValue ?? "KRW"
        let rows: [[String: String]] = FieldSchema.fields(for: listing.kind).compactMap { spec in
            guard let value = listing.fields[spec.name] else { return nil }
            return ["label": spec.label, "value": Formatting.value(value, spec: spec, currency: currency)]
        }
        return renderer.render("listing", [
            "title": listing.fields["title"]?.textValue ?? "Listing #\(listing.id)", "id": listing.id,
            "status": listing.status.rawValue, "isDraft": listing.status == .draft,
            "isRejected": listing.status == .rejected, "isPublished": listing.status == .published,
            "kindLabel": listing.kind.label, "rows": rows, "source": listing.sourceText,
            "published": listing.publishedAt.map(Formatting.timestamp) ?? "",
        ] as [String: Any])
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let filter = try Requests.filter(request)
        let cursor = request.uri.queryParameters["cursor"].flatMap { Int64(String($0)) }
        let repository = self.repository
        let page = try await service.storing { try await repository.list(filter, limit: 25, before: cursor) }
        var query: [String] = []
        if let kind = filter.kind { query.append("kind=\(kind.rawValue)") }
        if let status = filter.status { query.append("status=\(status.rawValue)") }
        if let text = filter.query { query.append("q=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        let base = query.joined(separator: "&")
        return renderer.render("list", [
            "title": "Listings", "items": page.items.map(Views.row), "hasItems": !page.items.isEmpty,
            "q": filter.query ?? "",
            "kinds": ListingKind.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == filter.kind] },
            "statuses": ListingStatus.allCases.map { ["value": $0.rawValue, "selected": $0 == filter.status] },
            "next": page.nextCursor.map { "/listings?\(base.isEmpty ? "" : base + "&")cursor=\($0)" } ?? "",
            "hasNext": page.nextCursor != nil, "csv": "/listings.csv" + (base.isEmpty ? "" : "?" + base),
        ] as [String: Any])
    }

    @Sendable func csv(_ request: Request, context: some RequestContext) async throws -> Response {
        let filter = try Requests.filter(request)
        let withBOM = request.uri.queryParameters["bom"].map(String.init) != "0"
        let repository = self.repository
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"listings.csv\""
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
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
