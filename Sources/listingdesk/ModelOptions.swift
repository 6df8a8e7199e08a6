import ArgumentParser
import AsyncHTTPClient
import Extraction
import Foundation
import LLM
import ListingCore
import Logging

extension ExtractionPipeline.Strategy: ExpressibleByArgument {}

/// Which model extracts, and how it is called: the flags. Each has an environment variable (and a `.env` line) of
/// the same meaning, read by `Settings`: `OPENAI_BASE_URL` and `OPENAI_API_KEY` (the names OpenAI's SDKs read),
/// `LISTINGDESK_MODEL`, and the `LISTINGDESK_*` settings below. With no key (against the default OpenAI URL) or
/// `--model offline`, the offline extractor answers.
struct ModelOptions: ParsableArguments {
    @Option(help: "Exact model name, or `offline` (env LISTINGDESK_MODEL).") var model: String?
    @Option(help: "A second model on the same endpoint, tried when the first fails (env LISTINGDESK_FALLBACK_MODEL).")
    var fallbackModel: String?
    @Option(help: "OpenAI-compatible base URL up to /v1 (env OPENAI_BASE_URL; default https://api.openai.com/v1).")
    var baseURL: String?
    @Option(help: "API key (env OPENAI_API_KEY; prefer the environment: flags show in process lists).") var apiKey:
        String?
    @Flag(help: "Ask for whole replies instead of streams (some servers do not stream; env LISTINGDESK_STREAM=false).")
    var noStream = false
    @Option(help: "one_call or two_calls (env LISTINGDESK_STRATEGY).") var strategy: ExtractionPipeline.Strategy?
    @Option(help: "Sampling temperature (env LISTINGDESK_TEMPERATURE; default 0).") var temperature: Double?
    @Option(help: "max_tokens per reply (env LISTINGDESK_MAX_TOKENS; default 1500).") var maxTokens: Int?
    @Option(
        help:
            "The field that carries it: max_tokens or max_completion_tokens (env LISTINGDESK_MAX_TOKENS_FIELD; unset: max_tokens until the provider asks for the other)."
    )
    var maxTokensField: String?
    @Option(help: "Follow-up turns for an unusable reply (env LISTINGDESK_MAX_REASKS; default 1).") var maxReasks: Int?
    @Option(
        help:
            "At most this many of a batch's listings in one request when the request limit binds (env LISTINGDESK_PACK; default 5; 1: never)."
    )
    var pack: Int?
    @Option(help: "Requests per minute to pace at (env LISTINGDESK_RPM; unset: learned from the server's headers).")
    var rpm: Int?
    @Option(help: "Tokens per minute to pace at (env LISTINGDESK_TPM).") var tpm: Int?
    @Option(help: "Calls in flight at once (env LISTINGDESK_CONCURRENCY; default 16).") var concurrency: Int?
    @Option(help: "Seconds one request may take (env LISTINGDESK_REQUEST_TIMEOUT; default 60).") var requestTimeout:
        Double?
    @Option(help: "Attempts per call, first included (env LISTINGDESK_MAX_ATTEMPTS; default 5).") var maxAttempts: Int?
    @Option(help: "USD per million prompt tokens (env LISTINGDESK_PRICE_PROMPT).") var pricePrompt: Double?
    @Option(help: "USD per million completion tokens (env LISTINGDESK_PRICE_COMPLETION).") var priceCompletion: Double?
    @Option(help: "Tokens each model may use a day (UTC) before the next answers (env LISTINGDESK_DAILY_TOKENS).")
    var dailyTokens: Int?
    @Option(help: "USD each model may cost a day (UTC) before the next answers (env LISTINGDESK_DAILY_COST).")
    var dailyCost: Double?

    func add(to flags: inout FlagValues) {
        flags.set(SettingKey.model, model)
        flags.set(SettingKey.fallbackModel, fallbackModel)
        flags.set(SettingKey.baseURL, baseURL)
        flags.set(SettingKey.apiKey, apiKey, secret: true)
        if noStream { flags.set(SettingKey.stream, false) }
        flags.set(SettingKey.strategy, strategy?.rawValue)
        flags.set(SettingKey.temperature, temperature)
        flags.set(SettingKey.maxTokens, maxTokens)
        flags.set(SettingKey.maxTokensField, maxTokensField)
        flags.set(SettingKey.maxReasks, maxReasks)
        flags.set(SettingKey.pack, pack)
        flags.set(SettingKey.requestsPerMinute, rpm)
        flags.set(SettingKey.tokensPerMinute, tpm)
        flags.set(SettingKey.concurrency, concurrency)
        flags.set(SettingKey.requestTimeout, requestTimeout)
        flags.set(SettingKey.maxAttempts, maxAttempts)
        flags.set(SettingKey.pricePrompt, pricePrompt)
        flags.set(SettingKey.priceCompletion, priceCompletion)
        flags.set(SettingKey.dailyTokens, dailyTokens)
        flags.set(SettingKey.dailyCost, dailyCost)
    }
}

