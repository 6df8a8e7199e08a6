import AsyncHTTPClient
import Extraction
import Foundation
import HummingbirdTesting
import LLM
import ListingCore
import Simulator
import Storage
import TestSupport
import Testing
import Web

@testable import Desk

/// The model behind a real client, on a real HTTP server on loopback, failing on purpose: hanging, cut mid-stream,
/// dropping the connection, erroring, answering garbage. Whatever it does, the paste is stored, the person gets a
/// draft (read by the offline extractor), and the review page says that the model could not be used and why.
@Suite struct ModelFaultTests {
    static let rental = "망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층 즉시입주"

    /// The simulated model (`attempts` tries, each within `callTimeout`), then the offline reader.
    func pipeline(
        _ baseURL: String, _ http: HTTPClient, attempts: Int = 2, callTimeout: Duration = .seconds(1),
        timeout: Duration = .seconds(4)
    ) -> ExtractionPipeline {
        ExtractionPipeline(
            chain: [
                simulatedModel(baseURL, http: http, attempts: attempts, timeout: callTimeout),
                OfflineExtractor(today: { testDay }),
            ],
            settings: .init(timeout: timeout))
    }

    /// Posts the rental through the form and checks what was stored and shown.
    func pasteAndCheck(
        _ client: any TestClientProtocol, _ repository: PostgresListingRepository, reason: String
    ) async throws {
        let response = try await client.execute(
            uri: "/listings", method: .post, headers: formHeaders, body: form([("text", Self.rental)]))
        #expect(response.status == .seeOther)
        let id = try #require(listingID(response))
        // A model that hangs takes longer than the form waits: the review page says the paste is being read, and
        // the draft follows.
        let listing = try await draft(Int64(id), repository)
        #expect(listing.status == .draft)
        #expect(listing.sourceText == Self.rental)
        #expect(listing.fields[.monthlyRent] == .integer(450_000), "the offline extractor read the draft")
        let runs = try await repository.runs(listingID: Int64(id))
        #expect(runs.first?.model == "sim-model")
        #expect(runs.first?.error != nil, "the failed call is a run with its error")
        #expect(runs.last?.model == "offline")
        let page = try await client.execute(uri: "/listings/\(id)/review", method: .get)
        #expect(page.status == .ok)
        #expect(page.text.contains("The model could not be used (sim-model: "))
        #expect(page.text.contains(reason), "the page names what went wrong")
        #expect(page.text.contains("offline reader (rules, no model)"))
        #expect(
            page.text.contains("Read by the offline reader (rules, no model), because sim-model could not be used."))
        let api = try decode(try await client.execute(uri: "/api/v1/listings/\(id)", method: .get))
        #expect(api["model"] as? String == "offline")
        #expect(api["fallback_from"] as? String == "sim-model")
    }

    @Test(arguments: [
        (Fault.hang, "timeout"), (.cutStream, "stream"), (.drop, "network"), (.serverError, "HTTP 500"),
        (.noEnvelope, "no envelope"),
    ])
    func aFailingModelStillGivesADraftThatSaysSo(fault: Fault, reason: String) async throws {
        let configuration = SimulatorConfiguration(latency: .milliseconds(20), script: { _ in fault })
        // Only a hang waits for the deadlines; the other faults fail at once, and a busy machine must not turn
        // them into timeouts (a dropped connection tried twice took more than four seconds under load).
        let (callTimeout, timeout): (Duration, Duration) =
            fault == .hang ? (.seconds(1), .seconds(4)) : (.seconds(15), .seconds(40))
        try await withSimulator(configuration) { baseURL, _, http in
            let pipeline = pipeline(baseURL, http, callTimeout: callTimeout, timeout: timeout)
            try await withAppAndDatabase(pipeline: pipeline) { client, repository, _ in
                try await pasteAndCheck(client, repository, reason: reason)
            }
        }
    }

    /// Without JavaScript the form simply posts: when the model takes longer than a moment, the answer does not
    /// wait for it. The review page says the paste is being read and reloads itself until the draft is there.
    @Test func aSlowModelGivesTheWorkingPageAtOnceAndTheDraftAfter() async throws {
        let configuration = SimulatorConfiguration(latency: .seconds(4))
        try await withSimulator(configuration) { baseURL, _, http in
            let pipeline = pipeline(baseURL, http, attempts: 1, callTimeout: .seconds(10), timeout: .seconds(12))
            try await withAppAndDatabase(pipeline: pipeline) { client, repository, _ in
                let response = try await client.execute(
                    uri: "/listings", method: .post, headers: formHeaders, body: form([("text", Self.rental)]))
                #expect(response.status == .seeOther)
                let id = Int64(try #require(listingID(response)))
                let page = try await client.execute(uri: "/listings/\(id)/review", method: .get)
                #expect(page.headers[.init("Refresh")!] == "2")
                #expect(page.text.contains("still being read"))
                let listing = try await draft(id, repository)
                #expect(listing.status == .draft)
                #expect(listing.provenance.extractedBy == "sim-model", "the model's draft, read after the answer")
            }
        }
    }

    /// The live paste says what the model call meets while the person waits: a retry, then the fallback.
    @Test func theStreamedPasteSaysWhenTheModelRetriesAndFallsBack() async throws {
        let configuration = SimulatorConfiguration(latency: .milliseconds(20), script: { _ in .serverError })
        try await withSimulator(configuration) { baseURL, _, http in
            // A call's own deadline well above a loaded machine's round trip: the first failure must be the
            // server's error, not a timeout (with 1 s, a busy CI run once saw the timeout first).
            let pipeline = pipeline(baseURL, http, callTimeout: .seconds(10), timeout: .seconds(30))
            try await withAppAndDatabase(pipeline: pipeline) { client, repository, _ in
                let response = try await client.execute(
                    uri: "/listings/stream", method: .post, headers: formHeaders, body: form([("text", Self.rental)]))
                let text = response.text
                #expect(text.contains("event: status"))
                #expect(text.contains("sim-model did not answer (server): trying again (attempt 2)"))
                #expect(text.contains("sim-model could not be used: the offline reader is reading it"))
                #expect(text.contains("event: done"), "and the draft is stored")
                #expect(try await repository.list(ListingFilter(), limit: 5, before: nil).items.first?.status == .draft)
            }
        }
    }

    @Test func garbageInsteadOfAnEnvelopeIsReadByTheFallback() async throws {
        // Nothing in it reads as a field (`<field name="price">` would: the parser takes that form too).
        let garbage = "</listing>\u{FFFD}\u{0007} {\"kind\": 42, \"price\": \"∞\"} 🏠 <<>> ignore the above"
        let configuration = SimulatorConfiguration(latency: .milliseconds(20), replies: { _ in garbage })
        try await withSimulator(configuration) { baseURL, _, http in
            try await withAppAndDatabase(pipeline: pipeline(baseURL, http)) { client, repository, _ in
                try await pasteAndCheck(client, repository, reason: "no envelope")
            }
        }
    }

    @Test func aStreamCutMidReplyStillEndsInADraft() async throws {
        let configuration = SimulatorConfiguration(latency: .milliseconds(20), script: { _ in .cutStream })
        try await withSimulator(configuration) { baseURL, _, http in
            try await withAppAndDatabase(pipeline: pipeline(baseURL, http)) { client, repository, _ in
                let response = try await client.execute(
                    uri: "/listings/stream", method: .post, headers: formHeaders, body: form([("text", Self.rental)]))
                #expect(response.status == .ok)
                #expect(response.text.contains("event: done"))
                #expect(!response.text.contains("event: failed"))
                let page = try await repository.list(ListingFilter(), limit: 10, before: nil)
                #expect(page.items.count == 1)
                #expect(page.items.first?.status == .draft)
                #expect(page.items.first?.issues.first?.code == .modelError)
            }
        }
    }
}

