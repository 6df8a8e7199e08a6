import Desk
import Foundation
import Hummingbird
import ListingCore
import Storage

/// The JSON API (docs/API.md "JSON API"), with the same validation and errors as the pages.
struct APIController: Sendable {
    let service: ListingService
    let repository: any ListingRepository
    let description: APIDescription

    func register(on routes: Routes<AppRequestContext>) {
        routes.get(.api(.openAPIDocument), use: document)
        routes.post(.api(.extract), use: extract)
        routes.post(.api(.listings), use: create)
        routes.get(.api(.listings), use: list)
        routes.get(.api(.listing(.key)), use: show)
        routes.patch(.api(.listing(.key)), use: update)
        routes.post(.api(.publish(.key)), use: publish)
        routes.post(.api(.unpublish(.key)), use: unpublish)
        routes.delete(.api(.listing(.key)), use: delete)
        routes.post(.api(.batchPublishClean(.key)), use: publishClean)
        routes.get(.api(.usage), use: usage)
    }

    /// `GET /api/v1/openapi.json`: this API's OpenAPI description; anyone may read it.
    @Sendable func document(_ request: Request, context: AppRequestContext) async throws -> Response {
        try description.response()
    }

    /// `POST /api/v1/batches/{id}/publish-clean`: publishes the batch's drafts that need no look, as stored; answers
    /// `{"published": [listing], "left": [{"id", "title", "reason", "fields", "issues"}]}` (docs/API.md).
    @Sendable func publishClean(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let result = try await service.publishClean(batch: try Requests.id(context), for: context.requester)
        return JSONAnswer.response(
            .object([
                "published": .array(result.published.map(JSONAnswer.listing)),
                "left": .array(
                    result.left.map { left in
                        var object: [String: JSONValue] = [
                            "id": .int(Int(left.listingID)), "title": .string(left.title),
                            "reason": .string(JSONAnswer.code(left.reason)),
                        ]
                        switch left.reason {
                        case .marked(let fields): object["fields"] = .array(fields.map { .string($0.rawValue) })
                        case .blocked(let issues): object["issues"] = JSONAnswer.issues(issues)
                        case .notRead, .changed: break
                        }
                        return .object(object)
                    }),
            ]))
    }

    /// `{"days": [{"day", "model", "calls", "failures", "retries", "prompt_tokens", "completion_tokens", "cost_usd",
    /// "average_latency_ms"}]}` over the last 30 days.
    @Sendable func usage(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let repository = self.repository
        let rows = try await service.storing { try await repository.usage(days: 30) }
        return JSONAnswer.response(
            .object([
                "days": .array(
                    rows.map { row in
                        .object([
                            "day": .string(row.day), "model": .string(row.model), "calls": .int(row.calls),
                            "failures": .int(row.failures), "retries": .int(row.retries),
                            "prompt_tokens": .int(row.promptTokens),
                            "completion_tokens": .int(row.completionTokens),
                            "cost_usd": row.costUSD.map { .double($0) } ?? .null,
                            "average_latency_ms": .int(row.averageLatencyMilliseconds),
                        ])
                    })
            ]))
    }

    struct TextBody: Decodable {
        let text: String?
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, limit: BodyLimit) async throws -> T {
        let buffer = try await Requests.json(request, limit: limit)
        guard buffer.readableBytes > 0 else { throw WebError.badRequest("The request body is empty; send JSON.") }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch {
            throw WebError.badRequest("The body is not the JSON this endpoint takes (\(describe(error))).")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: "not valid JSON"
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "unreadable"
        }
    }

    static func text(_ request: Request) async throws -> String {
        let body = try await decode(TextBody.self, request, limit: .paste)
        guard let text = body.text else { throw WebError.badRequest("The body needs a \"text\" string.") }
        return text
    }

    @Sendable func extract(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Nothing is stored, but the model's tokens are spent: only for accounts.
        let account = try context.requireAccount()
        let outcome = try await service.preview(try await Self.text(request), by: account)
        let last = outcome.runs.last
        return JSONAnswer.response(
            .object([
                "kind": .string(outcome.listing.kind.rawValue),
                "fields": JSONAnswer.fields(outcome.listing.fields),
                "evidence": JSONAnswer.evidence(outcome.listing.evidence),
                "grades": JSONAnswer.grades(outcome.listing.grades),
                "model": outcome.answeredBy.map(JSONValue.string) ?? .null,
                "fallback_from": outcome.fallbackFrom.map(JSONValue.string) ?? .null,
                "issues": JSONAnswer.issues(outcome.listing.issues),
                "notes": JSONAnswer.notes(outcome.listing.issues),
                "run": .object([
                    "model": .string(last?.model ?? ""),
                    "latency_ms": .int(outcome.runs.reduce(0) { $0 + $1.latencyMilliseconds }),
                    "prompt_tokens": .int(outcome.runs.reduce(0) { $0 + $1.promptTokens }),
                    "completion_tokens": .int(outcome.runs.reduce(0) { $0 + $1.completionTokens }),
                ]),
            ]))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let listing = try await service.create(try await Self.text(request), by: account)
        return JSONAnswer.response(
            JSONAnswer.listing(listing), status: .created, location: SiteURL.api(.listing(.value(listing.id))).path)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONAnswer.response(
            JSONAnswer.listing(try await service.find(try Requests.id(context), for: context.requester)))
    }

