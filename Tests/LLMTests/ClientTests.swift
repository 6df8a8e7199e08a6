import AsyncHTTPClient
import Extraction
import Foundation
import ListingCore
import Simulator
import Synchronization
import TestSupport
import Testing

@testable import LLM

/// The OpenAI-compatible client against the simulator over real HTTP on loopback.
@Suite struct ClientTests {
    let listing = ChatRequest(
        messages: PromptBuilder().messages(
            listing: "망원동 원룸 월세 500/45, 3/5층", pastedOn: LocalDate(year: 2026, month: 11, day: 20)!),
        model: "", maxTokens: 800)

    func request(for model: OpenAIChatModel) -> ChatRequest {
        var request = listing
        request.model = model.name
        return request
    }

    @Test(arguments: [true, false])
    func streamingAndNot(_ stream: Bool) async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(60), timeToFirstToken: .milliseconds(10)))
        { base, sim, http in
            let model = simulatedModel(base, http: http, stream: stream)
            let pieces = Mutex(0)
            var request = request(for: model)
            request.onText = { _ in pieces.withLock { $0 += 1 } }
            let reply = try await model.complete(request)
            #expect(reply.text.contains("<classification>real_estate</classification>"))
            #expect(reply.finishReason == .stop)
            #expect(!reply.usage.estimated, "usage comes from the server")
            #expect(reply.usage.completionTokens > 0)
            #expect(reply.attempts == 1)
            #expect((reply.costUSD ?? 0) > 0)
            if stream {
                #expect(pieces.withLock { $0 } > 1, "text is delivered as it arrives")
                #expect(reply.timeToFirstToken != nil)
            }
            #expect(await sim.stats.requests == 1)
        }
    }

    @Test(arguments: [Fault.serverError, .unavailable, .rateLimited, .drop, .cutStream])
    func retryableFailuresAreRetried(_ fault: Fault) async throws {
        let config = SimulatorConfiguration(
            latency: .milliseconds(20), timeToFirstToken: .milliseconds(5), script: { $0 == 1 ? fault : nil })
        try await withSimulator(config) { base, sim, http in
            let model = simulatedModel(base, http: http)
            let reply = try await model.complete(request(for: model))
            #expect(reply.attempts == 2)
            #expect(reply.text.contains("</fields>"))
            #expect(await sim.stats.requests == 2)
        }
    }

    @Test(arguments: [
        (Fault.badRequest, ChatModelError.Code.badRequest), (.unauthorized, .unauthorized), (.quota, .quota),
    ])
    func nonRetryableFailuresAreNot(_ fault: Fault, _ code: ChatModelError.Code) async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(20), script: { _ in fault })) {
            base, sim, http in
            let model = simulatedModel(base, http: http, attempts: 5)
            do {
                _ = try await model.complete(request(for: model))
                Issue.record("\(fault) must fail")
            } catch let error as ChatModelError {
                #expect(error.code == code)
            }
            #expect(await sim.stats.requests == 1, "never retried")
        }
    }

    /// A reasoning model refuses `max_tokens` with a 400 naming `max_completion_tokens`: the client asks again at
    /// once with that field and every later request of the model (the Batch API file too) carries it; a configured
    /// field is sent from the first request; any other 400 teaches nothing (issue 28).
    @Test func aModelThatTakesOnlyMaxCompletionTokensIsLearnedFromItsRefusal() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(5))) { base, sim, http in
            let model = simulatedModel(base, http: http, model: "reasoning-sim")
            #expect(model.configuration.completionLimitInUse == .maxTokens)
            let first = try await model.complete(request(for: model))
            #expect(first.text.contains("</fields>") && first.attempts == 2)
            #expect(await sim.stats.lengthFieldRefusals == 1)
            #expect(model.configuration.completionLimitInUse == .maxCompletionTokens)
            let second = try await model.complete(request(for: model))
            #expect(second.attempts == 1 && second.text.contains("</fields>"))
            #expect(await sim.stats.lengthFieldRefusals == 1, "learned once")
            let batch = OpenAIBatchClient(
                configuration: OpenAIConfiguration(baseURL: base, apiKey: "test-key", model: "reasoning-sim"),
                http: http)
            let line = BatchRequestLine(customID: "a", request: request(for: model))
            let file = String(
                buffer: try OpenAIBatchClient.inputFile([line], lengthField: batch.configuration.completionLimitInUse))
            #expect(file.contains(#""max_completion_tokens":800"#) && !file.contains("max_tokens\""), "\(file)")

            var configured = OpenAIConfiguration(baseURL: base, apiKey: "test-key", model: "reasoning-other")
            configured.completionLimitField = .maxCompletionTokens
            let set = OpenAIChatModel(configuration: configured, http: http, limiters: RateLimiterRegistry())
            #expect(try await set.complete(request(for: set)).attempts == 1)
            #expect(await sim.stats.lengthFieldRefusals == 1, "a configured field is sent from the start")

            let plain = simulatedModel(base, http: http, model: "sim-model")
            #expect(try await plain.complete(request(for: plain)).attempts == 1)
            #expect(plain.configuration.completionLimitInUse == .maxTokens, "a model that takes max_tokens keeps it")
        }
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(5), script: { _ in .badRequest })) {
            base, _, http in
            let model = simulatedModel(base, http: http, model: "sim-model")
            await #expect(throws: ChatModelError.self) { try await model.complete(request(for: model)) }
            #expect(model.configuration.completionLimitInUse == .maxTokens, "\"Invalid request.\" teaches nothing")
        }
    }

    /// The first requests of a pool of workers reach a reasoning model at once: each one refused for `max_tokens`
    /// is asked again with the field learned, whichever of them learned it (one fell back to the offline reader).
    @Test func requestsRefusedTogetherForTheLengthFieldAreAllAskedAgain() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(50))) { base, sim, http in
            // Limits set, so that no first request goes alone to learn them: all eight leave together.
            let model = simulatedModel(
                base, http: http, limits: .init(requestsPerMinute: 60_000, maxConcurrent: 8), model: "reasoning-pool")
            let request = request(for: model)
            let replies = try await withThrowingTaskGroup(of: ChatReply.self) { group in
                for _ in 0..<8 { group.addTask { try await model.complete(request) } }
                return try await group.reduce(into: [ChatReply]()) { $0.append($1) }
            }
            #expect(replies.count == 8 && replies.allSatisfy { $0.text.contains("</fields>") })
            #expect(await sim.stats.lengthFieldRefusals >= 1)
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        // The simulator's 429 asks to wait until its 2-second window ends.
        let config = SimulatorConfiguration(
            latency: .milliseconds(10), window: .seconds(2), script: { $0 == 1 ? .rateLimited : nil })
        try await withSimulator(config) { base, sim, http in
            let model = simulatedModel(base, http: http)
            let reply = try await model.complete(request(for: model))
            #expect(reply.attempts == 2)
            let arrivals = await sim.stats.arrivals
            #expect(arrivals.count == 2)
            // The retry came no earlier than the window's end (a lower bound, so a slow machine cannot fail it).
            #expect(arrivals[1] >= .seconds(2) - .milliseconds(50))
        }
    }

    @Test func aHangHitsTheDeadline() async throws {
        try await withSimulator(SimulatorConfiguration(script: { _ in .hang })) { base, _, http in
            let model = simulatedModel(base, http: http, attempts: 1, timeout: .milliseconds(300))
            do {
                _ = try await model.complete(request(for: model))
                Issue.record("a hang must time out")
            } catch let error as ChatModelError {
                #expect(error.code == .timeout)
            }
        }
    }

    @Test func aCutStreamIsAnErrorNotASuccess() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(20), script: { _ in .cutStream })) {
            base, _, http in
            let model = simulatedModel(base, http: http, attempts: 1)
            do {
                let reply = try await model.complete(request(for: model))
                Issue.record("a stream without [DONE] returned \(reply.text.count) characters as a success")
            } catch let error as ChatModelError {
                #expect(error.code == .streamCut)
            }
        }
    }

    @Test func finishReasonLengthIsATruncation() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(20), script: { _ in .length })) {
            base, _, http in
            let model = simulatedModel(base, http: http)
            let reply = try await model.complete(request(for: model))
            #expect(reply.finishReason == .length)
            #expect(!reply.text.contains("</fields>"))
        }
    }

    @Test func failoverToTheOfflineExtractorWhenThePrimaryIsDown() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(10), script: { _ in .unavailable })) {
            base, sim, http in
            let primary = simulatedModel(base, http: http, attempts: 2)
            let offline = OfflineExtractor(today: { LocalDate(year: 2026, month: 11, day: 20)! })
            let pipeline = ExtractionPipeline(chain: [primary, offline])
            let outcome = await pipeline.extract(
                "망원동 원룸 월세 500/45, 3/5층", pastedOn: LocalDate(year: 2026, month: 11, day: 20)!)
            #expect(outcome.runs.map(\.model) == [primary.name, "offline"])
            #expect(outcome.runs[0].error?.contains("503") == true)
            #expect(outcome.listing.fields["monthly_rent"] == .integer(450_000))
            #expect(await sim.stats.requests == 2)
        }
    }

    @Test func aReplyWithoutEnvelopeIsReaskedOverHTTP() async throws {
        let good = "<classification>real_estate</classification><fields><floor evidence=\"3/5층\">3</floor></fields>"
        let config = SimulatorConfiguration(latency: .milliseconds(10), replies: { $0 == 1 ? "Nice flat!" : good })
        try await withSimulator(config) { base, sim, http in
            let pipeline = ExtractionPipeline(chain: [simulatedModel(base, http: http)])
            let outcome = await pipeline.extract(
                "망원동 원룸 월세 500/45, 3/5층", pastedOn: LocalDate(year: 2026, month: 11, day: 20)!)
            #expect(outcome.runs.map(\.strategy) == ["one_call", "one_call:reask1"])
            #expect(outcome.listing.fields["floor"] == .integer(3))
            #expect(outcome.runs.allSatisfy { !$0.tokensEstimated })
            #expect(await sim.stats.requests == 2)
        }
    }

    @Test func theCircuitBreakerStopsCallingAFailingProvider() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(10), script: { _ in .serverError })) {
            base, sim, http in
            let breaker = CircuitBreaker(threshold: 2, coolDown: .seconds(60))
            let model = simulatedModel(base, http: http, attempts: 1, breaker: breaker)
            for _ in 0..<2 { _ = try? await model.complete(request(for: model)) }
            #expect(await sim.stats.requests == 2)
            do {
                _ = try await model.complete(request(for: model))
                Issue.record("an open circuit must refuse")
            } catch let error as ChatModelError {
                #expect(error.code == .circuitOpen)
            }
            #expect(await sim.stats.requests == 2, "nothing was sent while the circuit is open")
        }
    }

    @Test func theLimiterPacesRequestsEvenlyAcrossWindows() async throws {
        // The server takes 120 a minute over 2-second windows (4 a window); the client paces at 80 a minute (3 a
        // window at most when on time), a margin that a shared, loaded machine's scheduling jitter does not eat (at
        // 100 a minute, a full parallel run met two refusals now and then). Eight calls at once must spread out.
        let config = SimulatorConfiguration(
            latency: .milliseconds(10), timeToFirstToken: .milliseconds(5), requestsPerMinute: 120, window: .seconds(2))
        try await withSimulator(config) { base, sim, http in
            let model = simulatedModel(base, http: http, limits: .init(requestsPerMinute: 80, maxConcurrent: 8))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await model.complete(request(for: model)) } }
                try await group.waitForAll()
            }
            let stats = await sim.stats.snapshot()
            // Paced, none should be refused; one is tolerated for a machine so loaded that a request leaves half a
            // second late (a bursting client meets four or more, as the next test shows).
            #expect((stats["rate_limited"] ?? 99) <= 1)
            #expect(stats["requests"] == 8 + (stats["rate_limited"] ?? 0))
        }
    }

    @Test func limitsNotConfiguredAreLearnedFromTheServersHeaders() async throws {
        // A server that takes 240 a minute over 1-second windows (4 a window) and states its limit in
        // `x-ratelimit-limit-requests`; the client is told nothing. It sends one call, reads the limit from the
        // answer, and paces the rest to it.
        let config = SimulatorConfiguration(
            latency: .milliseconds(10), timeToFirstToken: .milliseconds(5), requestsPerMinute: 240, window: .seconds(1))
        try await withSimulator(config) { base, sim, http in
            let model = simulatedModel(base, http: http, limits: .init(maxConcurrent: 8))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await model.complete(request(for: model)) } }
                try await group.waitForAll()
            }
            #expect(await model.limiter.learnedRequestsPerMinute == 240)
            let stats = await sim.stats.snapshot()
            // Up to two refused: the first window's calls leave before the limit is learned, and a loaded parallel
            // run can push one more across a window's edge (seen once in a full run); a client that does not pace
            // meets four or more.
            #expect((stats["rate_limited"] ?? 99) <= 2, "paced to the learned limit: \(stats)")
        }
    }

    @Test func a429SlowsTheWholePaceAndSuccessesBringItBack() async {
        let limiter = RateLimiter(limits: .init(requestsPerMinute: 600, headroom: 1))
        #expect(await limiter.requestInterval == .milliseconds(100))
        await limiter.backOff(.zero)
        #expect(await limiter.requestInterval == .milliseconds(125), "a fifth slower after a 429")
        for _ in 0..<20 {
            await limiter.backOff(.zero)
        }
        #expect(await limiter.pace == 0.5, "never below half")
        for _ in 0..<30 {
            let permit = try? await limiter.acquire(tokens: 1)
            if let permit { await limiter.release(permit, actualTokens: 1) }
        }
        #expect(await limiter.pace > 0.9, "successes bring the pace back")
    }

    @Test func aNoticeableRateLimitWaitIsReported() async throws {
        let limiter = RateLimiter(limits: .init(requestsPerMinute: 60, headroom: 1))
        let heard = Mutex<[CallProgress]>([])
        try await CallProgress.observing({ progress in heard.withLock { $0.append(progress) } }) {
            for _ in 0..<2 {
                let permit = try await limiter.acquire(tokens: 1)
                await limiter.release(permit, actualTokens: 1)
            }
        }
        let reported = heard.withLock { $0 }
        #expect(reported.count == 1, "the first call goes at once; the second waits about a second, and says so")
        if case .waitingForRateLimit(let wait)? = reported.first { #expect(wait > .milliseconds(500)) }
    }

    @Test func configuredLimitsWinOverTheServers() async {
        let limiter = RateLimiter(limits: .init(requestsPerMinute: 60, headroom: 1))
        await limiter.observe(
            limitRequests: 6_000, limitTokens: nil, remainingRequests: 5_999, resetRequests: nil, remainingTokens: nil,
            resetTokens: nil)
        #expect(await limiter.requestInterval == .seconds(1))
    }

    @Test func aBurstyClientWithoutPacingMeetsThe429sThatPacingAvoids() async throws {
        // The same eight calls with no client-side limit: the simulator refuses some, so the pacing test above
        // is not passing by accident.
        // Two a window over 5-second windows: eight calls sent at once land in one window, or two at most.
        let config = SimulatorConfiguration(latency: .milliseconds(10), requestsPerMinute: 24, window: .seconds(5))
        try await withSimulator(config) { base, sim, http in
            let model = simulatedModel(
                base, http: http, attempts: 1, limits: .init(maxConcurrent: 8, learnsFromServer: false))
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try? await model.complete(request(for: model)) } }
            }
            #expect((await sim.stats.snapshot()["rate_limited"] ?? 0) >= 4)
        }
    }
}
