import InMemoryTracing
import LLM
import ListingCore
import Testing
import Tracing

@testable import Extraction

/// What a model call's span says (Tests/EndToEnd/test_traces.py reads real spans at a collector): its progress as
/// events, its outcome as GenAI attributes, and nothing of the text; and the steps of reading a reply as events.
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

    @Test func readingAReplyNotesEachStepOnItsSpanWithWhatItFound() throws {
        let tracer = InMemoryTracer()
        let span = tracer.startSpan("read reply")
        let reading = ExtractionTracing.ReplyReading(span: span)
        let text = "망원동 원룸 월세 보증금 500/월 45 3/5층"
        let day = try #require(LocalDate(year: 2026, month: 11, day: 20))
        let parsed = reading.parse(
            """
            <classification>real_estate</classification><fields><deal_type evidence="월세">monthly_rent</deal_type>\
            <deposit evidence="보증금 500">5000000</deposit><floor evidence="3/5층">3</floor>\
            <monthly_rent evidence="월 70">700000</monthly_rent><rooms>lots</rooms></fields>
            """)
        var listing = reading.interpret(parsed, listingText: text, pastedOn: day, fallbackKind: .realEstate)
        reading.mark(
            &listing, text: text, pastedOn: day, readBy: .model, classification: KindClassifier.classify(text))
        span.end()

        let finished = try #require(tracer.finishedSpans.first)
        #expect(finished.events.map(\.name) == ["parsed", "values read", "validated", "marked for review"])
        let found = Dictionary(uniqueKeysWithValues: finished.events.map { ($0.name, $0.attributes) })
        #expect(found["parsed"]?["listingdesk.reply_fields"]?.toSpanAttribute() == .int64(5))
        #expect(found["parsed"]?["listingdesk.has_envelope"]?.toSpanAttribute() == .bool(parsed.hasEnvelope))
        #expect(found["values read"]?["listingdesk.kind"]?.toSpanAttribute() == .string("real_estate"))
        #expect(
            found["values read"]?["listingdesk.fields"]?.toSpanAttribute() == .int64(Int64(listing.fields.count)))
        let marks = listing.issues.filter(\.isMark).count
        #expect(marks > 0, "월 70 is not in the text")
        #expect(found["marked for review"]?["listingdesk.marks"]?.toSpanAttribute() == .int64(Int64(marks)))
        #expect(found["validated"]?["listingdesk.issues"] != nil)
        let instants = finished.events.map(\.nanosecondsSinceEpoch)
        #expect(instants == instants.sorted(), "each step noted as it ended, in order")
    }
}
