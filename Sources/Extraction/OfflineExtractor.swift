import Foundation
import ListingCore
import LLM

/// The extractor that needs no API: it reads the listing out of the prompt with rules and answers in the same
/// docs/REPLY.md envelope a model would, so the same parser, normaliser and validator serve both. It is what runs
/// without an API key, and the fallback when the API is down.
public struct OfflineExtractor: ChatModel {
    public let name = "offline"
    /// The day used when a prompt carries none.
    let defaultDay: @Sendable () -> LocalDate

    public init(today: @escaping @Sendable () -> LocalDate) {
        self.defaultDay = today
    }

    /// Its answers are a function of the listing: asking again gives the same reply, so a re-ask is pointless.
    public var answersFollowUps: Bool { false }

    public func complete(_ request: ChatRequest) async throws -> ChatReply {
        // The listing is in the first user message; a follow-up turn (a re-ask) carries only the problems.
        guard let prompt = request.messages.first(where: { $0.role == .user && $0.content.contains("<listing>") })?.content,
            let (text, pastedOn) = PromptBuilder.listing(in: prompt)
        else {
            throw ChatModelError(.malformedResponse, "The prompt has no <listing> section.")
        }
        let step = PromptBuilder.step(in: prompt) ?? .classifyAndExtract
        let reply = RuleExtractor.reply(for: text, pastedOn: pastedOn ?? defaultDay(), step: step)
        // Not a stream, but the same contract: the text is handed on as it becomes available (all at once here).
        request.onText?(reply)
        let usage = TokenUsage(
            promptTokens: request.messages.reduce(0) { $0 + TokenUsage.estimate($1.content) },
            completionTokens: TokenUsage.estimate(reply), estimated: true)
        return ChatReply(text: reply, usage: usage, finishReason: .stop, model: name)
    }
}
