import LLM
import Testing

@Suite struct ServerSentEventTests {
    @Test func eventsSplitAcrossChunksAndLineEndings() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEventParser.Event] = []
        let stream =
            ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: note\ndata: line one\ndata: line two\n\ndata: [DONE]\r\r"
        // Byte by byte: the hardest split there is.
        for byte in stream.utf8 { events += parser.feed([byte]) }
        #expect(events.map(\.data) == ["{\"a\":1}", "line one\nline two", "[DONE]"])
        #expect(events[1].event == "note")
        #expect(!parser.hasPendingData)
    }

    @Test func aPartialEventIsPendingNotDelivered() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: {\"half\"".utf8)).isEmpty)
        #expect(parser.hasPendingData)
    }

    @Test func resetDurationsAndRetryAfter() {
        #expect(RateLimiter.parseReset("1s") == .seconds(1))
        #expect(RateLimiter.parseReset("20ms") == .milliseconds(20))
        #expect(RateLimiter.parseReset("6m0s") == .seconds(360))
        #expect(RateLimiter.parseReset("1h2m3.5s") == .milliseconds(3_723_500))
        #expect(RateLimiter.parseReset("soon") == nil)
        #expect(RetryPolicy.retryAfter(milliseconds: "250", seconds: "9") == .milliseconds(250))
        #expect(RetryPolicy.retryAfter(milliseconds: nil, seconds: "2") == .seconds(2))
    }

    @Test func backoffIsJitteredBoundedAndHonoursRetryAfter() {
        let policy = RetryPolicy(
            maxAttempts: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(8), maxTotalTime: .seconds(30))
        let server = ChatModelError(.server, "500")
        #expect(policy.delay(after: server, attempt: 1, elapsed: .zero, random: { $0 }) == .milliseconds(500))
        #expect(policy.delay(after: server, attempt: 3, elapsed: .zero, random: { $0 }) == .seconds(2))
        #expect(policy.delay(after: server, attempt: 3, elapsed: .zero, random: { _ in 0 }) == .zero)
        #expect(policy.delay(after: server, attempt: 4, elapsed: .zero) == nil, "attempts are bounded")
        #expect(policy.delay(after: server, attempt: 1, elapsed: .seconds(30)) == nil, "total time is bounded")
        let limited = ChatModelError(.rateLimited, "429", retryAfter: .milliseconds(1_200))
        #expect(policy.delay(after: limited, attempt: 1, elapsed: .zero) == .milliseconds(1_200))
        for code in [ChatModelError.Code.badRequest, .unauthorized, .quota] {
            #expect(policy.delay(after: ChatModelError(code, "no"), attempt: 1, elapsed: .zero) == nil, "\(code)")
        }
    }
}
