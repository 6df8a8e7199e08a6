import AsyncHTTPClient
import Foundation
import ListingCore
import Logging
import NIOCore
import NIOHTTP1

/// Where and how to reach an OpenAI-compatible chat-completions endpoint (OpenAI, Azure-style base URLs, vLLM,
/// Ollama, llama.cpp server).
public struct OpenAIConfiguration: Sendable {
    /// Up to and including the API version: `https://api.openai.com/v1`, `http://127.0.0.1:8081/v1`.
    public var baseURL: String
    /// Sent as a bearer token; never logged and never shown on a page.
    public var apiKey: String?
    /// The exact model name (no moving aliases).
    public var model: String
    public var stream: Bool
    public var connectTimeout: Duration
    /// The most one request (one attempt) may take, streaming included.
    public var requestTimeout: Duration
    public var retry: RetryPolicy
    public var limits: RateLimiter.Limits
    /// US dollars per million prompt and completion tokens, for the cost on each run.
    public var pricePerMillionPromptTokens: Double?
    public var pricePerMillionCompletionTokens: Double?
    /// What the Batch API charges as a share of the prices above (OpenAI: half).
    public var batchPriceFactor: Double = 0.5
    /// The field that bounds a reply (`max_tokens` or `max_completion_tokens`); nil: `max_tokens` until the provider
    /// refuses it for this model, then the one it names.
    public var completionLimitField: CompletionLimitField?

    public init(
        baseURL: String = "https://api.openai.com/v1", apiKey: String?, model: String, stream: Bool = true,
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60), retry: RetryPolicy = .init(),
        limits: RateLimiter.Limits = .init(), pricePerMillionPromptTokens: Double? = nil,
        pricePerMillionCompletionTokens: Double? = nil, completionLimitField: CompletionLimitField? = nil
    ) {
        self.completionLimitField = completionLimitField
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.model = model
        self.stream = stream
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.limits = limits
        self.pricePerMillionPromptTokens = pricePerMillionPromptTokens
        self.pricePerMillionCompletionTokens = pricePerMillionCompletionTokens
    }

    /// What `usage` costs at the configured prices (at the Batch API's share of them when `batched`); nil when the
    /// prices are not known.
    public func cost(_ usage: TokenUsage, batched: Bool = false) -> Double? {
        guard let prompt = pricePerMillionPromptTokens, let completion = pricePerMillionCompletionTokens else {
            return nil
        }
        let full = (Double(usage.promptTokens) * prompt + Double(usage.completionTokens) * completion) / 1_000_000
        return batched ? full * batchPriceFactor : full
    }

    /// The key the rate limiter is shared under: the same endpoint, key and model share one budget.
    /// Stable across processes (a digest, never the key itself), so that instances sharing a pace (`SharedPace`)
    /// meet under it.
    var limiterKey: String {
        "\(baseURL)|\(model)|\(apiKey.map { String(StableHash.fnv1a($0), radix: 16) } ?? "")"
    }
}

/// The OpenAI-compatible chat client: streaming (SSE) or not, paced by a shared rate limiter, retried with
/// backoff and jitter, guarded by a circuit breaker.
public final class OpenAIChatModel: ChatModel, Sendable {
    public let configuration: OpenAIConfiguration
    public var name: String { configuration.model }
    let http: HTTPClient
    let limiter: RateLimiter
    public let breaker: CircuitBreaker
    let logger: Logger

    public init(
        configuration: OpenAIConfiguration, http: HTTPClient, limiters: RateLimiterRegistry,
        breaker: CircuitBreaker = CircuitBreaker(), logger: Logger = Logger(label: "listingdesk.llm")
    ) {
        self.configuration = configuration
        self.http = http
        self.limiter = limiters.limiter(for: configuration.limiterKey, limits: configuration.limits)
        self.breaker = breaker
        self.logger = logger
    }