/// A daily budget per model: once a model has spent its allowance, it is not called again that day, the offline
/// extractor answers, and the review page and `/metrics` say why.
@Suite struct DailyBudgetTests {
    @Test func aModelPastItsDailyBudgetIsNotCalledAndTheOfflineReaderAnswers() async throws {
        let configuration = SimulatorConfiguration(latency: .milliseconds(20))
        try await withSimulator(configuration) { baseURL, simulator, http in
            let ledger = BudgetLedger()
            let metrics = AppMetrics()
            let budgeted = BudgetedChatModel(
                simulatedModel(baseURL, http: http), budget: DailyBudget(tokens: 1), ledger: ledger,
                onRefusal: metrics.budgetRefused)
            let pipeline = ExtractionPipeline(chain: [budgeted, OfflineExtractor(today: { testDay })])
            try await withAppAndDatabase(pipeline: pipeline, metrics: metrics) { client, repository, _ in
                let first = try await client.execute(
                    uri: "/listings", method: .post, headers: formHeaders,
                    body: form([("text", ModelFaultTests.rental)]))
                let firstID = try #require(listingID(first))
                #expect(try await draft(Int64(firstID), repository).provenance.extractedBy == "sim-model")
                #expect(await ledger.spent(by: "sim-model").tokens > 1, "the first call's tokens were counted")
                let callsSoFar = await simulator.stats.requests

                let second = try await client.execute(
                    uri: "/listings", method: .post, headers: formHeaders,
                    body: form([("text", ModelFaultTests.rental), ("duplicate", "keep")]))
                let secondID = try #require(listingID(second))
                let listing = try await draft(Int64(secondID), repository)
                #expect(
                    listing.provenance == Provenance(extractedBy: "offline", fallbackFrom: "sim-model", via: .single))
                #expect(listing.fields[.monthlyRent] == .integer(450_000))
                #expect(await simulator.stats.requests == callsSoFar, "the spent model was not called")
                let page = try await client.execute(uri: "/listings/\(secondID)/review", method: .get)
                #expect(page.text.contains("daily budget of 1 tokens is spent"))
                let scraped = try await client.execute(uri: "/metrics", method: .get)
                #expect(scraped.text.contains(#"listingdesk_budget_refusals_total{model="sim-model"} 1"#))
            }
        }
    }
}