extension ModelSettings {
    /// The model chain (primary, fallback, offline) and the pipeline settings. The HTTP client is made only when a
    /// model needs one; the caller shuts it down when done. Every client of the process shares `limiters`.
    func pipeline(
        logger: Logger, http: SharedHTTPClient, limiters: RateLimiterRegistry, ledger: BudgetLedger = BudgetLedger(),
        onBudgetRefusal: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> (ExtractionPipeline, description: String) {
        let offline = OfflineExtractor(today: { LocalDate(Date()) })
        var settings = ExtractionPipeline.Settings()
        settings.strategy = strategy
        settings.temperature = temperature
        settings.maxTokens = maxTokens
        settings.maxReasks = maxReasks
        settings.pack = pack
        if wantsOffline {
            return (ExtractionPipeline(chain: [offline], settings: settings, logger: logger), "offline")
        }
        guard let model else {
            throw CommandFailure("Set LISTINGDESK_MODEL (or --model) to the exact model name to use with \(baseURL).")
        }
        let limits = RateLimiter.Limits(
            requestsPerMinute: requestsPerMinute, tokensPerMinute: tokensPerMinute, maxConcurrent: concurrency)
        func client(_ name: String) -> OpenAIChatModel {
            OpenAIChatModel(
                configuration: OpenAIConfiguration(
                    baseURL: baseURL, apiKey: apiKey, model: name, stream: stream,
                    requestTimeout: .milliseconds(Int(requestTimeout * 1_000)),
                    retry: RetryPolicy(maxAttempts: maxAttempts), limits: limits,
                    pricePerMillionPromptTokens: pricePrompt, pricePerMillionCompletionTokens: priceCompletion,
                    completionLimitField: maxTokensField),
                http: http.client, limiters: limiters, logger: logger)
        }
        func budgeted(_ name: String) -> any ChatModel {
            guard dailyBudget.isLimited else { return client(name) }
            return BudgetedChatModel(client(name), budget: dailyBudget, ledger: ledger, onRefusal: onBudgetRefusal)
        }
        var chain: [any ChatModel] = [budgeted(model)]
        if let fallbackModel { chain.append(budgeted(fallbackModel)) }
        chain.append(offline)
        // The whole chain, retries included, must end in time: each model gets its share of the deadline.
        settings.timeout = .seconds(max(30, requestTimeout * 3))
        let names = chain.map(\.name).joined(separator: " → ")
        return (ExtractionPipeline(chain: chain, settings: settings, logger: logger), "\(names) at \(baseURL)")
    }
}

extension ModelSettings {
    /// The Batch API of the first model's endpoint, key and prices; nil when the offline extractor answers.
    func batchClient(http: SharedHTTPClient, logger: Logger) -> OpenAIBatchClient? {
        guard !wantsOffline, let model else { return nil }
        return OpenAIBatchClient(
            configuration: OpenAIConfiguration(
                baseURL: baseURL, apiKey: apiKey, model: model, stream: false,
                pricePerMillionPromptTokens: pricePrompt, pricePerMillionCompletionTokens: priceCompletion,
                completionLimitField: maxTokensField),
            http: http.client, logger: logger)
    }
}

/// The process's one HTTP client for model calls, made on first use and shut down once at the end.
final class SharedHTTPClient: @unchecked Sendable {
    // Set once, from the command's own task, before any concurrent use.
    private var made: HTTPClient?

    var client: HTTPClient {
        if let made { return made }
        let created = OpenAIChatModel.makeHTTPClient()
        made = created
        return created
    }

    /// Runs `body`, then shuts the client down (if one was made) whether `body` threw or not.
    func whileOpen<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            try await made?.shutdown()
            return result
        } catch {
            try? await made?.shutdown()
            throw error
        }
    }
}
