import ListingCore

/// One message of a chat conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

/// What is sent to a model: the conversation and the sampling settings, pinned.
public struct ChatRequest: Sendable {
    public var messages: [ChatMessage]
    /// The exact model name from configuration (no moving aliases).
    public var model: String
    public var temperature: Double
    public var maxTokens: Int
    /// Called with each piece of text as it streams in, so that a page can show progress.
    public var onText: (@Sendable (String) -> Void)?
    /// The listing and the step the messages are about. A remote model reads only the messages; a model that works
    /// on the listing itself reads this.
    public var task: ExtractionTask?

    public init(
        messages: [ChatMessage], model: String, temperature: Double = 0, maxTokens: Int = 1_500,
        task: ExtractionTask? = nil, onText: (@Sendable (String) -> Void)? = nil
    ) {
        self.messages = messages
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.task = task
        self.onText = onText
    }

    /// Tokens this request may cost at most, estimated before sending: the prompt plus `max_tokens`.
    public var estimatedTokens: Int {
        messages.reduce(0) { $0 + TokenUsage.estimate($1.content) + 4 } + maxTokens
    }
}

/// Token counts of one call. `estimated` is true when the server did not report them and they were counted here.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var estimated: Bool

    public init(promptTokens: Int, completionTokens: Int, estimated: Bool) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.estimated = estimated
    }

    /// A rough count for text no tokenizer has seen: about four bytes a token for English, fewer for Hangul.
    /// A quarter of a token for each ASCII character, 0.7 for any other, counted in hundredths on the UTF-8 bytes
    /// (a character's first byte is any byte but a continuation byte, `10xxxxxx`) and rounded up.
    public static func estimate(_ text: String) -> Int {
        func count(_ bytes: some Sequence<UInt8>) -> Int {
            var (ascii, other) = (0, 0)
            for byte in bytes {
                ascii &+= byte < 0x80 ? 1 : 0
                other &+= byte >= 0xC0 ? 1 : 0
            }
            return (ascii * 25 + other * 70 + 99) / 100
        }
        // Over the contiguous bytes (a plain loop the compiler can vectorise) when the string has them.
        return text.utf8.withContiguousStorageIfAvailable(count) ?? count(text.utf8)
    }
}

/// Why the model stopped writing.
public enum FinishReason: String, Sendable, Hashable, Codable {
    /// It finished its reply.
    case stop
    /// It hit `max_tokens`: the reply is cut.
    case length
    /// The provider refused to answer.
    case contentFilter = "content_filter"
    case other
}

/// What came back: the reply text, the tokens it cost, and why it ended.
public struct ChatReply: Sendable, Hashable {
    public var text: String
    public var usage: TokenUsage
    public var finishReason: FinishReason
    /// The model that answered, as the server named it.
    public var model: String
    /// Requests it took (1 when the first one answered).
    public var attempts: Int
    /// From sending the request that answered to its first token, when streamed.
    public var timeToFirstToken: Duration?
    /// What the call cost, from the configured prices, when they are known.
    public var costUSD: Double?

    public init(
        text: String, usage: TokenUsage, finishReason: FinishReason, model: String, attempts: Int = 1,
        timeToFirstToken: Duration? = nil, costUSD: Double? = nil
    ) {
        self.text = text
        self.usage = usage
        self.finishReason = finishReason
        self.model = model
        self.attempts = attempts
        self.timeToFirstToken = timeToFirstToken
        self.costUSD = costUSD
    }
}

/// Messages in, reply text and usage out. The OpenAI-compatible client, the offline extractor and the test
/// models all sit behind this seam, so the same parser and validator serve every one of them.
public protocol ChatModel: Sendable {
    /// The name recorded on every extraction run.
    var name: String { get }
    /// Whether a follow-up turn can change the answer (a re-ask). False for deterministic extractors.
    var answersFollowUps: Bool { get }
    /// Whether it answers in this process, at once, and cannot hang or fail for want of a network: nothing is
    /// then at risk while it answers (a paste need not be stored before it is read).
    var answersLocally: Bool { get }
    func complete(_ request: ChatRequest) async throws -> ChatReply
    /// The limits that pace its requests now, configured or learned from the server; nil when nothing is known to
    /// limit them (then nothing is gained by packing listings into fewer requests).
    func rateBudget() async -> RateBudget?
    /// Whether its limits are still to be learned from the server's first answer (none configured, none heard).
    func awaitsLimits() async -> Bool
    /// Waits for its next turn to call, for a request still to be made (`RateLimiter.Turn`); nil when nothing
    /// paces its calls.
    func takeTurn(tokens: Int) async throws -> RateLimiter.Turn?
}

extension ChatModel {
    public var answersFollowUps: Bool { true }
    public var answersLocally: Bool { false }
    public func rateBudget() async -> RateBudget? { nil }
    public func awaitsLimits() async -> Bool { false }
    public func takeTurn(tokens: Int) async throws -> RateLimiter.Turn? { nil }
}

/// The limits a model's requests are paced by, per minute.
public struct RateBudget: Sendable, Hashable {
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?

    public init(requestsPerMinute: Int?, tokensPerMinute: Int?) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }

    /// The tokens one request may spend while the request limit, not the token limit, paces the calls: a minute's
    /// tokens shared among a minute's requests (unbounded without a token limit). Nil without a request limit.
    public var tokensPerRequest: Int? {
        guard let requests = requestsPerMinute, requests > 0 else { return nil }
        guard let tokens = tokensPerMinute else { return Int.max }
        return tokens / requests
    }
}

/// A model call that failed, with what a retry policy needs to know: is it worth trying again, and when.
public struct ChatModelError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The call did not finish in time.
        case timeout
        /// The connection failed, was refused or reset.
        case network
        /// The stream ended before `data: [DONE]`.
        case streamCut = "stream_cut"
        /// 429: too many requests or tokens for now.
        case rateLimited = "rate_limited"
        /// 429 `insufficient_quota`: the account is out of credit. Retrying only burns time.
        case quota
        /// 5xx.
        case server
        /// 401/403: the key is wrong or lacks access.
        case unauthorized
        /// 400/404/422: the request (or the model name) is wrong.
        case badRequest = "bad_request"
        /// Another status.
        case http
        /// The provider refused to answer (`content_filter`).
        case refused
        /// The answer was not the JSON we expect.
        case malformedResponse = "malformed_response"
        /// The circuit breaker is open: the provider failed too often and is being left alone for a while.
        case circuitOpen = "circuit_open"
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when there was one.
    public var status: Int?
    /// What the server asked us to wait (`Retry-After`, `retry-after-ms`).
    public var retryAfter: Duration?

    public init(_ code: Code, _ message: String, status: Int? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }

    /// 429s, 5xx, resets and timeouts are worth another try; 400, 401, 403, 404 and `insufficient_quota` never are.
    public var isRetryable: Bool {
        switch code {
        case .timeout, .network, .streamCut, .rateLimited, .server: true
        default: false
        }
    }

    public var description: String {
        (status.map { "HTTP \($0) " } ?? "") + "\(code.rawValue): \(message)"
    }
}
