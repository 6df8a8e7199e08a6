import LLM
import ListingCore
import Tracing

/// What an extraction's spans say (OpenTelemetry's GenAI semantic conventions for the model calls): names, counts,
/// kinds and outcomes, never the paste, the prompt, the reply or a key. With no tracer set up (no
/// `OTEL_EXPORTER_OTLP_ENDPOINT`), the spans are the no-op tracer's and cost next to nothing.
enum ExtractionTracing {
    static let operationName = "gen_ai.operation.name"
    static let providerName = "gen_ai.provider.name"
    static let requestModel = "gen_ai.request.model"
    static let requestMaxTokens = "gen_ai.request.max_tokens"
    static let requestTemperature = "gen_ai.request.temperature"
    static let inputTokens = "gen_ai.usage.input_tokens"
    static let outputTokens = "gen_ai.usage.output_tokens"
    static let finishReasons = "gen_ai.response.finish_reasons"
    static let errorType = "error.type"

    /// A reply parsed, in its span (a model's reply, a pack's envelope, a Batch API answer).
    static func parse(_ reply: String) -> ParsedReply {
        withSpan("parse reply") { span in
            let parsed = ReplyParser.parse(reply)
            span.attributes["listingdesk.reply_fields"] = parsed.fields.count
            span.attributes["listingdesk.has_envelope"] = parsed.hasEnvelope
            return parsed
        }
    }

    /// `ReplyInterpreter.interpret` in two spans: reading the values (normalised, their evidence graded), then
    /// validating them.
    static func interpret(
        _ parsed: ParsedReply, listingText: String, pastedOn: LocalDate, fallbackKind: ListingKind
    ) -> ExtractedListing {
        var listing = withSpan("read values") { span in
            let listing = ReplyInterpreter.readValues(
                parsed, listingText: listingText, pastedOn: pastedOn, fallbackKind: fallbackKind)
            span.attributes["listingdesk.kind"] = listing.kind.rawValue
            span.attributes["listingdesk.fields"] = listing.fields.count
            return listing
        }
        listing.issues += withSpan("validate") { span in
            let found = ReplyInterpreter.validation(of: listing)
            span.attributes["listingdesk.issues"] = found.count
            return found
        }
        return listing
    }

    /// `ReviewMarks.mark` in its span.
    static func mark(
        _ listing: inout ExtractedListing, text: String, pastedOn: LocalDate, readBy reader: ReviewMarks.Reader,
        classification: Classification
    ) {
        withSpan("mark for review") { span in
            ReviewMarks.mark(&listing, text: text, pastedOn: pastedOn, readBy: reader, classification: classification)
            span.attributes["listingdesk.marks"] = listing.issues.filter(\.isMark).count
        }
    }

    /// A model call's span, before it is sent.
    static func describe(_ request: ChatRequest, by chatModel: any ChatModel, strategy: String, on span: any Span) {
        span.attributes[operationName] = "chat"
        span.attributes[providerName] = chatModel.answersLocally ? "listingdesk.offline" : "openai"
        span.attributes[requestModel] = chatModel.name
        span.attributes[requestMaxTokens] = request.maxTokens
        span.attributes[requestTemperature] = request.temperature
        span.attributes["listingdesk.strategy"] = strategy
        span.attributes["listingdesk.prompt_version"] = PromptBuilder.version
    }

    /// What the call came to: tokens, how it finished, how often it was tried; or why it failed (its code, never
    /// its message, which may quote the provider).
    static func record(_ run: ExtractionRun, failure: (any Error)?, on span: any Span) {
        span.attributes[inputTokens] = run.promptTokens
        span.attributes[outputTokens] = run.completionTokens
        span.attributes["listingdesk.tokens_estimated"] = run.tokensEstimated
        span.attributes["listingdesk.retries"] = run.retries
        if let reason = run.finishReason { span.attributes[finishReasons] = [reason] }
        if let failure {
            let type = (failure as? ChatModelError)?.code.rawValue ?? "error"
            span.attributes[errorType] = type
            span.setStatus(SpanStatus(code: .error, message: type))
        } else if run.error != nil {
            // Answered, but refused (the provider's content filter).
            span.attributes[errorType] = "content_filter"
            span.setStatus(SpanStatus(code: .error, message: "content_filter"))
        }
    }

    /// A retry or a rate-limit wait of the call, as an event on its span.
    static func event(_ progress: CallProgress) -> SpanEvent? {
        switch progress {
        case .waitingForRateLimit(let wait):
            SpanEvent(name: "gen_ai.rate_limit.wait", attributes: ["listingdesk.wait_ms": .int64(milliseconds(wait))])
        case .retrying(_, let attempt, let reason, let wait):
            SpanEvent(
                name: "gen_ai.retry",
                attributes: [
                    "listingdesk.attempt": .int64(Int64(attempt)), "error.type": .string(reason),
                    "listingdesk.wait_ms": .int64(milliseconds(wait)),
                ])
        case .fellBack: nil
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        Int64(ExtractionPipeline.milliseconds(duration))
    }
}
