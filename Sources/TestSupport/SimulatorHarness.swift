import AsyncHTTPClient
import Hummingbird
import LLM
import Logging
import ServiceLifecycle
import Simulator

/// Runs a simulator on a free loopback port for the length of `body`, with a real HTTP client.
public func withSimulator<T: Sendable>(
    _ configuration: SimulatorConfiguration,
    _ body: @Sendable (_ baseURL: String, _ simulator: Simulator, _ http: HTTPClient) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    let simulator = Simulator(configuration: configuration)
    var logger = Logger(label: "sim-test")
    logger.logLevel = .warning
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = simulator.application(logger: logger) { port in continuation.yield(port) }
    let http = OpenAIChatModel.makeHTTPClient(connectTimeout: .seconds(2))
    // The server stops gracefully (it closes its listening socket first, then finishes what it holds): cancelling
    // it outright races a connection being accepted, which NIO answers with a crash.
    let server = ServiceGroup(configuration: .init(services: [app], logger: logger))
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await server.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body("http://127.0.0.1:\(port)/v1", simulator, http))
        } catch {
            outcome = .failure(error)
        }
        // The client's connections close before the server stops. A handler still asleep in a `hang` fault does not
        // end by itself: after a grace period the server is cancelled, with its listening socket long closed.
        try? await http.shutdown()
        await server.triggerGracefulShutdown()
        group.addTask {
            try await Task.sleep(for: .seconds(2))
            return nil
        }
        _ = try await group.next()
        group.cancelAll()
        return try outcome.get()
    }
}

/// A client with its own limiter (its own registry) and fast retries, for one test.
public func simulatedModel(
    _ baseURL: String, http: HTTPClient, stream: Bool = true, attempts: Int = 3, timeout: Duration = .seconds(5),
    limits: RateLimiter.Limits = .init(), breaker: CircuitBreaker = CircuitBreaker(), model: String = "sim-model",
    limiters: RateLimiterRegistry = RateLimiterRegistry()
)
    -> OpenAIChatModel
{
    var logger = Logger(label: "client-test")
    logger.logLevel = .warning
    return OpenAIChatModel(
        configuration: OpenAIConfiguration(
            baseURL: baseURL, apiKey: "test-key", model: model, stream: stream, requestTimeout: timeout,
            retry: RetryPolicy(
                maxAttempts: attempts, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200),
                maxTotalTime: .seconds(20)),
            limits: limits, pricePerMillionPromptTokens: 2, pricePerMillionCompletionTokens: 8),
        http: http, limiters: limiters, breaker: breaker, logger: logger)
}
