/// How the simulated OpenAI-compatible server behaves: its latency, its limits and the faults it injects.
public struct SimulatorConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Time to the whole reply (non-streaming) or to the last chunk (streaming).
    public var latency: Duration
    /// Time to the first streamed chunk.
    public var timeToFirstToken: Duration
    /// Limits enforced per window, as OpenAI does over short windows: `requestsPerMinute * window / 60` a window.
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    public var window: Duration
    /// A required bearer key, when set (a wrong one is a 401).
    public var apiKey: String?
    /// Fault rates, each between 0 and 1, drawn independently per request (in this order).
    public var faults: [Fault: Double]
    public var seed: UInt64
    /// A fault for the n-th request (from 1), for tests that need an exact sequence; nil leaves it to the rates.
    public var script: (@Sendable (Int) -> Fault?)?
    /// A reply text for the n-th request instead of the offline extractor's; nil keeps the extractor's.
    public var replies: (@Sendable (Int) -> String?)?
    /// How the simulated Batch API (`/v1/files`, `/v1/batches`) behaves.
    public var batches: BatchBehaviour

    public init(
        host: String = "127.0.0.1", port: Int = 8081, latency: Duration = .milliseconds(200),
        timeToFirstToken: Duration = .milliseconds(50), requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil,
        window: Duration = .seconds(1), apiKey: String? = nil, faults: [Fault: Double] = [:], seed: UInt64 = 42,
        script: (@Sendable (Int) -> Fault?)? = nil, replies: (@Sendable (Int) -> String?)? = nil,
        batches: BatchBehaviour = BatchBehaviour()
    ) {
        self.batches = batches
        self.script = script
        self.replies = replies
        self.host = host
        self.port = port
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.window = window
        self.apiKey = apiKey
        self.faults = faults
        self.seed = seed
    }
}

/// The simulated Batch API: a batch is validating, then in progress, then finalizing, then completed (or expired),
/// each for a set time; some of its requests fail on purpose.
public struct BatchBehaviour: Sendable {
    public var validating: Duration
    public var processing: Duration
    public var finalizing: Duration
    /// The share of requests answered with a server error (in the error file), drawn with the simulator's seed.
    public var failureRate: Double
    /// When set, the batch expires at the end of processing with only this share of its requests answered; the
    /// others are in the error file as `batch_expired`.
    public var expiresAfter: Double?
    /// When set, a batch whose requests' prompts, with those of the batches still running, add up to more tokens
    /// than this fails at validation with `token_limit_exceeded`, as an account's enqueued-token limit does.
    public var enqueuedTokenLimit: Int?
    /// The share of answered requests whose reply is not the envelope asked for (a model's chatter), drawn with the
    /// simulator's seed.
    public var unreadableRate: Double

    public init(
        validating: Duration = .milliseconds(100), processing: Duration = .milliseconds(400),
        finalizing: Duration = .milliseconds(100), failureRate: Double = 0, expiresAfter: Double? = nil,
        enqueuedTokenLimit: Int? = nil, unreadableRate: Double = 0
    ) {
        self.enqueuedTokenLimit = enqueuedTokenLimit
        self.unreadableRate = unreadableRate
        self.validating = validating
        self.processing = processing
        self.finalizing = finalizing
        self.failureRate = failureRate
        self.expiresAfter = expiresAfter
    }
}

/// What can go wrong on purpose. A request can also ask for one with the `X-Simulator-Fault` header.
public enum Fault: String, Sendable, CaseIterable, Hashable {
    /// 500 with an OpenAI error body.
    case serverError = "server_error"
    /// 503.
    case unavailable
    /// 429 `rate_limit_exceeded` with `retry-after-ms`, whatever the counters say.
    case rateLimited = "rate_limited"
    /// 429 `insufficient_quota`.
    case quota
    /// 401.
    case unauthorized
    /// 400.
    case badRequest = "bad_request"
    /// Never answers.
    case hang
    /// Closes the connection mid-answer.
    case drop
    /// A stream that stops before `data: [DONE]`.
    case cutStream = "cut_stream"
    /// Half the reply, `finish_reason: length`.
    case length
    /// A reply with no envelope.
    case noEnvelope = "no_envelope"
}
