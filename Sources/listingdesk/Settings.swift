import Configuration
import Desk
import Extraction
import Foundation
import LLM
import Logging
import Storage
import SystemPackage

/// The name of every setting. Each key's environment variable is the one people already know: `database.url` is
/// `DATABASE_URL`, `openai.apiKey` is `OPENAI_API_KEY`, `listingdesk.maxTokens` is `LISTINGDESK_MAX_TOKENS`.
enum SettingKey {
    static let databaseURL: ConfigKey = "database.url"
    static let host: ConfigKey = "host"
    static let port: ConfigKey = "port"
    static let templates: ConfigKey = "listingdesk.templates"
    static let publicFolder: ConfigKey = "listingdesk.publicFolder"
    static let logLevel: ConfigKey = "log.level"
    static let allowedHosts: ConfigKey = "listingdesk.allowedHosts"
    static let secret: ConfigKey = "listingdesk.secret"
    static let workers: ConfigKey = "listingdesk.workers"
    static let lease: ConfigKey = "listingdesk.lease"
    static let readingsPerAccount: ConfigKey = "listingdesk.readingsPerAccount"
    static let apiKey: ConfigKey = "openai.apiKey"
    static let baseURL: ConfigKey = "openai.baseURL"
    static let model: ConfigKey = "listingdesk.model"
    static let fallbackModel: ConfigKey = "listingdesk.fallbackModel"
    static let stream: ConfigKey = "listingdesk.stream"
    static let strategy: ConfigKey = "listingdesk.strategy"
    static let temperature: ConfigKey = "listingdesk.temperature"
    static let maxTokens: ConfigKey = "listingdesk.maxTokens"
    static let maxTokensField: ConfigKey = "listingdesk.maxTokensField"
    static let maxReasks: ConfigKey = "listingdesk.maxReasks"
    static let pack: ConfigKey = "listingdesk.pack"
    static let batchPoll: ConfigKey = "listingdesk.batchPoll"
    static let batchMaxTokens: ConfigKey = "listingdesk.batchMaxTokens"
    static let requestsPerMinute: ConfigKey = "listingdesk.rpm"
    static let tokensPerMinute: ConfigKey = "listingdesk.tpm"
    static let concurrency: ConfigKey = "listingdesk.concurrency"
    static let requestTimeout: ConfigKey = "listingdesk.requestTimeout"
    static let maxAttempts: ConfigKey = "listingdesk.maxAttempts"
    static let pricePrompt: ConfigKey = "listingdesk.pricePrompt"
    static let priceCompletion: ConfigKey = "listingdesk.priceCompletion"
    static let dailyTokens: ConfigKey = "listingdesk.dailyTokens"
    static let dailyCost: ConfigKey = "listingdesk.dailyCost"
    static let openSignUp: ConfigKey = "listingdesk.openSignUp"
    static let publicListings: ConfigKey = "listingdesk.publicListings"
    static let sessionHours: ConfigKey = "listingdesk.sessionHours"
    static let bcryptCost: ConfigKey = "listingdesk.bcryptCost"
}

/// How extraction calls models.
struct ModelSettings: Sendable {
    var model: String?
    var fallbackModel: String?
    var baseURL: String
    /// Never logged, never shown: `description` leaves it out.
    var apiKey: String?
    var stream: Bool
    var strategy: ExtractionPipeline.Strategy
    var temperature: Double
    var maxTokens: Int
    /// The request field that carries `maxTokens`; nil: `max_tokens` until the provider asks for the other.
    var maxTokensField: CompletionLimitField?
    var maxReasks: Int
    /// At most this many of a batch's listings in one request when the request limit paces the calls (1: never).
    var pack: Int
    /// Seconds before a Batch API batch is first polled (then doubling, to 10 minutes at most).
    var batchPoll: Double
    var batchPollInterval: Duration { .milliseconds(Int(batchPoll * 1_000)) }
    /// The account's enqueued-token limit at the Batch API for the model: imports past it go in turns.
    var batchMaxTokens: Int?
    var requestsPerMinute: Int?
    var tokensPerMinute: Int?
    var concurrency: Int
    /// Seconds one request may take.
    var requestTimeout: Double
    var maxAttempts: Int
    var pricePrompt: Double?
    var priceCompletion: Double?
    /// Each model's daily allowance (tokens, USD); past it the next model of the chain answers.
    var dailyBudget: DailyBudget

    static let defaultBaseURL = "https://api.openai.com/v1"
    /// Measured against the simulator at 600 RPM (docs/PERFORMANCE.md, "Packed requests").
    static let defaultPack = 5

    /// No model to call: `offline` named, or no key for the default endpoint.
    var wantsOffline: Bool { model == "offline" || (apiKey == nil && baseURL == Self.defaultBaseURL) }
}