    struct PatchBody: Decodable {
        var version: Int?
        var kind: String?
        var fields: [String: JSONValue]?
        /// `true`: publish with the marks left (publish anyway); a list of fields (`"kind"` among them): the marks
        /// looked at and kept, which go.
        var confirm: Confirmation?

        init(version: Int?, kind: String? = nil, fields: [String: JSONValue]? = nil, confirm: Confirmation? = nil) {
            self.version = version
            self.kind = kind
            self.fields = fields
            self.confirm = confirm
        }
    }

    /// What `confirm` says: every mark (publish anyway), or the marks of some fields.
    enum Confirmation: Decodable {
        case all
        case fields([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = flag ? .all : .fields([])
            } else {
                self = .fields(try container.decode([String].self))
            }
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        let body = try await Self.decode(PatchBody.self, request, limit: .correction)
        return try await apply(body, to: listing, publish: false)
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        var body = PatchBody(version: listing.version)
        // An empty body publishes what is stored; a body must be JSON.
        let buffer = try await Requests.body(request, limit: .correction)
        if buffer.readableBytes > 0 {
            try Requests.requireJSON(request)
            do {
                body = try JSONDecoder().decode(PatchBody.self, from: Data(buffer.readableBytesView))
            } catch {
                throw WebError.badRequest("The body is not the JSON this endpoint takes (\(Self.describe(error))).")
            }
        }
        return try await apply(body, to: listing, publish: true)
    }

    /// `POST /api/v1/listings/{id}/unpublish` (`{"version": n}`, or no body for the stored version): the listing,
    /// a draft again.
    @Sendable func unpublish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        var version = listing.version
        let buffer = try await Requests.body(request, limit: .correction)
        if buffer.readableBytes > 0 {
            try Requests.requireJSON(request)
            guard let body = try? JSONDecoder().decode(PatchBody.self, from: Data(buffer.readableBytesView)) else {
                throw WebError.badRequest("The body is not the JSON this endpoint takes.")
            }
            version = body.version ?? version
        }
        return try answer(try await service.unpublish(listing, version: version), version: version)
    }

    /// `DELETE /api/v1/listings/{id}`: 204.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listing = try await service.findToChange(try Requests.id(context), for: context.requester)
        try await service.delete(listing)
        return Response(status: .noContent)
    }

    func apply(_ body: PatchBody, to listing: Listing, publish: Bool) async throws -> Response {
        guard let version = body.version ?? (publish ? listing.version : nil) else {
            throw WebError.badRequest("The body needs the \"version\" you are editing (optimistic locking).")
        }
        var kind = listing.kind
        if let text = body.kind {
            guard let parsed = ListingKind(rawValue: text) else {
                throw WebError(
                    .unprocessableContent, code: "invalid", "Unknown kind.",
                    issues: [Issue(field: "kind", code: .invalidValue, message: "“\(text)” is not a kind.")])
            }
            kind = parsed
        }
        var submitted: [FieldName: SubmittedValue] = [:]
        for (written, value) in body.fields ?? [:] {
            let name = FieldName(written)
            let spec = FieldSchema.spec(name, in: kind) ?? FieldSchema.spec(named: name)
            submitted[name] = spec.map { value.submitted(for: $0) } ?? .typed("")
        }
        let submission = service.read(kind: kind, submitted: submitted, current: listing, keepUnsent: true)
        var confirmed = Set<FieldName>()
        var anyway = false
        switch body.confirm {
        case .all?: anyway = true
        case .fields(let names)?: confirmed = Set(names.prefix(64).map { FieldName($0) })
        case nil: break
        }
        return try answer(
            try await service.save(
                listing, submission: submission, version: version, publish: publish, confirmed: confirmed,
                publishAnyway: anyway),
            version: version)
    }

    /// A save's answer: the listing, or why it was not saved.
    func answer(_ result: SaveResult, version: Int) throws -> Response {
        switch result {
        case .saved(let saved):
            return JSONAnswer.response(JSONAnswer.listing(saved))
        case .notFound:
            throw WebError.notFound()
        case .stillExtracting:
            throw WebError.stillExtracting()
        case .conflict(let current):
            var answer = JSONAnswer.error(
                WebError(
                    .conflict, code: "stale_version",
                    "Listing \(current.id) is at version \(current.version), not \(version): someone saved it in between."
                ))
            answer.headers[.eTag] = "\"\(current.version)\""
            return answer
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.identity == nil && !service.access.publishedOpenToAnyone { _ = try context.requireAccount() }
        let filter = service.filter(try Requests.filter(request), for: context.requester)
        let query = request.uri.queryParameters
        var limit = 50
        if let text = query["limit"].map(String.init), !text.isEmpty {
            guard let number = Int(text), (1...200).contains(number) else {
                throw WebError.badRequest("limit must be a whole number from 1 to 200.")
            }
            limit = number
        }
        let cursor = try Requests.cursor(request)
        let repository = self.repository
        let (pageSize, after) = (limit, cursor)
        let page = try await service.storing { try await repository.list(filter, limit: pageSize, before: after) }
        return JSONAnswer.response(
            .object([
                "items": .array(page.items.map(JSONAnswer.listing)),
                "next_cursor": page.nextCursor.map { .string(String($0)) } ?? .null,
            ]))
    }
}
