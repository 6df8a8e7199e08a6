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

    /// Reading one reply (a model's, a pack's envelope, a Batch API answer) is one span, `read reply`. Its steps are
    /// events on it, each when its step ended, with what it found: `parsed`, `values read` (normalised, their
    /// evidence graded), `validated` and `marked for review`. They run in-process in well under a millisecond; as
    /// spans of their own, four of them cost about 4% of the pastes a second with traces on (docs/PERFORMANCE.md,
    /// "What tracing costs").
    static func readReply<T>(_ work: (ReplyReading) -> T) -> T {
        withSpan("read reply") { span in work(ReplyReading(span: span)) }
    }

    /// The steps of reading a reply, each noted on the reading's span.
    struct ReplyReading {
        let span: any Span

        func parse(_ reply: String) -> ParsedReply {
            let parsed = ReplyParser.parse(reply)
            note(
                "parsed",
                [
                    "listingdesk.reply_fields": .int64(Int64(parsed.fields.count)),
                    "listingdesk.has_envelope": .bool(parsed.hasEnvelope),
                ])
            return parsed
        }

        /// `ReplyInterpreter.interpret` in its two steps: reading the values, then validating them.
        func interpret(
            _ parsed: ParsedReply, listingText: String, pastedOn: LocalDate, fallbackKind: ListingKind
        ) -> ExtractedListing {
            var listing = ReplyInterpreter.readValues(
                parsed, listingText: listingText, pastedOn: pastedOn, fallbackKind: fallbackKind)
            note(
                "values read",
                [
                    "listingdesk.kind": .string(listing.kind.rawValue),
                    "listingdesk.fields": .int64(Int64(listing.fields.count)),
                ])
            let found = ReplyInterpreter.validation(of: listing)
            listing.issues += found
            note("validated", ["listingdesk.issues": .int64(Int64(found.count))])
            return listing
        }

        /// `ReviewMarks.mark`.
        func mark(
            _ listing: inout ExtractedListing, text: String, pastedOn: LocalDate, readBy reader: ReviewMarks.Reader,
            classification: Classification, assessment: KindClassifier.Assessment? = nil
        ) {
            ReviewMarks.mark(
                &listing, text: text, pastedOn: pastedOn, readBy: reader, classification: classification,
                assessment: assessment)
            note("marked for review", ["listingdesk.marks": .int64(Int64(listing.issues.filter(\.isMark).count))])
        }

        /// An event on the span; nothing is built when no tracer records it.
        private func note(_ name: String, _ attributes: @autoclosure () -> SpanAttributes) {
            guard span.isRecording else { return }
            span.addEvent(SpanEvent(name: name, attributes: attributes()))
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
