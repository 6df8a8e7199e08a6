import Foundation
import ListingCore
import LLM
import Logging

/// What extraction gives the person: a draft to correct, and every run it took to get there.
public struct ExtractionOutcome: Sendable {
    public var listing: ExtractedListing
    public var runs: [ExtractionRun]
}

/// build prompt → model → parse (tolerant) → normalise → validate. Never throws: when the model fails, the person
/// still gets a draft (the fallback model's, or an empty one of the classifier's kind) with the error recorded.
public struct ExtractionPipeline: Sendable {
    public struct Settings: Sendable {
        /// The exact model name sent to the API.
        public var modelName: String
        public var temperature: Double
        /// Bounds the reply: the envelope for the longest kind with evidence fits well within it.
        public var maxTokens: Int
        /// A model call that takes longer than this is abandoned.
        public var timeout: Duration

        public init(modelName: String = "offline", temperature: Double = 0, maxTokens: Int = 1_500,
                    timeout: Duration = .seconds(60))
        {
            self.modelName = modelName
            self.temperature = temperature
            self.maxTokens = maxTokens
            self.timeout = timeout
        }
    }

    let model: any ChatModel
    /// Tried when `model` fails (the offline extractor behind a real API).
    let fallback: (any ChatModel)?
    let settings: Settings
    let prompts = PromptBuilder()
    let logger: Logger

    public init(model: any ChatModel, fallback: (any ChatModel)? = nil, settings: Settings = .init(),
                logger: Logger = Logger(label: "listingdesk.extraction"))
    {
        self.model = model
        self.fallback = fallback
        self.settings = settings
        self.logger = logger
    }

    public func extract(_ text: String, pastedOn: LocalDate) async -> ExtractionOutcome {
        var runs: [ExtractionRun] = []
        for candidate in [model] + (fallback.map { [$0] } ?? []) {
            let (run, listing) = await attempt(candidate, text: text, pastedOn: pastedOn)
            runs.append(run)
            if let listing {
                return ExtractionOutcome(listing: listing, runs: runs)
            }
        }
        // Every model failed: the person still gets an editable draft of the classifier's kind.
        let decision = KindClassifier.classify(text)
        var listing = ExtractedListing(kind: decision.kind)
        if decision.kind == .notListing { listing.fields["reason"] = .text(decision.reason) }
        listing.issues = runs.compactMap { run in
            run.error.map { Issue(field: nil, code: .modelError, message: "Extraction failed (\(run.model)): \($0)") }
        }
        return ExtractionOutcome(listing: listing, runs: runs)
    }

    func attempt(_ chatModel: any ChatModel, text: String, pastedOn: LocalDate) async -> (ExtractionRun, ExtractedListing?) {
        let messages = prompts.messages(listing: text, pastedOn: pastedOn)
        let request = ChatRequest(
            messages: messages, model: chatModel.name == "offline" ? "offline" : settings.modelName,
            temperature: settings.temperature, maxTokens: settings.maxTokens)
        var run = ExtractionRun(
            model: request.model, promptVersion: PromptBuilder.version, strategy: "one_call",
            prompt: messages.map { "[\($0.role.rawValue)]\n\($0.content)" }.joined(separator: "\n\n"))
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let reply = try await withDeadline(
                settings.timeout, timeoutError: ChatModelError(.timeout, "No reply within \(settings.timeout).")
            ) { try await chatModel.complete(request) }
            run.latencyMilliseconds = Self.milliseconds(clock.now - started)
            run.rawReply = reply.text
            run.promptTokens = reply.usage.promptTokens
            run.completionTokens = reply.usage.completionTokens
            run.tokensEstimated = reply.usage.estimated
            run.finishReason = reply.finishReason.rawValue
            let parsed = ReplyParser.parse(reply.text)
            let fallbackKind = KindClassifier.classify(text).kind
            var listing = ReplyInterpreter.interpret(parsed, listingText: text, pastedOn: pastedOn, fallbackKind: fallbackKind)
            if parsed.kind == nil && listing.kind == .notListing && listing.fields["reason"] == nil {
                listing.fields["reason"] = .text(KindClassifier.classify(text).reason)
            }
            run.kind = listing.kind
            run.writtenValues = listing.writtenValues
            run.issues = listing.issues
            if !parsed.hasEnvelope {
                // A format failure: nothing read; the next model (if any) gets its turn, the draft keeps the text.
                run.error = "The reply had no envelope."
                return (run, chatModelIsLast(chatModel) ? listing : nil)
            }
            return (run, listing)
        } catch {
            run.latencyMilliseconds = Self.milliseconds(clock.now - started)
            run.error = String(describing: error)
            logger.warning("extraction failed", metadata: ["model": "\(run.model)", "error": "\(error)"])
            return (run, nil)
        }
    }

    func chatModelIsLast(_ chatModel: any ChatModel) -> Bool {
        fallback == nil || chatModel.name == fallback?.name
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// Runs `operation`, abandoning it with `timeoutError` when `limit` passes first. Nothing slow is waited on
/// without one: the model, and the database when it is down (its pool would wait for a connection forever).
public func withDeadline<T: Sendable>(
    _ limit: Duration, timeoutError: @autoclosure @escaping @Sendable () -> any Error = ChatModelError(.timeout, "No answer in time."),
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw timeoutError()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw ChatModelError(.timeout, "No reply.") }
        return first
    }
}
