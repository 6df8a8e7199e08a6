import Extraction
import LLM
import ListingCore
import Testing

/// A model that answers from a script, and fails loudly when asked something it was not given.
struct ScriptedModel: ChatModel {
    let name: String
    let answer: @Sendable (ChatRequest) async throws -> String

    func complete(_ request: ChatRequest) async throws -> ChatReply {
        let text = try await answer(request)
        return ChatReply(
            text: text, usage: TokenUsage(promptTokens: 100, completionTokens: 20, estimated: false),
            finishReason: .stop, model: name)
    }
}

@Suite struct PipelineTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!
    let offline = OfflineExtractor(today: { LocalDate(year: 2026, month: 11, day: 20)! })

    @Test func koreanMonthlyRentalThroughTheOfflineExtractor() async {
        let pipeline = ExtractionPipeline(model: offline)
        let outcome = await pipeline.extract("망원동 원룸 월세\n보증금 1000/월 50\n관리비 5만원, 3/5층, 전용 19.8㎡", pastedOn: day)
        let fields = outcome.listing.fields
        #expect(outcome.listing.kind == .realEstate)
        #expect(fields["deal_type"] == .text("monthly_rent"))
        #expect(fields["deposit"] == .integer(10_000_000))
        #expect(fields["monthly_rent"] == .integer(500_000))
        #expect(fields["maintenance_fee"] == .integer(50_000))
        #expect(fields["floor"] == .integer(3))
        #expect(fields["total_floors"] == .integer(5))
        #expect(fields["area_m2"] == .decimal(19.8))
        #expect(outcome.runs.count == 1)
        #expect(outcome.runs[0].model == "offline")
        #expect(outcome.runs[0].rawReply?.contains("<classification>real_estate</classification>") == true)
        #expect(outcome.runs[0].promptVersion == PromptBuilder.version)
    }

    @Test func theOfflineExtractorReadsTheListingFromTheTaskNotThePrompt() async throws {
        // The prompt names one listing and the task another: the offline extractor answers the task, so nothing is
        // escaped into a prompt only to be parsed back out.
        let messages = PromptBuilder().messages(listing: "아이폰 14 팝니다 50만원", pastedOn: day)
        let task = ExtractionTask(text: "월세 500/45 원룸", pastedOn: day, step: .classifyAndExtract)
        let reply = try await offline.complete(ChatRequest(messages: messages, model: "offline", task: task))
        #expect(reply.text.contains("<classification>real_estate</classification>"))
        await #expect(throws: ChatModelError.self, "no task, no listing: it does not read prompts") {
            _ = try await offline.complete(ChatRequest(messages: messages, model: "offline"))
        }
    }

    @Test func aRentLineFollowedByALineStartingWithWonIsStillInManwon() async {
        let outcome = await ExtractionPipeline(model: offline).extract(
            "망원동 원룸 세입자 구해요\n월세 500/45\n원룸 · 전용 19.8㎡", pastedOn: day)
        #expect(outcome.listing.fields["deposit"] == .integer(5_000_000))
        #expect(outcome.listing.fields["monthly_rent"] == .integer(450_000))
        #expect(outcome.listing.fields["title"] == .text("망원동 원룸 세입자 구해요"))
    }

    @Test func aRentPairFollowedByACommaIsStillAPair() async {
        let outcome = await ExtractionPipeline(model: offline).extract("망원동 원룸 월세 500/45, 3/5층", pastedOn: day)
        #expect(outcome.listing.fields["deposit"] == .integer(5_000_000))
        #expect(outcome.listing.fields["monthly_rent"] == .integer(450_000))
    }

    @Test func aFailingModelFallsBackAndIsRecorded() async {
        let broken = ScriptedModel(name: "gpt-test") { _ in throw ChatModelError(.http, "503 Service Unavailable") }
        let pipeline = ExtractionPipeline(model: broken, fallback: offline, settings: .init())
        let outcome = await pipeline.extract("아이폰 13 프로 팝니다 45만원 직거래", pastedOn: day)
        #expect(outcome.runs.count == 2)
        #expect(outcome.runs[0].error?.contains("503") == true)
        #expect(outcome.runs[1].model == "offline")
        #expect(outcome.listing.kind == .secondHand)
        #expect(outcome.listing.fields["price"] == .integer(450_000))
    }

    @Test func aModelThatNeverAnswersHitsTheDeadline() async {
        let hanging = ScriptedModel(name: "slow") { _ in
            try await Task.sleep(for: .seconds(3_600))
            return ""
        }
        let pipeline = ExtractionPipeline(model: hanging, settings: .init(timeout: .milliseconds(200)))
        let outcome = await pipeline.extract("전세 3억 아파트", pastedOn: day)
        #expect(outcome.runs.count == 1)
        #expect(outcome.runs[0].error?.contains("timeout") == true)
        #expect(outcome.listing.kind == .realEstate, "the person still gets a draft of the classifier's kind")
        #expect(outcome.listing.issues.contains { $0.code == .modelError })
    }

    @Test func aReplyWithoutEnvelopeIsAFormatFailureButKeepsADraft() async {
        let chatty = ScriptedModel(name: "chatty") { _ in "Looks like a nice flat!" }
        let pipeline = ExtractionPipeline(model: chatty, settings: .init())
        let outcome = await pipeline.extract("월세 500/45 원룸", pastedOn: day)
        #expect(outcome.runs[0].error != nil)
        #expect(outcome.listing.issues.contains { $0.code == .noEnvelope })
        #expect(outcome.listing.fields.isEmpty)
    }
}
