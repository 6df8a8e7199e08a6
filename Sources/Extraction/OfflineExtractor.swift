import Foundation
import LLM
import ListingCore

/// The extractor that needs no API: it reads the listing (the request's task, not the prompt) with rules and
/// answers in the same docs/REPLY.md envelope a model would, so the same parser, normaliser and validator serve
/// both. It is what runs without an API key, and the fallback when the API is down.
public struct OfflineExtractor: ChatModel {
    public let name = "offline"
    /// The day used when a prompt carries none.
    let defaultDay: @Sendable () -> LocalDate

    public init(today: @escaping @Sendable () -> LocalDate) {
        self.defaultDay = today
    }

    /// Its answers are a function of the listing: asking again gives the same reply, so a re-ask is pointless.
    public var answersFollowUps: Bool { false }

    /// Rules over the text, in this process: well under a millisecond.
    public var answersLocally: Bool { true }

    public func complete(_ request: ChatRequest) async throws -> ChatReply {
        guard let task = request.task else {
            throw ChatModelError(
                .malformedResponse, "The offline extractor needs the listing itself (the request's task).")
        }
        let reply = RuleExtractor.reply(
            for: task.text, pastedOn: task.pastedOn, step: task.step, classification: task.classification)
        // Not a stream, but the same contract: the text is handed on as it becomes available (all at once here).
        request.onText?(reply)
        let usage = TokenUsage(
            promptTokens: request.messages.reduce(0) { $0 + TokenUsage.estimate($1.content) },
            completionTokens: TokenUsage.estimate(reply), estimated: true)
        return ChatReply(text: reply, usage: usage, finishReason: .stop, model: name)
    }
}
