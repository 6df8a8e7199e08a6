import AsyncHTTPClient
import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import Simulator
import Storage
import TestSupport
import Testing
import Web

/// One account cannot hold every model call of the process: past `readingsPerAccount` pastes being read at once,
/// another is refused with 429 before anything is stored, and the places come back as the readings end.
@Suite struct ReadingLimitTests {
    static let rental = "망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층 즉시입주"

    /// The simulated model answering after `latency`, then the offline reader.
    func slowModel(_ baseURL: String, _ http: HTTPClient) -> ExtractionPipeline {
        ExtractionPipeline(
            chain: [
                simulatedModel(baseURL, http: http, attempts: 1, timeout: .seconds(20)),
                OfflineExtractor(today: { testDay }),
            ],
            settings: .init(timeout: .seconds(30)))
    }

    @Test func pastesPastTheAccountsReadingsAreRefusedAndStoreNothing() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .seconds(3))) { baseURL, _, http in
            try await withAppAndDatabase(pipeline: slowModel(baseURL, http), readingsPerAccount: 2) {
                client, repository, _ in
                let answers = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                    for path in ["/api/v1/extract", "/api/v1/listings", "/api/v1/listings"] {
                        group.addTask {
                            try await client.execute(
                                uri: path, method: .post, headers: jsonHeaders, body: json(["text": Self.rental]))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let refused = answers.filter { $0.status == .tooManyRequests }
                #expect(refused.count == 1, "two readings at once, the third refused: \(answers.map(\.status))")
                #expect(answers.filter { $0.status == .ok || $0.status == .created }.count == 2)
                let refusal = try #require(refused.first)
                #expect(refusal.headers[.retryAfter] == "2")
                let error = try #require(try decode(refusal)["error"] as? [String: Any])
                #expect(error["code"] as? String == "too_many_readings")
                let stored = try await repository.list(ListingFilter(), limit: 10, before: nil).items
                #expect(
                    stored.count == answers.filter { $0.status == .created }.count,
                    "a refused paste is not stored")

                // The places came back with the drafts: the next paste is read.
                let again = try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": Self.rental]))
                #expect(again.status == .created)
            }
        }
    }

    /// The paste form refused past the limit keeps the text, as for any other refusal.
    @Test func theFormRefusedPastTheLimitKeepsThePaste() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .seconds(4))) { baseURL, _, http in
            try await withAppAndDatabase(pipeline: slowModel(baseURL, http), readingsPerAccount: 1) {
                client, repository, _ in
                let held = Task {
                    try await client.execute(
                        uri: "/api/v1/extract", method: .post, headers: jsonHeaders, body: json(["text": Self.rental]))
                }
                // The held reading is in the model's hands once the simulator has its request.
                try await Task.sleep(for: .seconds(1))
                let page = try await client.execute(
                    uri: "/listings", method: .post, headers: formHeaders,
                    body: form([("text", "  " + Self.rental)]))
                #expect(page.status == .tooManyRequests)
                #expect(page.text.contains("pastes being read already"))
                #expect(page.text.contains("망원동 원룸 월세"), "the form keeps what was typed")
                #expect(try await repository.list(ListingFilter(), limit: 10, before: nil).items.isEmpty)
                #expect(try await held.value.status == .ok)
            }
        }
    }
}
