import Desk
import Extraction
import Foundation
import Hummingbird
import LLM
import ListingCore
import Logging
import Storage
import Synchronization

/// `POST /listings/stream`: the paste form's progressive enhancement. The same extraction as `POST /listings`, but
/// the answer is an event stream: `progress` events name the fields read so far from the model's streamed reply
/// (the parser reads any prefix of a reply), then `done` gives the review page, or `failed` the message.
struct LiveExtraction: Sendable {
    let service: ListingService

    func register(on routes: Routes<AppRequestContext>) {
        routes.post(.listingsStream) { request, context in
            try await self.stream(request, context: context)
        }
    }

    /// A value read so far, as the person will see it in the form.
    struct Preview: Sendable {
        let field: String
        let label: String
        let value: String
    }

    enum Event: Sendable {
        case progress(fields: [String], values: [Preview], characters: Int)
        /// What the model call is doing while the person waits (rate limit, retry, fallback), in words.
        case status(message: String)
        case done(id: Int64)
        case failed(status: Int, message: String)

        var serverSentEvent: String {
            func json(_ object: [String: Any]) -> String {
                let data =
                    (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
                return String(decoding: data, as: UTF8.self)
            }
            switch self {
            case .progress(let fields, let values, let characters):
                let previews = values.map { ["field": $0.field, "label": $0.label, "value": $0.value] }
                return
                    "event: progress\ndata: \(json(["fields": fields, "values": previews, "characters": characters]))\n\n"
            case .status(let message):
                return "event: status\ndata: \(json(["message": message]))\n\n"
            case .done(let id):
                return "event: done\ndata: \(json(["id": id, "review": SiteURL.review(.value(id)).path]))\n\n"
            case .failed(let status, let message):
                return "event: failed\ndata: \(json(["status": status, "message": message]))\n\n"
            }
        }
    }

    static var pastedBefore: WebError { WebError(.conflict, code: "duplicate_paste", "This text was pasted before.") }

    func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let logger = context.logger
        // Signed out: refused before the stream starts, so that the script posts the plain form, whose answer
        // keeps the paste through signing in again.
        let account = try context.requireAccount()
        let form = try await Requests.form(request, context: context, limit: .paste)
        let text = form["text"] ?? ""
        // Refuse bad input before any stream starts: the script then falls back to the plain form post.
        if case .failure(let error) = TextInput.check(text) { throw error }
        // A text pasted before: the plain post asks the person what to do.
        let refusingDuplicates = form["duplicate"] != "keep"
        if refusingDuplicates, try await service.pastedBefore(text, by: account.requester) != nil {
            throw Self.pastedBefore
        }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let service = self.service
        let today = service.today()
        let labels = Viewer(request, context).labels
        let received = Mutex("")
        // Not cancelled when the browser goes away: the paste is stored, and its draft will be too.
        Task {
            do {
                // What the model call meets on the way (a rate-limit wait, a retry, a fallback) is said as it happens.
                let say: @Sendable (CallProgress) -> Void = {
                    continuation.yield(.status(message: labels.progress($0)))
                }
                let listing = try await CallProgress.observing(say) {
                    try await service.create(text, by: account, refusingDuplicates: refusingDuplicates) { piece in
                        let soFar = received.withLock { reply -> String in
                            reply += piece
                            return reply
                        }
                        let parsed = ReplyParser.parse(soFar)
                        continuation.yield(
                            .progress(
                                fields: parsed.fields.map(\.name.rawValue),
                                values: Self.previews(parsed, pastedOn: today, labels: labels),
                                characters: soFar.count))
                    }
                }
                continuation.yield(.done(id: listing.id))
            } catch {
                // Pasted at the same moment in another tab: the check under the lock found it.
                let answer =
                    error is PastedBefore
                    ? Self.pastedBefore
                    : error as? WebError ?? (error as? ServiceError).map(WebError.init)
                        ?? WebError.internal(logDetail: String(describing: type(of: error)))
                answer.logIfServerFault(logger, path: SiteURL.listingsStream.path)
                continuation.yield(.failed(status: Int(answer.status.code), message: labels.message(answer)))
            }
            continuation.finish()
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                for await event in events {
                    try await writer.write(ByteBuffer(string: event.serverSentEvent))
                }
                try await writer.finish(nil)
            })
    }

    /// The values of a reply read so far, in words: labels from the field list, money and areas as the form's hints
    /// write them, choices without underscores. A value not readable yet is left out.
    static func previews(_ reply: ParsedReply, pastedOn: LocalDate, labels: Labels) -> [Preview] {
        let kind = reply.kind ?? .realEstate
        let context = NormalizationContext(pastedOn: pastedOn)
        let written = reply.fields.first { $0.name == .currency }?.value.trimmingCharacters(in: .whitespaces)
            .uppercased()
        let currency = written.flatMap { $0.count == 3 && $0.allSatisfy(\.isLetter) ? $0 : nil } ?? "KRW"
        var seen: Set<FieldName> = []
        return reply.fields.compactMap { field in
            guard seen.insert(field.name).inserted,
                let spec = FieldSchema.spec(field.name, in: kind) ?? FieldSchema.spec(named: field.name),
                case .value(let value, _) = ValueNormalizer.normalize(field.value, as: spec, context: context)
            else { return nil }
            return Preview(
                field: spec.name.rawValue, label: labels.field(spec),
                value: Formatting.value(value, spec: spec, currency: currency, labels: labels))
        }
    }
}
