import Extraction
import Foundation
import HTTPTypes
import Hummingbird
import LLM
import ListingCore
import Logging
import NIOCore
import Synchronization

/// An OpenAI-compatible chat-completions server for tests, demos and load tests. It answers with the offline
/// extractor's reply, streamed or not, after a configurable latency; enforces request and token limits over short
/// windows with OpenAI's headers and 429 body; and injects faults at configurable rates.
public final class Simulator: Sendable {
    public let configuration: SimulatorConfiguration
    public let stats = SimulatorStats()
    let started = ContinuousClock.now
    let random: Mutex<SplitMix64>
    let batchAPI: SimulatedBatchAPI

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        self.random = Mutex(SplitMix64(seed: configuration.seed))
        self.batchAPI = SimulatedBatchAPI(behaviour: configuration.batches, seed: configuration.seed)
    }

    /// Requests the simulated Batch API has answered (failed ones not counted).
    public var batchRequestsAnswered: Int {
        get async { await batchAPI.answered }
    }

    /// The application, ready to run; `onListening` receives the port actually bound (use port 0 for any free one).
    public func application(
        logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        for path in ["/v1/chat/completions", "/chat/completions"] {
            router.post(RouterPath(path)) { request, _ in try await self.complete(request) }
        }
        addBatchRoutes(to: router)
        router.get("/stats") { _, _ -> Response in
            var snapshot = await self.stats.snapshot()
            snapshot["batch_requests_answered"] = await self.batchAPI.answered
            let data = try JSONSerialization.data(withJSONObject: snapshot, options: [.sortedKeys])
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "listingdesk-sim"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// The offline extractor's reply to a prompt, read the way a remote model reads it: from the messages alone
    /// (the listing inside `<listing>`, the step inside `<step>`). A re-ask's follow-up carries only the problems,
    /// so the first user message with a listing is the one answered.
    static func offlineReply(to messages: [ChatMessage]) -> String? {
        if let packed = messages.first(where: { $0.role == .user && $0.content.contains("<listings count=") }) {
            return packedReply(to: packed.content)
        }
        guard let prompt = messages.first(where: { $0.role == .user && $0.content.contains("<listing>") })?.content,
            let (text, pastedOn) = PromptBuilder.listing(in: prompt)
        else { return nil }
        return RuleExtractor.reply(
            for: text, pastedOn: pastedOn ?? Self.defaultDay,
            step: PromptBuilder.step(in: prompt) ?? .classifyAndExtract)
    }

    /// What a model says when it does not answer in the envelope asked for.
    static let chatter = "This looks like a lovely listing! Let me know if you need anything else."

    static let defaultDay = LocalDate(year: 2026, month: 11, day: 20)!

    /// A packed prompt's answer: one envelope per listing, tagged with its id, in the order asked.
    static func packedReply(to prompt: String) -> String? {
        let listings = PromptBuilder.packedListings(in: prompt)
        guard !listings.isEmpty else { return nil }
        return listings.map { listing in
            let reply = RuleExtractor.reply(for: listing.text, pastedOn: listing.pastedOn, step: .classifyAndExtract)
            return "<envelope id=\"\(ListingEscaping.escapeAttribute(listing.id))\">\n\(reply)\n</envelope>"
        }.joined(separator: "\n")
    }

    struct Body: Decodable {
        struct Message: Decodable {
            var role: String
            var content: String
        }

        var model: String?
        var messages: [Message]?
        var stream: Bool?
        var max_tokens: Int?
        var max_completion_tokens: Int?
    }

    /// As OpenAI's reasoning models do, a model named `reasoning-…` refuses `max_tokens`: it takes only
    /// `max_completion_tokens`. The refusal, in the provider's words; nil when the request is fine.
    static func lengthFieldRefusal(model: String, sentMaxTokens: Bool) -> String? {
        guard model.hasPrefix("reasoning-"), sentMaxTokens else { return nil }
        return "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' "
            + "instead."
    }

    func complete(_ request: Request) async throws -> Response {
        let number = await stats.arrived(at: ContinuousClock.now - started)
        let data = try await request.body.collect(upTo: 4 * 1024 * 1024)
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(data.readableBytesView)),
            let messages = body.messages,
            let model = body.model
        else {
            return error(
                400, type: "invalid_request_error", code: nil, message: "The body must have model and messages.")
        }
        if let key = configuration.apiKey, request.headers[.authorization] != "Bearer \(key)" {
            return error(
                401, type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided.")
        }
        if let refusal = Self.lengthFieldRefusal(model: model, sentMaxTokens: body.max_tokens != nil) {
            await stats.refusedLengthField()
            return error(400, type: "invalid_request_error", code: "unsupported_parameter", message: refusal)
        }
        let chat = ChatRequest(
            messages: messages.map { ChatMessage(ChatMessage.Role(rawValue: $0.role) ?? .user, $0.content) },
            model: model,
            maxTokens: body.max_completion_tokens ?? body.max_tokens ?? 1_500)

        // The limits, over fixed short windows, as providers enforce them.
        let elapsed = ContinuousClock.now - started
        let windowIndex = Int(RetryPolicy.secondsOf(elapsed) / RetryPolicy.secondsOf(configuration.window))
        let windowEnd = configuration.window * (windowIndex + 1) - elapsed
        let windowShare = RetryPolicy.secondsOf(configuration.window) / 60
        let requestLimit = configuration.requestsPerMinute.map {
            max(1, Int((Double($0) * windowShare).rounded(.down)))
        }
        let tokenLimit = configuration.tokensPerMinute.map { max(1, Int((Double($0) * windowShare).rounded(.down))) }
        let fault = chooseFault(request, number: number)
        let admission = await stats.admit(
            window: windowIndex, tokens: chat.estimatedTokens, requestLimit: requestLimit, tokenLimit: tokenLimit)
        var limitHeaders: HTTPFields = [:]
        let reset = "\(max(1, Int(RetryPolicy.secondsOf(windowEnd) * 1_000)))ms"
        // The limits per minute, as OpenAI states them, though enforced over the short window; what is left and
        // when it resets are the window's.
        if requestLimit != nil, let perMinute = configuration.requestsPerMinute {
            limitHeaders[HTTPField.Name("x-ratelimit-limit-requests")!] = String(perMinute)
            limitHeaders[HTTPField.Name("x-ratelimit-remaining-requests")!] = String(admission.requestsLeft ?? 0)
            limitHeaders[HTTPField.Name("x-ratelimit-reset-requests")!] = reset
        }
        if tokenLimit != nil, let perMinute = configuration.tokensPerMinute {
            limitHeaders[HTTPField.Name("x-ratelimit-limit-tokens")!] = String(perMinute)
            limitHeaders[HTTPField.Name("x-ratelimit-remaining-tokens")!] = String(admission.tokensLeft ?? 0)
            limitHeaders[HTTPField.Name("x-ratelimit-reset-tokens")!] = reset
        }
        if !admission.admitted || fault == .rateLimited {
            await stats.refused()
            var response = error(
                429, type: "requests", code: "rate_limit_exceeded",
                message: "Rate limit reached for \(model): please try again in \(reset).")
            response.headers.append(contentsOf: limitHeaders)
            response.headers[HTTPField.Name("retry-after-ms")!] = String(
                max(1, Int(RetryPolicy.secondsOf(windowEnd) * 1_000)))
            return response
        }
        if let fault { await stats.injected(fault) }
        switch fault {
        case .serverError?: return error(500, type: "server_error", code: nil, message: "The server had an error.")
        case .unavailable?:
            return error(503, type: "server_error", code: nil, message: "The engine is currently overloaded.")
        case .quota?:
            return error(
                429, type: "insufficient_quota", code: "insufficient_quota", message: "You exceeded your current quota."
            )
        case .unauthorized?:
            return error(
                401, type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided.")
        case .badRequest?: return error(400, type: "invalid_request_error", code: nil, message: "Invalid request.")
        case .hang?:
            try await Task.sleep(for: .seconds(3_600))
        default:
            break
        }

        var text: String
        if let scripted = configuration.replies?(number) {
            text = scripted
        } else if fault == .noEnvelope {
            text = Self.chatter
        } else if let reply = Self.offlineReply(to: chat.messages) {
            text = reply
        } else {
            text = "There is no listing in this request."
        }
        var finish = "stop"
        if fault == .length {
            text = String(text.prefix(text.count / 2))
            finish = "length"
        } else if TokenUsage.estimate(text) > chat.maxTokens {
            // As a model does: the reply stops at max_tokens.
            var kept = ""
            var tokens = 0.0
            for character in text {
                tokens += character.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 0.25 : 0.7) }
                if tokens > Double(chat.maxTokens) { break }
                kept.append(character)
            }
            text = kept
            finish = "length"
        }
        let promptTokens = chat.estimatedTokens - chat.maxTokens
        let completionTokens = TokenUsage.estimate(text)
        let usage = [
            "prompt_tokens": promptTokens, "completion_tokens": completionTokens,
            "total_tokens": promptTokens + completionTokens,
        ]
        var headers = limitHeaders
        await stats.finished()
        if body.stream == true {
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            return Response(
                status: .ok, headers: headers,
                body: stream(text, model: model, finish: finish, usage: usage, fault: fault))
        }
        try await Task.sleep(for: configuration.latency)
        let completion: [String: Any] = [
            "id": "chatcmpl-sim", "object": "chat.completion", "created": 0, "model": model,
            "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": finish]],
            "usage": usage,
        ]
        let json = try JSONSerialization.data(withJSONObject: completion)
        headers[.contentType] = "application/json"
        if fault == .drop {
            headers[.contentLength] = String(json.count)
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(bytes: json.prefix(json.count / 2)))
                    throw CancellationError()
                })
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    /// SSE chunks spread between the first token and the full latency; a usage chunk; `data: [DONE]`.
    func stream(_ text: String, model: String, finish: String, usage: [String: Int], fault: Fault?) -> ResponseBody {
        let configuration = self.configuration
        let stats = self.stats
        return ResponseBody { writer in
            func event(_ object: Any) throws -> ByteBuffer {
                let data = try JSONSerialization.data(withJSONObject: object)
                return ByteBuffer(string: "data: " + String(decoding: data, as: UTF8.self) + "\n\n")
            }
            func chunk(_ delta: [String: Any], finish: String?) -> [String: Any] {
                [
                    "id": "chatcmpl-sim", "object": "chat.completion.chunk", "created": 0, "model": model,
                    "choices": [["index": 0, "delta": delta, "finish_reason": finish as Any]],
                ]
            }
            try await Task.sleep(for: configuration.timeToFirstToken)
            try await writer.write(ByteBuffer(string: ": keep-alive\r\n\r\n"))
            let characters = Array(text)
            let pieces = max(1, min(8, characters.count))
            let step = max(1, characters.count / pieces)
            let pause = (configuration.latency - configuration.timeToFirstToken) / pieces
            var index = 0
            var sentPieces = 0
            while index < characters.count {
                let piece = String(characters[index..<min(characters.count, index + step)])
                index += step
                try await writer.write(try event(chunk(["content": piece], finish: nil)))
                if sentPieces == 0 { await stats.sentFirstToken() }
                sentPieces += 1
                if fault == .drop || fault == .cutStream, sentPieces == max(1, pieces / 2) {
                    if fault == .drop { throw CancellationError() }
                    try await writer.finish(nil)
                    return
                }
                if pause > .zero { try await Task.sleep(for: pause) }
            }
            try await writer.write(try event(chunk([:], finish: finish)))
            try await writer.write(
                try event([
                    "id": "chatcmpl-sim", "object": "chat.completion.chunk", "model": model,
                    "choices": [] as [Any], "usage": usage,
                ]))
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            try await writer.finish(nil)
        }
    }

    func chooseFault(_ request: Request, number: Int) -> Fault? {
        if let asked = request.headers[HTTPField.Name("X-Simulator-Fault")!] { return Fault(rawValue: asked) }
        if let script = configuration.script { return script(number) }
        return random.withLock { generator in
            for fault in Fault.allCases {
                if let rate = configuration.faults[fault], rate > 0, generator.nextUnit() < rate { return fault }
            }
            return nil
        }
    }

    func error(_ status: Int, type: String, code: String?, message: String) -> Response {
        let body: [String: Any] = ["error": ["message": message, "type": type, "param": NSNull(), "code": code as Any]]
        let data = (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A small seeded generator, so that a run's faults can be repeated.
struct SplitMix64: Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
