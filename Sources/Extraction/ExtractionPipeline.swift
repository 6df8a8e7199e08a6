import Foundation
import LLM
import ListingCore
import Logging
import Tracing

/// What extraction gives the person: a draft to correct, and every run it took to get there.
public struct ExtractionOutcome: Sendable {
    public var listing: ExtractedListing
    public var runs: [ExtractionRun]
    /// The model whose reply the draft was read from; nil when none answered (an empty draft).
    public var answeredBy: String?
    /// The first model of the chain, when another answered instead of it.
    public var fallbackFrom: String?

    /// How the request whose reply the draft was read from reached the model; nil when none answered.
    public var delivery: Delivery? {
        guard answeredBy != nil else { return nil }
        return runs.last { $0.error == nil && $0.model == answeredBy }?.delivery ?? .single
    }

    public init(
        listing: ExtractedListing, runs: [ExtractionRun], answeredBy: String? = nil, fallbackFrom: String? = nil
    ) {
        self.listing = listing
        self.runs = runs
        self.answeredBy = answeredBy
        self.fallbackFrom = fallbackFrom
    }
}

/// build prompt → model → parse (tolerant) → normalise → validate → re-ask when the reply was unusable.
/// Never throws: when a model fails, the next in the chain gets its turn, and when all fail the person still gets
/// a draft (an empty one of the classifier's kind) with every error recorded on its runs.
public struct ExtractionPipeline: Sendable {
    /// One call that classifies and extracts, or two: classify with the kind list only, then extract that kind.
    public enum Strategy: String, Sendable, CaseIterable {
        case oneCall = "one_call"
        case twoCalls = "two_calls"
    }

    public struct Settings: Sendable {
        public var temperature: Double
        /// Bounds the reply: the envelope for the longest kind with evidence fits well within it.
        public var maxTokens: Int
        /// A model call that takes longer than this is abandoned.
        public var timeout: Duration
        public var strategy: Strategy
        /// How many follow-up turns may ask for a corrected envelope.
        public var maxReasks: Int
        /// Tokens (prompt and completion, estimated before a call) one listing may spend on re-asks.
        public var tokenBudget: Int
        /// At most this many of a batch's listings in one request, when the request limit paces the calls (1: never).
        public var pack: Int
        /// The most a packed reply may be asked to hold (`max_tokens`): the model's output limit. A pack gets
        /// `maxTokens` per listing, so this bounds how many it holds.
        public var maxPackTokens: Int

        public init(
            temperature: Double = 0, maxTokens: Int = 1_500, timeout: Duration = .seconds(180),
            strategy: Strategy = .oneCall, maxReasks: Int = 1, tokenBudget: Int = 16_000, pack: Int = 1,
            maxPackTokens: Int = 16_000
        ) {
            self.pack = max(1, pack)
            self.maxPackTokens = maxPackTokens
            self.temperature = temperature
            self.maxTokens = maxTokens
            self.timeout = timeout
            self.strategy = strategy
            self.maxReasks = maxReasks
            self.tokenBudget = tokenBudget
        }
    }

    /// The failover chain: the primary model, then any secondary, then (usually) the offline extractor.
    public let chain: [any ChatModel]
    public let settings: Settings
    let prompts = PromptBuilder()
    let logger: Logger

    public init(
        chain: [any ChatModel], settings: Settings = .init(), logger: Logger = Logger(label: "listingdesk.extraction")
    ) {
        precondition(!chain.isEmpty, "a pipeline needs at least one model")
        self.chain = chain
        self.settings = settings
        self.logger = logger
    }

    public init(
        model: any ChatModel, fallback: (any ChatModel)? = nil, settings: Settings = .init(),
        logger: Logger = Logger(label: "listingdesk.extraction")
    ) {
        self.init(chain: [model] + (fallback.map { [$0] } ?? []), settings: settings, logger: logger)
    }

