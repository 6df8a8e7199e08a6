import LLM
import ListingCore

/// The Batch API's side of extraction: each listing's request as the one-call strategy asks it of the first model,
/// and each answer read as a single reply is (`read(_:for:run:from:)`).
extension ExtractionPipeline {
    /// The request for one listing: the one-call prompt (a batch has no second turn, so two calls and re-asks do
    /// not apply), to the first model of the chain, with the pipeline's sampling settings.
    public func batchRequest(for item: PackItem) -> ChatRequest {
        ChatRequest(
            messages: prompts.messages(.classifyAndExtract, listing: item.text, pastedOn: item.pastedOn),
            model: chain[0].name, temperature: settings.temperature, maxTokens: settings.maxTokens)
    }

    /// Reads one Batch API answer (nil: the request failed or was never run, for `failure`'s reason). `waited` is
    /// from sending the batch to reading its answers; `ref` names the request (`remote batch id:custom_id`).
    public func readBatchAnswer(
        _ reply: ChatReply?, failure: String?, for item: PackItem, request: ChatRequest, waited: Duration, ref: String
    ) -> PackResult {
        var run = ExtractionRun(
            model: request.model, promptVersion: PromptBuilder.version, strategy: Strategy.oneCall.rawValue,
            prompt: request.messages.map { "[\($0.role.rawValue)]\n\($0.content)" }.joined(separator: "\n\n"))
        run.delivery = .batchAPI
        run.requestRef = String(ref.prefix(200))
        run.latencyMilliseconds = Self.milliseconds(waited)
        guard let reply else {
            let reason = "the Batch API did not answer it (\(failure ?? "no answer"))"
            run.error = "Not read: \(reason); read again alone."
            return .alone(run, reason: reason)
        }
        run.rawReply = reply.text
        run.promptTokens = reply.usage.promptTokens
        run.completionTokens = reply.usage.completionTokens
        run.tokensEstimated = reply.usage.estimated
        run.finishReason = reply.finishReason.rawValue
        run.costUSD = reply.costUSD
        if reply.finishReason == .contentFilter {
            run.error = "The provider refused to answer (content filter); read again alone."
            return .alone(run, reason: "the provider refused to answer it")
        }
        return Self.read(reply.text, for: item, run: run, from: "its Batch API answer")
    }

    /// Whether `earlier` can be re-asked of the first model here: its model, which takes follow-ups, a re-ask
    /// allowed, and the one-call prompt it answered (not a kind the person chose since).
    func resumable(_ earlier: EarlierAnswer, forcedKind: ListingKind?) -> EarlierAnswer? {
        guard earlier.model == chain[0].name, chain[0].answersFollowUps, settings.maxReasks > 0,
            forcedKind == nil || forcedKind == .notListing, !earlier.problems.isEmpty
        else { return nil }
        return earlier
    }
}

/// A Batch API answer that could not be read (no envelope, values that could not be read): its listing is read
/// again once, alone, as that answer's re-ask, so that it costs one more request, not a fresh one and a re-ask.
public struct EarlierAnswer: Sendable {
    public var model: String
    public var reply: String
    /// What could not be read in it: quoted in the follow-up, kept on the draft.
    public var problems: [Issue]

    public init(model: String, reply: String, problems: [Issue]) {
        self.model = model
        self.reply = reply
        self.problems = problems
    }

    /// The run of a Batch API answer that was not read (`readBatchAnswer` gave it back to be read alone); nil for
    /// any other run, or one with no reply to quote.
    public init?(unread run: ExtractionRun) {
        guard run.delivery == .batchAPI, run.error?.hasPrefix("Not read") == true, let reply = run.rawReply,
            !reply.isEmpty
        else { return nil }
        self.init(
            model: run.model, reply: reply,
            problems: run.issues.filter(\.isReplyProblem))
    }

    /// What the draft says of it.
    var note: Issue {
        let reasons = problems.prefix(3).map { issue in (issue.field.map { "\($0): " } ?? "") + issue.message }
        return Issue(
            field: nil, code: .formatDeviation,
            message: "Its Batch API answer could not be used (\(reasons.joined(separator: "; "))); it was asked again "
                + "once, alone.")
    }
}
