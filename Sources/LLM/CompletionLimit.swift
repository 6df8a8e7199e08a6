import Synchronization

/// Which request field bounds a reply's length: `max_tokens`, which most OpenAI-compatible servers read, or
/// `max_completion_tokens`, which OpenAI's reasoning models require (they refuse `max_tokens` with a 400).
public enum CompletionLimitField: String, Sendable, CaseIterable {
    case maxTokens = "max_tokens"
    case maxCompletionTokens = "max_completion_tokens"

    var other: Self { self == .maxTokens ? .maxCompletionTokens : .maxTokens }
}

/// What each endpoint's models were found to take, for the life of the process, so that the chat client and the
/// Batch API client of one model ask alike once either learned it.
enum LearnedCompletionLimits {
    static let fields = Mutex<[String: CompletionLimitField]>([:])
}

extension OpenAIConfiguration {
    var completionLimitKey: String { "\(baseURL)|\(model)" }

    /// The field this model's requests carry now: the configured one, else the one the provider asked for, else
    /// `max_tokens`.
    public var completionLimitInUse: CompletionLimitField {
        completionLimitField ?? LearnedCompletionLimits.fields.withLock { $0[completionLimitKey] } ?? .maxTokens
    }

    /// Whether a request sent with `used` and refused with `error` should be sent again: the provider refused that
    /// field (`Unsupported parameter: 'max_tokens' … Use 'max_completion_tokens' instead`, or an unrecognised
    /// argument) and, unless a field is configured, the other one is used from now on. Learned once a model (by
    /// whichever of the requests refused together comes first), so two refusals never flip it back and forth.
    func learnCompletionLimit(from error: ChatModelError, sentWith used: CompletionLimitField) -> Bool {
        guard completionLimitField == nil, error.code == .badRequest else { return false }
        let message = error.message.lowercased()
        let refusesIt =
            message.contains(used.rawValue)
            && (message.contains(used.other.rawValue)
                || ["unsupported", "not supported", "unrecognized", "unknown", "not permitted"].contains {
                    message.contains($0)
                })
        guard refusesIt else { return false }
        return LearnedCompletionLimits.fields.withLock { fields in
            if let learned = fields[completionLimitKey] { return learned != used }
            fields[completionLimitKey] = used.other
            return true
        }
    }
}

extension OpenAIWire.Request {
    /// A request whose reply is bounded by `limit` tokens, in the field `field`.
    init(
        model: String, messages: [Message], temperature: Double, limit: Int, field: CompletionLimitField,
        stream: Bool, stream_options: StreamOptions?
    ) {
        self.init(
            model: model, messages: messages, temperature: temperature,
            max_tokens: field == .maxTokens ? limit : nil,
            max_completion_tokens: field == .maxCompletionTokens ? limit : nil, stream: stream,
            stream_options: stream_options)
    }
}