    /// The first model of the chain, as runs name it.
    public var primaryModelName: String { chain[0].name }

    /// Whether the first model answers in this process (the offline extractor): then it always answers, at once.
    public var answersLocally: Bool { chain[0].answersLocally }

    /// `onText` receives the reply text as it streams in (every model's, re-asks included), for a progress display.
    /// `kind`: read the text as that kind (a person changed it), without classifying it again.
    /// `resuming`: an earlier answer of the first model that could not be read (a Batch API answer): the first call
    /// is then its re-ask, quoting it and its problems, rather than a fresh request followed by a re-ask.
    public func extract(
        _ text: String, pastedOn: LocalDate, as kind: ListingKind? = nil, resuming earlier: EarlierAnswer? = nil,
        onText: (@Sendable (String) -> Void)? = nil
    ) async -> ExtractionOutcome {
        await withSpan("extract") { span in
            let outcome = await extractAlongChain(
                text, pastedOn: pastedOn, as: kind, resuming: earlier, onText: onText, span: span)
            span.attributes["listingdesk.kind"] = outcome.listing.kind.rawValue
            span.attributes["listingdesk.answered_by"] = outcome.answeredBy ?? "none"
            if let failed = outcome.fallbackFrom { span.attributes["listingdesk.fallback_from"] = failed }
            span.attributes["listingdesk.model_calls"] = outcome.runs.count
            return outcome
        }
    }

    /// `extract`, in its span: each model of the chain in turn until one answers.
    func extractAlongChain(
        _ text: String, pastedOn: LocalDate, as kind: ListingKind?, resuming earlier: EarlierAnswer?,
        onText: (@Sendable (String) -> Void)?, span: any Span
    ) async -> ExtractionOutcome {
        var runs: [ExtractionRun] = []
        var lastDraft: Draft?
        // The keyword classifier backs up every model (a missing classification, a not-a-listing reason, a total
        // failure): it reads the text once here. A kind the person chose overrides it.
        let assessed = KindClassifier.assess(text)
        var decision = assessed.decision
        if let kind { decision = Classification(kind: kind, reason: decision.reason) }
        let resumed = earlier.flatMap { resumable($0, forcedKind: kind) }
        for (index, candidate) in chain.enumerated() {
            if index > 0 {
                CallProgress.report(.fellBack(failed: chain[index - 1].name, next: candidate.name))
                span.addEvent(
                    SpanEvent(
                        name: "listingdesk.fallback",
                        attributes: [
                            "listingdesk.failed": .string(chain[index - 1].name),
                            "listingdesk.next": .string(candidate.name),
                        ]))
            }
            let earlierRuns = runs
            let draft = await extract(
                with: candidate, text: text, pastedOn: pastedOn, decision: decision, assessment: assessed,
                forcedKind: kind, resuming: index == 0 ? resumed : nil, onText: onText, runs: &runs)
            if var listing = draft?.listing, draft?.hasEnvelope == true || index == chain.count - 1 {
                // The person must see that the values did not come from the model they expect, and why.
                if index > 0 {
                    listing.issues.insert(Self.fallbackNote(failed: earlierRuns, answeredBy: candidate.name), at: 0)
                } else if let resumed {
                    listing.issues.insert(resumed.note, at: 0)
                }
                return ExtractionOutcome(
                    listing: listing, runs: runs, answeredBy: candidate.name,
                    fallbackFrom: index > 0 ? chain[0].name : nil)
            }
            lastDraft = draft ?? lastDraft
        }
        if var listing = lastDraft?.listing {
            listing.issues.insert(Self.fallbackNote(failed: runs, answeredBy: nil), at: 0)
            return ExtractionOutcome(listing: listing, runs: runs, answeredBy: nil, fallbackFrom: chain[0].name)
        }
        // Every model failed: the person still gets an editable draft of the classifier's kind.
        var listing = ExtractedListing(kind: decision.kind)
        if decision.kind == .notListing { listing.fields[.reason] = .text(decision.reason) }
        listing.issues = runs.compactMap { run in
            run.error.map { Issue(field: nil, code: .modelError, message: "Extraction failed (\(run.model)): \($0)") }
        }
        return ExtractionOutcome(listing: listing, runs: runs, answeredBy: nil, fallbackFrom: chain[0].name)
    }