/// Every setting of the program, read once, in one place, into types: a flag wins, then the environment, then the
/// project's `.env` file, then the default. Nothing else reads the environment.
struct Settings: Sendable {
    var databaseURL: String
    var host: String
    var port: Int
    var templates: String
    var publicFolder: String
    var logLevel: Logger.Level
    /// `Host` names the server answers, `name:port`; nil: the bound address's own names.
    var allowedHosts: [String]?
    /// The key of the form tokens; nil: a random one per process.
    var secret: String?
    /// How many pastes this process's worker reads at once from the queue; 0 runs no worker.
    var workers: Int
    /// Seconds an extraction job is held without renewal (how long a job waits when its process died).
    var leaseSeconds: Double
    /// How many of one account's pastes a model may be reading at once (past it, 429).
    var readingsPerAccount: Int
    var models: ModelSettings
    /// Sign-up, sessions, passwords, and whether published listings are open to anyone.
    var accounts: AccountSettings
    /// The OpenTelemetry settings (`OTEL_*`), from the environment, then `.env`: handed to the trace exporter as they
    /// are, which reads them by their standard names (TraceExport).
    var telemetry: [String: String] = [:]

    /// `flags` are the command line's values under the same keys; `environmentFile` may be missing.
    static func read(
        flags: [AbsoluteConfigKey: ConfigValue], environment: [String: String] = ProcessInfo.processInfo.environment,
        environmentFile: String = ".env"
    ) async throws -> Settings {
        let dotEnv = try await EnvironmentVariablesProvider(
            environmentFilePath: FilePath(environmentFile), allowMissing: true)
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: flags),
            EnvironmentVariablesProvider(environmentVariables: environment.filter { !$0.value.isEmpty }),
            dotEnv,
        ])
        var settings = try Settings(reader)
        settings.telemetry = try telemetrySettings(
            environment: environment, file: environmentFile, fileValue: { try dotEnv.environmentValue(forName: $0) })
        return settings
    }

    /// Every `OTEL_*` variable of the environment, and those of `.env` that the environment does not set (or sets
    /// empty). The file's names are found by a line's `NAME=`, their values read as the other settings are.
    static func telemetrySettings(
        environment: [String: String], file: String, fileValue: (String) throws -> String?
    ) throws -> [String: String] {
        var telemetry = environment.filter { $0.key.hasPrefix("OTEL_") && !$0.value.isEmpty }
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        for line in text.split(whereSeparator: \.isNewline) {
            var declaration = line.drop { $0 == " " || $0 == "\t" }
            if declaration.hasPrefix("export ") { declaration = declaration.dropFirst("export ".count) }
            guard let equals = declaration.firstIndex(of: "=") else { continue }
            let name = String(declaration[..<equals]).trimmingCharacters(in: .whitespaces)
            guard name.hasPrefix("OTEL_"), telemetry[name] == nil, let found = try fileValue(name), !found.isEmpty
            else { continue }
            telemetry[name] = found
        }
        return telemetry
    }

    init(_ config: ConfigReader) throws {
        func text(_ key: ConfigKey, secret: Bool = false) -> String? {
            config.string(forKey: key, isSecret: secret).flatMap { $0.isEmpty ? nil : $0 }
        }
        func parsed<T>(_ key: ConfigKey, _ what: String, _ parse: (String) -> T?) throws -> T? {
            guard let raw = text(key) else { return nil }
            guard let value = parse(raw) else {
                throw CommandFailure("\(Settings.environmentName(of: key)) must be \(what), not “\(raw)”.")
            }
            return value
        }
        databaseURL = text(SettingKey.databaseURL, secret: true) ?? DatabaseConfiguration.defaultURL
        host = text(SettingKey.host) ?? "127.0.0.1"
        port =
            try parsed(SettingKey.port, "a port number", { Int($0).flatMap { (0...65_535).contains($0) ? $0 : nil } })
            ?? 8080
        templates = text(SettingKey.templates) ?? "templates"
        publicFolder = text(SettingKey.publicFolder) ?? "Public"
        logLevel =
            try parsed(SettingKey.logLevel, "a log level (trace … critical)", Logger.Level.init(rawValue:)) ?? .info
        allowedHosts = text(SettingKey.allowedHosts).map { list in
            list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        secret = text(SettingKey.secret, secret: true)
        workers =
            try parsed(SettingKey.workers, "a whole number, 0 or more", { Int($0).flatMap { $0 >= 0 ? $0 : nil } })
            ?? 16
        leaseSeconds =
            try parsed(
                SettingKey.lease, "a number of seconds, 1 or more", { Double($0).flatMap { $0 >= 1 ? $0 : nil } })
            // Renewed every third of it while a job is read: a dead process's jobs are read again within this.
            ?? 15
        readingsPerAccount =
            try parsed(
                SettingKey.readingsPerAccount, "a whole number, 1 or more", { Int($0).flatMap { $0 >= 1 ? $0 : nil } })
            ?? 8
        accounts = AccountSettings(
            sessionLifetime: .seconds(
                3_600
                    * (try parsed(
                        SettingKey.sessionHours, "a whole number of hours, 1 or more",
                        { Int($0).flatMap { $0 >= 1 ? $0 : nil } }) ?? 14 * 24)),
            bcryptCost: try parsed(
                SettingKey.bcryptCost, "a whole number from 4 to 31",
                { UInt8($0).flatMap { (4...31).contains($0) ? $0 : nil } })
                ?? 12,
            openSignUp: try parsed(SettingKey.openSignUp, "true or false", Bool.init) ?? false,
            publishedOpenToAnyone: try parsed(SettingKey.publicListings, "true or false", Bool.init) ?? false)
        models = ModelSettings(
            model: text(SettingKey.model),
            fallbackModel: text(SettingKey.fallbackModel),
            baseURL: text(SettingKey.baseURL) ?? ModelSettings.defaultBaseURL,
            apiKey: text(SettingKey.apiKey, secret: true),
            stream: try parsed(SettingKey.stream, "true or false", Bool.init) ?? true,
            strategy: try parsed(SettingKey.strategy, "one_call or two_calls", ExtractionPipeline.Strategy.init)
                ?? .oneCall,
            temperature: try parsed(SettingKey.temperature, "a number", Double.init) ?? 0,
            maxTokens: try parsed(SettingKey.maxTokens, "a whole number", Int.init) ?? 1_500,
            maxTokensField: try parsed(
                SettingKey.maxTokensField, "max_tokens or max_completion_tokens", CompletionLimitField.init),
            maxReasks: max(0, try parsed(SettingKey.maxReasks, "a whole number", Int.init) ?? 1),
            pack: try parsed(
                SettingKey.pack, "a whole number from 1 to 20", { Int($0).flatMap { (1...20).contains($0) ? $0 : nil } }
            )
                ?? ModelSettings.defaultPack,
            batchPoll: try parsed(
                SettingKey.batchPoll, "a number of seconds above 0", { Double($0).flatMap { $0 > 0 ? $0 : nil } })
                ?? 30,
            batchMaxTokens: try parsed(
                SettingKey.batchMaxTokens, "a whole number of tokens above 0", { Int($0).flatMap { $0 > 0 ? $0 : nil } }
            ),
            requestsPerMinute: try parsed(SettingKey.requestsPerMinute, "a whole number", Int.init),
            tokensPerMinute: try parsed(SettingKey.tokensPerMinute, "a whole number", Int.init),
            concurrency: try parsed(SettingKey.concurrency, "a whole number", Int.init) ?? 16,
            requestTimeout: try parsed(SettingKey.requestTimeout, "a number of seconds", Double.init) ?? 60,
            maxAttempts: try parsed(SettingKey.maxAttempts, "a whole number", Int.init) ?? 5,
            pricePrompt: try parsed(SettingKey.pricePrompt, "a price in USD", Double.init),
            priceCompletion: try parsed(SettingKey.priceCompletion, "a price in USD", Double.init),
            dailyBudget: DailyBudget(
                tokens: try parsed(SettingKey.dailyTokens, "a whole number of tokens", Int.init),
                costUSD: try parsed(SettingKey.dailyCost, "an amount in USD", Double.init)))
    }

    /// The environment variable a key is read from: `listingdesk.maxTokens` → `LISTINGDESK_MAX_TOKENS`.
    static func environmentName(of key: ConfigKey) -> String {
        key.components.map { component in
            var words = ""
            for character in component {
                if character.isUppercase, let last = words.last, last.isLowercase { words.append("_") }
                words.append(character)
            }
            return words.uppercased()
        }.joined(separator: "_")
    }

    /// A logger at the configured level.
    /// A logger at the configured level; while traces are sent, each line carries its trace and span ids.
    func logger(_ label: String) -> Logger {
        var logger =
            TraceExport.wanted(telemetry)
            ? Logger(label: label, metadataProvider: TraceExport.metadataProvider) : Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }
}

/// Flag values as configuration: only the flags given, under the keys of `SettingKey`.
struct FlagValues {
    private(set) var values: [AbsoluteConfigKey: ConfigValue] = [:]

    mutating func set(_ key: ConfigKey, _ value: (some CustomStringConvertible)?, secret: Bool = false) {
        guard let value else { return }
        values[AbsoluteConfigKey(key)] = ConfigValue(.string(value.description), isSecret: secret)
    }
}
