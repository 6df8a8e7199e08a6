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
public struct ChatRequest: Sendable, Hashable {
    public var messages: [ChatMessage]
    /// The exact model name from configuration (no moving aliases).
    public var model: String
    public var temperature: Double
    public var maxTokens: Int

    public init(messages: [ChatMessage], model: String, temperature: Double = 0, maxTokens: Int = 1_500) {
        self.messages = messages
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
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
    public static func estimate(_ text: String) -> Int {
        var tokens = 0.0
        for scalar in text.unicodeScalars {
            tokens += scalar.isASCII ? 0.25 : 0.7
        }
        return Int(tokens.rounded(.up))
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

    public init(text: String, usage: TokenUsage, finishReason: FinishReason, model: String) {
        self.text = text
        self.usage = usage
        self.finishReason = finishReason
        self.model = model
    }
}

/// Messages in, reply text and usage out. The OpenAI-compatible client, the offline extractor and the test
/// models all sit behind this seam, so the same parser and validator serve every one of them.
public protocol ChatModel: Sendable {
    /// The name recorded on every extraction run.
    var name: String { get }
    /// Whether a follow-up turn can change the answer (a re-ask). False for deterministic extractors.
    var answersFollowUps: Bool { get }
    func complete(_ request: ChatRequest) async throws -> ChatReply
}

extension ChatModel {
    public var answersFollowUps: Bool { true }
}

/// A model call that failed: the API answered with an error, the network failed, or the deadline passed.
public struct ChatModelError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case timeout, network, http, refused, malformedResponse
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