    /// Says which models could not be used and why (each one's last failure), and who read the values instead;
    /// `answeredBy` nil: no model answered in the asked format, and the values are what could be read anyway.
    static func fallbackNote(failed runs: [ExtractionRun], answeredBy reader: String?) -> Issue {
        var models: [String] = []
        for run in runs where !models.contains(run.model) { models.append(run.model) }
        let reasons = models.map { model -> String in
            let last = runs.last { $0.model == model }
            return "\(model): \(last?.error.map { String($0.prefix(200)) } ?? "its reply could not be read")"
        }
        let who =
            switch reader {
            case "offline"?: "the offline reader (rules, no model)"
            case let name?: name
            case nil: "what could be read from the last reply"
            }
        return Issue(
            field: nil, code: .modelError,
            message: "The model could not be used (\(reasons.joined(separator: "; "))). The values below come from "
                + "\(who): check each one.")
    }

    /// A draft from one model, and whether its reply had an envelope at all.
    struct Draft {
        var listing: ExtractedListing
        var hasEnvelope: Bool
        /// Problems worth a re-ask: no envelope, or values that could not be read.
        var problems: [Issue]

        /// Better means: an envelope, then fewer unreadable values, then more values.
        func isBetter(than other: Draft?) -> Bool {
            guard let other else { return true }
            if hasEnvelope != other.hasEnvelope { return hasEnvelope }
            if problems.count != other.problems.count { return problems.count < other.problems.count }
            return listing.fields.count > other.listing.fields.count
        }
    }

