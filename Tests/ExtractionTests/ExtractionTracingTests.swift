import LLM
import ListingCore
import Testing
import Tracing

@testable import Extraction

/// What a model call's span says (Tests/EndToEnd/test_traces.py reads real spans at a collector): its progress as
/// events, its outcome as GenAI attributes, and nothing of the text.
@Suite struct ExtractionTracingTests {
    @Test func aRateLimitWaitAndARetryAreEvents() throws {
        let wait = try #require(ExtractionTracing.event(.waitingForRateLimit(.milliseconds(1_500))))
        #expect(wait.name == "gen_ai.rate_limit.wait")
        #expect(wait.attributes["listingdesk.wait_ms"]?.toSpanAttribute() == .int64(1_500))
        let retry = try #require(
            ExtractionTracing.event(.retrying(model: "m", attempt: 2, reason: "server", wait: .milliseconds(250))))
        #expect(retry.name == "gen_ai.retry")
        #expect(retry.attributes["listingdesk.attempt"]?.toSpanAttribute() == .int64(2))
        #expect(retry.attributes["error.type"]?.toSpanAttribute() == .string("server"))
        #expect(retry.attributes["listingdesk.wait_ms"]?.toSpanAttribute() == .int64(250))
        #expect(ExtractionTracing.event(.fellBack(failed: "m", next: "offline")) == nil)
    }
}