    /// One HTTP client for the process: connection pooling, a connect timeout, system TLS roots.
    public static func makeHTTPClient(connectTimeout: Duration = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .milliseconds(Int64(RetryPolicy.seconds(connectTimeout) * 1_000)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        configuration.httpVersion = .automatic
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    public func complete(_ request: ChatRequest) async throws -> ChatReply {
        guard await breaker.allow() else {
            throw ChatModelError(.circuitOpen, "\(configuration.model) failed repeatedly; not calling it for a while.")
        }
        let clock = ContinuousClock()
        let started = clock.now
        var attempt = 0
        var relearned = false
        while true {
            attempt += 1
            let permit = try await limiter.acquire(tokens: request.estimatedTokens)
            let lengthField = configuration.completionLimitInUse
            do {
                var reply = try await send(request, lengthField: lengthField)
                await limiter.release(permit, actualTokens: reply.usage.promptTokens + reply.usage.completionTokens)
                await breaker.recordSuccess()
                reply.attempts = attempt
                reply.costUSD = configuration.cost(reply.usage)
                return reply
            } catch let error as ChatModelError {
                await limiter.release(permit, actualTokens: nil)
                if error.code == .rateLimited { await limiter.backOff(error.retryAfter ?? .seconds(1)) }
                if !relearned && configuration.learnCompletionLimit(from: error, sentWith: lengthField) {
                    // The model takes the other length field (a reasoning model refuses max_tokens): asked again at
                    // once with it, and every later request of this model carries it.
                    relearned = true
                    logger.notice(
                        "the model takes the other reply length field",
                        metadata: [
                            "model": "\(configuration.model)",
                            "field": "\(configuration.completionLimitInUse.rawValue)",
                        ])
                    continue
                }
                if let wait = configuration.retry.delay(after: error, attempt: attempt, elapsed: clock.now - started) {
                    logger.notice(
                        "retrying model call",
                        metadata: [
                            "model": "\(configuration.model)", "attempt": "\(attempt)",
                            "error": "\(error.code.rawValue)",
                            "wait_ms": "\(Int(RetryPolicy.seconds(wait) * 1_000))",
                        ])
                    CallProgress.report(
                        .retrying(
                            model: configuration.model, attempt: attempt + 1, reason: error.code.rawValue, wait: wait))
                    try await Task.sleep(for: wait)
                    continue
                }
                if [.server, .network, .timeout, .streamCut, .rateLimited].contains(error.code) {
                    await breaker.recordFailure()
                }
                if error.code == .quota || error.code == .unauthorized {
                    // Nothing retries these away: the operator has to act (add credit, fix the key).
                    logger.error(
                        "model provider refused the account",
                        metadata: [
                            "model": "\(configuration.model)", "error": "\(error.code.rawValue)",
                            "message": "\(error.message)",
                        ])
                }
                throw error
            } catch {
                await limiter.release(permit, actualTokens: nil)
                throw error
            }
        }
    }

    public func rateBudget() async -> RateBudget? { await limiter.budget }
    public func awaitsLimits() async -> Bool { await limiter.awaitsLimits }
    public func takeTurn(tokens: Int) async throws -> RateLimiter.Turn? {
        try await limiter.takeTurn(tokens: tokens)
    }

    /// One attempt.
    func send(_ request: ChatRequest, lengthField: CompletionLimitField) async throws -> ChatReply {
        var http = HTTPClientRequest(url: configuration.baseURL + "/chat/completions")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        if let key = configuration.apiKey, !key.isEmpty {
            http.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        if configuration.stream { http.headers.add(name: "Accept", value: "text/event-stream") }
        let body = OpenAIWire.Request(
            model: request.model, messages: request.messages.map { .init(role: $0.role.rawValue, content: $0.content) },
            temperature: request.temperature, limit: request.maxTokens, field: lengthField,
            stream: configuration.stream,
            stream_options: configuration.stream ? .init(include_usage: true) : nil)
        http.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))

        let clock = ContinuousClock()
        let sent = clock.now
        let deadline =
            NIODeadline.now() + .milliseconds(Int64(RetryPolicy.seconds(configuration.requestTimeout) * 1_000))
        return try await Self.translatingErrors {
            let response = try await self.http.execute(http, deadline: deadline, logger: logger)
            await observeLimits(response.headers)
            guard response.status == .ok else { throw try await Self.error(for: response) }
            if configuration.stream {
                return try await readStream(response, request: request, sent: sent, clock: clock)
            }
            let data = try await response.body.collect(upTo: 8 * 1024 * 1024)
            guard
                let completion = try? JSONDecoder().decode(
                    OpenAIWire.Completion.self, from: Data(data.readableBytesView)),
                let choice = completion.choices?.first
            else {
                throw ChatModelError(.malformedResponse, "The completion JSON has no choices.", status: 200)
            }
            let text = choice.message?.content ?? ""
            return ChatReply(
                text: text, usage: Self.usage(completion.usage, request: request, text: text),
                finishReason: FinishReason(wire: choice.finish_reason), model: completion.model ?? request.model)
        }
    }

    /// Runs a call to the provider with every failure a `ChatModelError` (a cancellation stays one).
    static func translatingErrors<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as ChatModelError {
            throw error
        } catch let error as HTTPClientError {
            throw translate(error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ChatModelError(.network, String(describing: error))
        }
    }

    func readStream(
        _ response: HTTPClientResponse, request: ChatRequest, sent: ContinuousClock.Instant,
        clock: ContinuousClock
    ) async throws -> ChatReply {
        var parser = ServerSentEventParser()
        var text = ""
        var usage: OpenAIWire.Usage?
        var finish: String?
        var model: String?
        var firstToken: Duration?
        var done = false
        reading: for try await chunk in response.body {
            for event in parser.feed(chunk.readableBytesView) {
                if event.data == "[DONE]" {
                    done = true
                    break reading
                }
                guard let piece = try? JSONDecoder().decode(OpenAIWire.Chunk.self, from: Data(event.data.utf8)) else {
                    if let error = try? JSONDecoder().decode(OpenAIWire.ErrorBody.self, from: Data(event.data.utf8)),
                        let detail = error.error
                    {
                        throw ChatModelError(.server, detail.message ?? "The stream carried an error.", status: 200)
                    }
                    continue
                }
                model = model ?? piece.model
                if let usageChunk = piece.usage { usage = usageChunk }
                for choice in piece.choices ?? [] {
                    if let content = choice.delta?.content, !content.isEmpty {
                        if firstToken == nil { firstToken = clock.now - sent }
                        text += content
                        request.onText?(content)
                    }
                    if let reason = choice.finish_reason { finish = reason }
                }
            }
        }
        guard done else {
            throw ChatModelError(
                .streamCut, "The stream ended before [DONE] after \(text.utf8.count) bytes.", status: 200)
        }
        return ChatReply(
            text: text, usage: Self.usage(usage, request: request, text: text),
            finishReason: FinishReason(wire: finish),
            model: model ?? request.model, timeToFirstToken: firstToken)
    }

    /// The server's usage when it sent one; otherwise an estimate, marked as such.
    static func usage(_ wire: OpenAIWire.Usage?, request: ChatRequest, text: String) -> TokenUsage {
        if let wire, let prompt = wire.prompt_tokens, let completion = wire.completion_tokens {
            return TokenUsage(promptTokens: prompt, completionTokens: completion, estimated: false)
        }
        return TokenUsage(
            promptTokens: request.estimatedTokens - request.maxTokens, completionTokens: TokenUsage.estimate(text),
            estimated: true)
    }

    func observeLimits(_ headers: HTTPHeaders) async {
        await limiter.observe(
            limitRequests: headers.first(name: "x-ratelimit-limit-requests").flatMap { Int($0) },
            limitTokens: headers.first(name: "x-ratelimit-limit-tokens").flatMap { Int($0) },
            remainingRequests: headers.first(name: "x-ratelimit-remaining-requests").flatMap { Int($0) },
            resetRequests: RateLimiter.parseReset(headers.first(name: "x-ratelimit-reset-requests")),
            remainingTokens: headers.first(name: "x-ratelimit-remaining-tokens").flatMap { Int($0) },
            resetTokens: RateLimiter.parseReset(headers.first(name: "x-ratelimit-reset-tokens")))
    }

    /// An error answer, classified: what is worth retrying, and after how long.
    static func error(for response: HTTPClientResponse) async throws -> ChatModelError {
        let status = Int(response.status.code)
        let data = (try? await response.body.collect(upTo: 64 * 1024)) ?? ByteBuffer()
        let detail = (try? JSONDecoder().decode(OpenAIWire.ErrorBody.self, from: Data(data.readableBytesView)))?.error
        let message = detail?.message ?? response.status.reasonPhrase
        let retryAfter = RetryPolicy.retryAfter(
            milliseconds: response.headers.first(name: "retry-after-ms"),
            seconds: response.headers.first(name: "retry-after"))
        switch status {
        case 429 where detail?.code == "insufficient_quota" || detail?.type == "insufficient_quota":
            return ChatModelError(.quota, message, status: status)
        case 429: return ChatModelError(.rateLimited, message, status: status, retryAfter: retryAfter)
        case 401, 403: return ChatModelError(.unauthorized, message, status: status)
        case 400, 404, 413, 422: return ChatModelError(.badRequest, message, status: status)
        case 500, 502, 503, 504: return ChatModelError(.server, message, status: status, retryAfter: retryAfter)
        default: return ChatModelError(.http, message, status: status)
        }
    }

    static func translate(_ error: HTTPClientError) -> ChatModelError {
        switch error {
        case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
            return ChatModelError(.timeout, "No answer in time (\(error)).")
        default:
            return ChatModelError(.network, String(describing: error))
        }
    }
}
