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
}
