import Foundation

/// One attempt at extraction, kept whole: which model, the prompt, the raw reply, what was read from it,
/// the problems, the tokens and the time it cost, and the error if it failed.
public struct ExtractionRun: Sendable {
    public var model: String
    public var promptVersion: String
    public var strategy: String
    /// The messages sent, as one text (role headers between them).
    public var prompt: String
    public var rawReply: String?
    /// The values as the reply wrote them, invalid ones included.
    public var writtenValues: [FieldName: String]
    public var kind: ListingKind?
    public var issues: [Issue]
    public var promptTokens: Int
    public var completionTokens: Int
    public var tokensEstimated: Bool
    public var latencyMilliseconds: Int
    public var finishReason: String?
    public var error: String?
    /// Requests beyond the first that the call needed (429s, 5xx, resets, timeouts).
    public var retries: Int = 0
    /// From the request to the first streamed token.
    public var timeToFirstTokenMilliseconds: Int?
    /// From the configured price per model, when known (at the Batch API's discount for a batched run).
    public var costUSD: Double?
    /// How the request was sent: alone, packed with other listings, or through the Batch API.
    public var delivery: Delivery = .single
    /// How many listings shared the request (1 alone); a shared request's tokens, time and cost are split among
    /// their runs, so that the runs of one request add up to it.
    public var packSize: Int = 1
    /// Names the shared request (a packed request's id; the remote batch and the item's `custom_id`).
    public var requestRef: String?
    /// This run's own name, given when it is made: storing it twice (a completion tried again after its answer was
    /// lost) stores it once.
    public var key = UUID()

    public init(
        model: String, promptVersion: String, strategy: String, prompt: String, rawReply: String? = nil,
        writtenValues: [FieldName: String] = [:], kind: ListingKind? = nil, issues: [Issue] = [], promptTokens: Int = 0,
        completionTokens: Int = 0, tokensEstimated: Bool = true, latencyMilliseconds: Int = 0,
        finishReason: String? = nil, error: String? = nil
    ) {
        self.model = model
        self.promptVersion = promptVersion
        self.strategy = strategy
        self.prompt = prompt
        self.rawReply = rawReply
        self.writtenValues = writtenValues
        self.kind = kind
        self.issues = issues
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.tokensEstimated = tokensEstimated
        self.latencyMilliseconds = latencyMilliseconds
        self.finishReason = finishReason
        self.error = error
    }
}

/// How a run's request reached the model.
public enum Delivery: String, Sendable, Hashable, CaseIterable {
    /// One listing, one request.
    case single
    /// Several listings in one request, each answered in an envelope tagged with its id.
    case packed
    /// OpenAI's asynchronous Batch API: answered within a day, at a discount.
    case batchAPI = "batch_api"
}
