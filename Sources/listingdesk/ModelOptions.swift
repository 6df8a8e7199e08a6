import ArgumentParser
import AsyncHTTPClient
import Extraction
import Foundation
import ListingCore
import LLM
import Logging

extension ExtractionPipeline.Strategy: ExpressibleByArgument {}

/// Which model extracts, and how it is called. Flags override the environment: `OPENAI_BASE_URL` and
/// `OPENAI_API_KEY` (the names OpenAI's SDKs read), `LISTINGDESK_MODEL`, and the `LISTINGDESK_*` settings below.
/// With no key (against the default OpenAI URL) or `--model offline`, the offline extractor answers.
struct ModelOptions: ParsableArguments {
    @Option(help: "Exact model name, or `offline` (env LISTINGDESK_MODEL).") var model: String?
    @Option(help: "A second model on the same endpoint, tried when the first fails (env LISTINGDESK_FALLBACK_MODEL).")
    var fallbackModel: String?
    @Option(help: "OpenAI-compatible base URL up to /v1 (env OPENAI_BASE_URL; default https://api.openai.com/v1).")
    var baseURL: String?
    @Option(help: "API key (env OPENAI_API_KEY; prefer the environment: flags show in process lists).") var apiKey: String?
    @Flag(help: "Ask for whole replies instead of streams (some servers do not stream).") var noStream = false
    @Option(help: "one_call or two_calls (env LISTINGDESK_STRATEGY).") var strategy: ExtractionPipeline.Strategy?
    @Option(help: "Sampling temperature (env LISTINGDESK_TEMPERATURE; default 0).") var temperature: Double?
    @Option(help: "max_tokens per reply (env LISTINGDESK_MAX_TOKENS; default 1500).") var maxTokens: Int?
    @Option(help: "Follow-up turns for an unusable reply (env LISTINGDESK_MAX_REASKS; default 1).") var maxReasks: Int?
    @Option(help: "Requests per minute to pace at (env LISTINGDESK_RPM).") var rpm: Int?
    @Option(help: "Tokens per minute to pace at (env LISTINGDESK_TPM).") var tpm: Int?
    @Option(help: "Calls in flight at once (env LISTINGDESK_CONCURRENCY; default 16).") var concurrency: Int?
    @Option(help: "Seconds one request may take (env LISTINGDESK_REQUEST_TIMEOUT; default 60).") var requestTimeout: Double?
    @Option(help: "Attempts per call, first included (env LISTINGDESK_MAX_ATTEMPTS; default 5).") var maxAttempts: Int?
    @Option(help: "USD per million prompt tokens (env LISTINGDESK_PRICE_PROMPT).") var pricePrompt: Double?
    @Option(help: "USD per million completion tokens (env LISTINGDESK_PRICE_COMPLETION).") var priceCompletion: Double?

    static let defaultBaseURL = "https://api.openai.com/v1"

    func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func number<T: LosslessStringConvertible>(_ flag: T?, _ name: String) -> T? {
        flag ?? environment(name).flatMap(T.init)
    }

    /// The model chain (primary, fallback, offline) and the pipeline settings. The HTTP client is made only when a
    /// model needs one; the caller shuts it down when done.
    func pipeline(logger: Logger, http: SharedHTTPClient) throws -> (ExtractionPipeline, description: String) {
        let offline = OfflineExtractor(today: { LocalDate(Date()) })
        let modelName = model ?? environment("LISTINGDESK_MODEL")
        let key = apiKey ?? environment("OPENAI_API_KEY")
        let base = baseURL ?? environment("OPENAI_BASE_URL") ?? Self.defaultBaseURL
        var settings = ExtractionPipeline.Settings()
        settings.strategy = strategy ?? environment("LISTINGDESK_STRATEGY").flatMap(ExtractionPipeline.Strategy.init) ?? .oneCall
        if let value = number(temperature, "LISTINGDESK_TEMPERATURE") { settings.temperature = value }
        if let value = number(maxTokens, "LISTINGDESK_MAX_TOKENS") { settings.maxTokens = value }
        if let value = number(maxReasks, "LISTINGDESK_MAX_REASKS") { settings.maxReasks = max(0, value) }

        let wantsOffline = modelName == "offline" || (key == nil && base == Self.defaultBaseURL)
        if wantsOffline {
            return (ExtractionPipeline(chain: [offline], settings: settings, logger: logger), "offline")
        }
        guard let modelName else {
            throw CommandFailure("Set LISTINGDESK_MODEL (or --model) to the exact model name to use with \(base).")
        }
        let timeout = number(requestTimeout, "LISTINGDESK_REQUEST_TIMEOUT") ?? 60
        let limits = RateLimiter.Limits(
            requestsPerMinute: number(rpm, "LISTINGDESK_RPM"), tokensPerMinute: number(tpm, "LISTINGDESK_TPM"),
            maxConcurrent: number(concurrency, "LISTINGDESK_CONCURRENCY") ?? 16)
        func client(_ name: String) -> OpenAIChatModel {
            OpenAIChatModel(
                configuration: OpenAIConfiguration(
                    baseURL: base, apiKey: key, model: name, stream: !noStream,
                    requestTimeout: .milliseconds(Int(timeout * 1_000)),
                    retry: RetryPolicy(maxAttempts: number(maxAttempts, "LISTINGDESK_MAX_ATTEMPTS") ?? 5),
                    limits: limits, pricePerMillionPromptTokens: number(pricePrompt, "LISTINGDESK_PRICE_PROMPT"),
                    pricePerMillionCompletionTokens: number(priceCompletion, "LISTINGDESK_PRICE_COMPLETION")),
                http: http.client, logger: logger)
        }
        var chain: [any ChatModel] = [client(modelName)]
        if let second = fallbackModel ?? environment("LISTINGDESK_FALLBACK_MODEL") { chain.append(client(second)) }
        chain.append(offline)
        // The whole chain, retries included, must end in time: each model gets its share of the deadline.
        settings.timeout = .seconds(max(30, timeout * 3))
        let names = chain.map(\.name).joined(separator: " → ")
        return (ExtractionPipeline(chain: chain, settings: settings, logger: logger), "\(names) at \(base)")
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