    /// Runs the strategy on one model. Nil when the model failed before giving anything usable (an API error).
    func extract(
        with chatModel: any ChatModel, text: String, pastedOn: LocalDate, decision: KindClassifier.Decision,
        assessment: KindClassifier.Assessment? = nil, forcedKind: ListingKind? = nil,
        resuming earlier: EarlierAnswer? = nil, onText: (@Sendable (String) -> Void)?, runs: inout [ExtractionRun]
    ) async -> Draft? {
        var step = PromptBuilder.Step.classifyAndExtract
        var label = Strategy.oneCall.rawValue
        if let forcedKind, forcedKind != .notListing {
            step = .extract(forcedKind)
            label = "reread:\(forcedKind.rawValue)"
        } else if settings.strategy == .twoCalls && earlier == nil {
            let task = ExtractionTask(text: text, pastedOn: pastedOn, step: .classify, classification: decision)
            let messages = prompts.messages(.classify, listing: text, pastedOn: pastedOn)
            var (run, reply) = await call(
                chatModel, messages, task: task, strategy: "two_calls:classify", onText: onText)
            guard let reply else {
                runs.append(run)
                return nil
            }
            let parsed = ReplyParser.parse(reply.text)
            run.kind = parsed.kind
            run.issues = parsed.issues.filter { $0.code != .noEnvelope }
            runs.append(run)
            switch parsed.kind {
            case .notListing?:
                var listing = ExtractedListing(kind: .notListing)
                let reason = parsed.thinking.flatMap { $0.isEmpty ? nil : String($0.prefix(300)) }
                listing.fields[.reason] = .text(reason ?? decision.reason)
                return Draft(listing: listing, hasEnvelope: true, problems: [])
            case let kind?:
                step = .extract(kind)
                label = "two_calls:extract"
            case nil:
                // No readable classification: the one-call prompt classifies and extracts together.
                label = "two_calls:fallback_one_call"
            }
        }

        let task = ExtractionTask(text: text, pastedOn: pastedOn, step: step, classification: decision)
        var messages = prompts.messages(step, listing: text, pastedOn: pastedOn)
        var best: Draft?
        var reasks = 0
        if let earlier {
            // The earlier answer was this one-call prompt's first reply: this call is its re-ask, and a worse
            // answer to it does not replace what the earlier one gave.
            let reread = read(
                earlier.reply, text: text, pastedOn: pastedOn, step: step, decision: decision, assessment: assessment,
                by: chatModel)
            best = reread.draft
            messages += [ChatMessage(.assistant, earlier.reply), prompts.followUp(problems: earlier.problems)]
            reasks = 1
        }
        var spent = runs.reduce(0) { $0 + $1.promptTokens + $1.completionTokens }
        while true {
            let strategy = reasks == 0 ? label : "\(label):reask\(reasks)"
            var (run, reply) = await call(chatModel, messages, task: task, strategy: strategy, onText: onText)
            guard let reply else {
                runs.append(run)
                return best
            }
            spent += run.promptTokens + run.completionTokens
            let (written, draft) = read(
                reply.text, text: text, pastedOn: pastedOn, step: step, decision: decision, assessment: assessment,
                by: chatModel)
            let problems = draft.problems
            // The run keeps what the reply had; the draft carries the marks for the review besides.
            run.kind = written.kind
            run.writtenValues = written.writtenValues
            run.issues = written.issues
            if !draft.hasEnvelope { run.error = "The reply had no envelope." }
            if draft.isBetter(than: best) { best = draft }
            guard !problems.isEmpty else {
                runs.append(run)
                return best
            }
            // Re-ask only where it can help: not after a cut reply (asking again repeats the cost), not of a model
            // that answers the same way every time, and within the re-ask and token budgets.
            let followUp = prompts.followUp(problems: problems)
            let nextCost =
                (messages + [ChatMessage(.assistant, reply.text), followUp])
                .reduce(0) { $0 + TokenUsage.estimate($1.content) } + settings.maxTokens
            var skipped: String?
            if reply.finishReason == .length {
                skipped = "the reply was cut off (max_tokens)"
            } else if !chatModel.answersFollowUps {
                runs.append(run)
                return best
            } else if reasks >= settings.maxReasks {
                skipped = "the re-ask limit (\(settings.maxReasks)) was reached"
            } else if spent + nextCost > settings.tokenBudget {
                skipped = "the token budget (\(settings.tokenBudget)) would be exceeded"
            }
            if let skipped {
                run.issues.append(Issue(field: nil, code: .formatDeviation, message: "Not asked again: \(skipped)."))
                runs.append(run)
                return best
            }
            runs.append(run)
            messages += [ChatMessage(.assistant, reply.text), followUp]
            reasks += 1
        }
    }

    /// A reply read as the draft of `step`: the listing as the reply wrote it (what its run keeps), and the draft
    /// with the review's marks and the problems worth a re-ask.
    func read(
        _ reply: String, text: String, pastedOn: LocalDate, step: PromptBuilder.Step,
        decision: KindClassifier.Decision, assessment: KindClassifier.Assessment? = nil, by chatModel: any ChatModel
    ) -> (written: ExtractedListing, draft: Draft) {
        ExtractionTracing.readReply { reading in
            let parsed = reading.parse(reply)
            var listing = reading.interpret(
                parsed, listingText: text, pastedOn: pastedOn, fallbackKind: decision.kind)
            if case .extract(let kind) = step, parsed.kind != kind, parsed.kind != nil {
                listing.issues.append(
                    Issue(
                        field: nil, code: .formatDeviation,
                        message: "Asked to extract \(kind.rawValue), the reply classified \(parsed.kind!.rawValue)."))
            }
            if listing.kind == .notListing && listing.fields[.reason] == nil {
                listing.fields[.reason] = .text(decision.reason)
            }
            let problems = listing.issues.filter(\.isReplyProblem)
            let written = listing
            reading.mark(
                &listing, text: text, pastedOn: pastedOn, readBy: chatModel.answersLocally ? .offline : .model,
                classification: decision, assessment: assessment)
            return (written, Draft(listing: listing, hasEnvelope: parsed.hasEnvelope, problems: problems))
        }
    }

