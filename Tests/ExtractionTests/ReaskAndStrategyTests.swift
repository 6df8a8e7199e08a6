import Extraction
import LLM
import ListingCore
import Synchronization
import Testing

/// A model that answers a list of scripted replies in turn and keeps every request it was sent.
final class TurnModel: ChatModel, Sendable {
    let name = "scripted"
    private let replies: [(String, FinishReason)]
    private let state = Mutex<[ChatRequest]>([])

    init(_ replies: [(String, FinishReason)]) {
        self.replies = replies
    }

    var requests: [ChatRequest] { state.withLock { $0 } }

    func complete(_ request: ChatRequest) async throws -> ChatReply {
        let turn = state.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        guard turn < replies.count else {
            Issue.record("the model was asked more often (\(turn + 1)) than scripted (\(replies.count))")
            throw ChatModelError(.http, "unscripted call")
        }
        return ChatReply(
            text: replies[turn].0, usage: TokenUsage(promptTokens: 500, completionTokens: 100, estimated: false),
            finishReason: replies[turn].1, model: name)
    }
}

@Suite struct ReaskAndStrategyTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!
    let text = "망원동 원룸 월세 500/45, 3/5층"
    let good = """
        <thinking>rental</thinking><classification>real_estate</classification>
        <fields><deal_type evidence="월세">monthly_rent</deal_type><floor evidence="3/5층">3</floor></fields>
        """

    func pipeline(
        _ model: TurnModel, maxReasks: Int = 1, budget: Int = 16_000, strategy: ExtractionPipeline.Strategy = .oneCall
    ) -> ExtractionPipeline {
        ExtractionPipeline(model: model, settings: .init(strategy: strategy, maxReasks: maxReasks, tokenBudget: budget))
    }

    @Test func aReplyWithoutEnvelopeIsAskedAgainQuotingTheProblem() async {
        let model = TurnModel([("Sure, it's a nice flat.", .stop), (good, .stop)])
        let outcome = await pipeline(model).extract(text, pastedOn: day)
        #expect(outcome.runs.map(\.strategy) == ["one_call", "one_call:reask1"])
        #expect(outcome.listing.fields["floor"] == .integer(3))
        let followUp = model.requests[1].messages
        #expect(followUp.count == 4)
        #expect(followUp[2].role == .assistant && followUp[2].content == "Sure, it's a nice flat.")
        #expect(followUp[3].content.contains("nothing could be read from it"))
    }

    @Test func invalidValuesAreAskedAgainAndTheBetterDraftWins() async {
        let bad =
            "<classification>real_estate</classification><fields><floor>고층</floor><deal_type>monthly_rent</deal_type></fields>"
        let model = TurnModel([(bad, .stop), (good, .stop)])
        let outcome = await pipeline(model).extract(text, pastedOn: day)
        #expect(outcome.runs.count == 2)
        #expect(model.requests[1].messages.last?.content.contains("floor: “고층” is not a whole number.") == true)
        #expect(outcome.listing.fields["floor"] == .integer(3))
    }

    @Test func aWorseAnswerToTheReaskDoesNotReplaceTheBestDraft() async {
        let partial =
            "<classification>real_estate</classification><fields><floor>고층</floor><deal_type>monthly_rent</deal_type></fields>"
        let model = TurnModel([(partial, .stop), ("I cannot help.", .stop)])
        let outcome = await pipeline(model).extract(text, pastedOn: day)
        #expect(outcome.runs.count == 2)
        #expect(outcome.listing.fields["deal_type"] == .text("monthly_rent"))
    }

    @Test func aCutReplyIsNotAskedAgain() async {
        let cut = "<classification>real_estate</classification><fields><deal_type>monthly_rent</deal_type><floor>"
        let model = TurnModel([(cut, .length)])
        let outcome = await pipeline(model).extract(text, pastedOn: day)
        #expect(outcome.runs.count == 1)
        #expect(outcome.listing.fields["deal_type"] == .text("monthly_rent"))
        #expect(outcome.runs[0].issues.contains { $0.message.contains("cut off") })
    }

    @Test func reasksStopAtTheLimitAndTheBudget() async {
        let limited = TurnModel([("nothing", .stop), ("still nothing", .stop), ("never asked", .stop)])
        let outcome = await pipeline(limited, maxReasks: 1).extract(text, pastedOn: day)
        #expect(outcome.runs.count == 2)
        #expect(outcome.listing.issues.contains { $0.code == .noEnvelope })
        #expect(outcome.runs.last?.issues.contains { $0.message.contains("re-ask limit") } == true)

        let poor = TurnModel([("nothing", .stop)])
        let budgeted = await pipeline(poor, maxReasks: 3, budget: 800).extract(text, pastedOn: day)
        #expect(budgeted.runs.count == 1)
        #expect(budgeted.runs[0].issues.contains { $0.message.contains("token budget") })
    }

    @Test func twoCallsClassifyThenExtractWithOnlyThatKindsFields() async {
        let model = TurnModel([
            ("<thinking>a rental</thinking><classification>real_estate</classification>", .stop), (good, .stop),
        ])
        let outcome = await pipeline(model, strategy: .twoCalls).extract(text, pastedOn: day)
        #expect(outcome.runs.map(\.strategy) == ["two_calls:classify", "two_calls:extract"])
        let classify = model.requests[0].messages[0].content
        #expect(!classify.contains("monthly_rent:"), "the classification prompt has no field list")
        let extract = model.requests[1].messages[0].content
        #expect(extract.contains("- monthly_rent:"))
        #expect(!extract.contains("- brand:"), "only the classified kind's fields")
        #expect(outcome.listing.fields["floor"] == .integer(3))
        #expect(outcome.runs.allSatisfy { $0.prompt.contains("<listing>") })
    }

    @Test func twoCallsStopAfterTheFirstForNotAListing() async {
        let model = TurnModel([
            ("<thinking>A chat message.</thinking><classification>not_listing</classification>", .stop)
        ])
        let outcome = await pipeline(model, strategy: .twoCalls).extract("are we still on for dinner?", pastedOn: day)
        #expect(outcome.runs.count == 1)
        #expect(outcome.listing.kind == .notListing)
        #expect(outcome.listing.fields["reason"] == .text("A chat message."))
    }

    @Test func theOfflineExtractorAnswersBothStrategiesAlike() async {
        let offline = OfflineExtractor(today: { LocalDate(year: 2026, month: 11, day: 20)! })
        let one = await ExtractionPipeline(model: offline).extract(text, pastedOn: day)
        let two = await ExtractionPipeline(model: offline, settings: .init(strategy: .twoCalls)).extract(
            text, pastedOn: day)
        #expect(two.runs.map(\.strategy) == ["two_calls:classify", "two_calls:extract"])
        #expect(one.listing.fields == two.listing.fields)
        #expect(one.listing.kind == two.listing.kind)
    }
}
