import Extraction
import Foundation
import Hummingbird
import ListingCore
import Logging
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

    enum Event: Sendable {
        case progress(fields: [String], characters: Int)
        case done(id: Int64)
        case failed(status: Int, message: String)

        var serverSentEvent: String {
            func json(_ object: [String: Any]) -> String {
                let data =
                    (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
                return String(decoding: data, as: UTF8.self)
            }
            switch self {
            case .progress(let fields, let characters):
                return "event: progress\ndata: \(json(["fields": fields, "characters": characters]))\n\n"
            case .done(let id):
                return "event: done\ndata: \(json(["id": id, "review": SiteURL.review(.value(id)).path]))\n\n"
            case .failed(let status, let message):
                return "event: failed\ndata: \(json(["status": status, "message": message]))\n\n"
            }
        }
    }

    func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let logger = context.logger
        let form = try await Requests.form(request, context: context, limit: .paste)
        let text = form["text"] ?? ""
        // Refuse bad input before any stream starts: the script then falls back to the plain form post.
        if case .failure(let error) = TextInput.check(text) { throw error }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let service = self.service
        let received = Mutex("")
        // Not cancelled when the browser goes away: the paste is stored, and its draft will be too.
        Task {
            do {
                let listing = try await service.create(text) { piece in
                    let soFar = received.withLock { reply -> String in
                        reply += piece
                        return reply
                    }
                    let fields = ReplyParser.parse(soFar).fields.map(\.name.rawValue)
                    continuation.yield(.progress(fields: fields, characters: soFar.count))
                }
                continuation.yield(.done(id: listing.id))
            } catch {
                let answer = error as? WebError ?? WebError.internal(logDetail: String(describing: type(of: error)))
                answer.logIfServerFault(logger, path: SiteURL.listingsStream.path)
                continuation.yield(.failed(status: Int(answer.status.code), message: answer.message))
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
}