    /// One model call under the deadline, recorded as a run. The reply is nil when the call failed.
    func call(
        _ chatModel: any ChatModel, _ messages: [ChatMessage], task: ExtractionTask?, strategy: String,
        maxTokens: Int? = nil, onText: (@Sendable (String) -> Void)? = nil
    ) async -> (ExtractionRun, ChatReply?) {
        let request = ChatRequest(
            messages: messages, model: chatModel.name, temperature: settings.temperature,
            maxTokens: maxTokens ?? settings.maxTokens, task: task, onText: onText)
        let run = ExtractionRun(
            model: chatModel.name, promptVersion: PromptBuilder.version,
            strategy: strategy,
            prompt: messages.map { "[\($0.role.rawValue)]\n\($0.content)" }.joined(separator: "\n\n"))
        // One span a model call (OpenTelemetry's GenAI conventions), its retries and rate-limit waits as events. The
        // offline reader, which answers here at once, calls no model: its reading is the spans that follow.
        if chatModel.answersLocally {
            return await send(request, to: chatModel, as: run, span: nil)
        }
        return await withSpan("chat \(chatModel.name)", ofKind: .client) { span in
            ExtractionTracing.describe(request, by: chatModel, strategy: strategy, on: span)
            return await send(request, to: chatModel, as: run, span: span)
        }
    }

    /// `call`'s request sent under the deadline, what came of it noted on the run and on its span, if it has one.
    func send(
        _ request: ChatRequest, to chatModel: any ChatModel, as run: ExtractionRun, span: (any Span)?
    ) async -> (ExtractionRun, ChatReply?) {
        var run = run
        let clock = ContinuousClock()
        let started = clock.now
        // A model answering in this process cannot hang (`answersLocally`): no deadline to set for it.
        let complete: @Sendable () async throws -> ChatReply = { [settings] in
            if chatModel.answersLocally { return try await chatModel.complete(request) }
            return try await withDeadline(
                settings.timeout, timeoutError: ChatModelError(.timeout, "No reply within \(settings.timeout).")
            ) { try await chatModel.complete(request) }
        }
        do {
            // Listening costs a task-local a call: only while a tracer records.
            let reply =
                if let span, span.isRecording {
                    try await CallProgress.alsoObserving({ progress in
                        if let event = ExtractionTracing.event(progress) { span.addEvent(event) }
                    }) { try await complete() }
                } else {
                    try await complete()
                }
            run.latencyMilliseconds = Self.milliseconds(clock.now - started)
            run.rawReply = reply.text
            run.promptTokens = reply.usage.promptTokens
            run.completionTokens = reply.usage.completionTokens
            run.tokensEstimated = reply.usage.estimated
            run.finishReason = reply.finishReason.rawValue
            run.retries = reply.attempts - 1
            run.timeToFirstTokenMilliseconds = reply.timeToFirstToken.map(Self.milliseconds)
            run.costUSD = reply.costUSD
            if reply.finishReason == .contentFilter {
                run.error = "The provider refused to answer (content filter)."
            }
            if let span { ExtractionTracing.record(run, failure: nil, on: span) }
            return (run, run.error == nil ? reply : nil)
        } catch {
            run.latencyMilliseconds = Self.milliseconds(clock.now - started)
            run.error = String(describing: error)
            logger.warning("model call failed", metadata: ["model": "\(run.model)", "error": "\(error)"])
            if let span { ExtractionTracing.record(run, failure: error, on: span) }
            return (run, nil)
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
