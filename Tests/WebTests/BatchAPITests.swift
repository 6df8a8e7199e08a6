import AsyncHTTPClient
import Extraction
import Foundation
import LLM
import ListingCore
import Logging
import NIOCore
import PostgresNIO
import Simulator
import Storage
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// OpenAI's Batch API against the simulator's files and batches endpoints: the client, and a batch's listings sent,
/// polled and stored, with failed and expired items read again the usual way; every listing read exactly once.
@Suite struct BatchAPITests {
    static func client(_ baseURL: String, http: HTTPClient, key: String = "test-key") -> OpenAIBatchClient {
        OpenAIBatchClient(
            configuration: OpenAIConfiguration(
                baseURL: baseURL, apiKey: key, model: "sim-model", pricePerMillionPromptTokens: 2,
                pricePerMillionCompletionTokens: 8),
            http: http, timeout: .seconds(10))
    }

    static let day = LocalDate(year: 2026, month: 11, day: 20)!

    static func lines(_ count: Int) -> [BatchRequestLine] {
        let builder = PromptBuilder()
        return (1...count).map { index in
            BatchRequestLine(
                customID: "listing-\(index)",
                request: ChatRequest(
                    messages: builder.messages(listing: "망원동 원룸 월세 500/4\(index % 10) 3/5층", pastedOn: day),
                    model: "sim-model"))
        }
    }

    /// Polls until the batch is over; the statuses seen on the way.
    static func waitForEnd(_ client: OpenAIBatchClient, _ id: String) async throws -> (RemoteBatch, [String]) {
        var seen: [String] = []
        for _ in 0..<200 {
            let batch = try await client.batch(id)
            if seen.last != batch.status { seen.append(batch.status) }
            if batch.isOver { return (batch, seen) }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CancellationError()
    }

    @Test func aBatchIsUploadedCreatedPolledAndAnswered() async throws {
        let configuration = SimulatorConfiguration(
            apiKey: "test-key",
            batches: BatchBehaviour(validating: .milliseconds(300), processing: .seconds(1), failureRate: 0.2))
        try await withSimulator(configuration) { baseURL, _, http in
            let client = Self.client(baseURL, http: http)
            let fileID = try await client.upload(try OpenAIBatchClient.inputFile(Self.lines(50)), filename: "in.jsonl")
            let created = try await client.create(inputFileID: fileID, metadata: ["listingdesk_batch": "1"])
            #expect(created.status == "validating" && created.input_file_id == fileID)
            let (ended, polled) = try await Self.waitForEnd(client, created.id)
            let statuses = [created.status] + polled.drop { $0 == created.status }
            // Polled as fast as a loaded machine allows: some of the stages are seen, in their order.
            let lifeCycle = ["validating", "in_progress", "finalizing", "completed"]
            let stages = statuses.compactMap { lifeCycle.firstIndex(of: $0) }
            #expect(stages.count == statuses.count && stages == stages.sorted(), "\(statuses)")
            #expect(statuses.first == "validating" && statuses.last == "completed" && statuses.count >= 2)
            let counts = try #require(ended.request_counts)
            #expect(counts.total == 50 && counts.completed + counts.failed == 50)
            #expect(counts.failed > 0 && counts.failed < 25, "about a fifth fail: \(counts.failed)")
            let output = client.answers(in: try await client.content(ofFile: try #require(ended.output_file_id)))
            let errors = client.answers(in: try await client.content(ofFile: try #require(ended.error_file_id)))
            #expect(output.count == counts.completed && errors.count == counts.failed)
            #expect(Set((output + errors).map(\.customID)).count == 50, "every request answered or failed, once")
            let first = try #require(output.first?.reply)
            #expect(first.text.contains("<classification>real_estate</classification>"))
            #expect(first.usage.promptTokens > 0 && !first.usage.estimated)
            let fullPrice = Double(first.usage.promptTokens * 2 + first.usage.completionTokens * 8) / 1_000_000
            #expect(abs((first.costUSD ?? 0) - fullPrice / 2) < 1e-9, "the Batch API's half price")
            #expect(errors.allSatisfy { $0.reply == nil && $0.failure == "HTTP 500" })
        }
    }

    @Test func anExpiredBatchAnswersPartOfItsRequests() async throws {
        let configuration = SimulatorConfiguration(batches: BatchBehaviour(expiresAfter: 0.5))
        try await withSimulator(configuration) { baseURL, _, http in
            let client = Self.client(baseURL, http: http)
            let fileID = try await client.upload(try OpenAIBatchClient.inputFile(Self.lines(20)), filename: "in.jsonl")
            let (ended, _) = try await Self.waitForEnd(client, try await client.create(inputFileID: fileID).id)
            #expect(ended.status == "expired")
            let output = client.answers(in: try await client.content(ofFile: try #require(ended.output_file_id)))
            let errors = client.answers(in: try await client.content(ofFile: try #require(ended.error_file_id)))
            #expect(output.count == 10 && errors.count == 10)
            #expect(errors.allSatisfy { $0.failure?.hasPrefix("batch_expired") == true })
        }
    }

    /// The simulator is as strict as the public Batch API: a file with a `custom_id` twice, or requests for two
    /// models, fails at validation with `errors` naming the line; the output file's answers come in any order.
    @Test func aFileTheProviderWouldRefuseFailsAtValidationWithItsReasons() async throws {
        try await withSimulator(SimulatorConfiguration()) { baseURL, _, http in
            let client = Self.client(baseURL, http: http)
            var twice = Self.lines(3)
            twice[2].customID = twice[0].customID
            let duplicate = try await client.upload(try OpenAIBatchClient.inputFile(twice), filename: "in.jsonl")
            let (refused, _) = try await Self.waitForEnd(client, try await client.create(inputFileID: duplicate).id)
            #expect(refused.status == "failed" && refused.output_file_id == nil)
            #expect(refused.refusal?.contains("duplicate_custom_id") == true, "\(refused)")
            #expect(refused.refusal?.contains("line 3") == true, "\(refused.refusal ?? "")")

            var mixed = Self.lines(2)
            mixed[1].request.model = "another-model"
            let models = try await client.upload(try OpenAIBatchClient.inputFile(mixed), filename: "in.jsonl")
            let (other, _) = try await Self.waitForEnd(client, try await client.create(inputFileID: models).id)
            #expect(other.status == "failed" && other.refusal?.contains("model") == true, "\(other)")

            let many = try await client.upload(try OpenAIBatchClient.inputFile(Self.lines(30)), filename: "in.jsonl")
            let (done, _) = try await Self.waitForEnd(client, try await client.create(inputFileID: many).id)
            let order = client.answers(in: try await client.content(ofFile: try #require(done.output_file_id)))
                .map(\.customID)
            #expect(Set(order).count == 30 && order != Self.lines(30).map(\.customID), "answers in any order")
        }
    }

    @Test func aWrongKeyOrAnUnknownFileIsRefused() async throws {
        try await withSimulator(SimulatorConfiguration(apiKey: "right")) { baseURL, _, http in
            await #expect(throws: ChatModelError.self) {
                _ = try await Self.client(baseURL, http: http, key: "wrong").upload(
                    ByteBuffer(string: "{}\n"), filename: "x")
            }
            await #expect(throws: ChatModelError.self) {
                _ = try await Self.client(baseURL, http: http, key: "right").create(inputFileID: "file-none")
            }
        }
    }

    // MARK: Through the app

    static func withBatchAPI(
        _ behaviour: BatchBehaviour,
        _ body: @Sendable (BatchAPIService, ExtractionWorker, PostgresListingRepository, Simulator) async throws -> Void
    ) async throws {
        try await withBatchAPI(behaviour) { api, worker, repository, simulator, _ in
            try await body(api, worker, repository, simulator)
        }
    }

    static func withBatchAPI(
        _ behaviour: BatchBehaviour,
        _ body:
            @Sendable (BatchAPIService, ExtractionWorker, PostgresListingRepository, Simulator, PostgresClient)
            async throws -> Void
    ) async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PostgresListingRepository(client: database, logger: TestDatabase.logger)
            try await withSimulator(SimulatorConfiguration(latency: .milliseconds(2), batches: behaviour)) {
                baseURL, simulator, http in
                let model = simulatedModel(baseURL, http: http, limits: .init(requestsPerMinute: 60_000))
                let pipeline = ExtractionPipeline(
                    chain: [model, OfflineExtractor(today: { testDay })], settings: .init(pack: 5))
                let service = ListingService(
                    repository: repository, pipeline: pipeline, today: { testDay }, metrics: AppMetrics(),
                    lease: LeaseTerms(holder: "batch-api-test", duration: .seconds(30)))
                let api = BatchAPIService(
                    client: Self.client(baseURL, http: http), repository: repository, service: service,
                    pollInterval: .milliseconds(50),
                    logger: TestDatabase.logger)
                let worker = ExtractionWorker(
                    service: service, configuration: WorkerConfiguration(concurrency: 8), logger: TestDatabase.logger)
                try await body(api, worker, repository, simulator, database)
            }
        }
    }

    /// Sends, polls until applied, then lets the workers read what came back to the queue.
    static func roundTrip(
        _ count: Int, api: BatchAPIService, worker: ExtractionWorker, repository: PostgresListingRepository
    ) async throws -> (batch: Int64, ids: [Int64], record: RemoteBatchRecord) {
        let texts = (0..<count).map { (PackingTests.texts[$0 % 5] + " #\($0)", testDay) }
        let (batchID, ids) = try await PackingTests.importBatch(texts, into: repository)
        let sent = try #require(try await api.submit(batchID: batchID, for: .operatorCommand))
        #expect(sent.state == .submitted && sent.total == count && sent.remoteID != nil)
        let progress = try #require(try await repository.batch(id: batchID, limit: 1))
        #expect(progress.counts[.sent] == count, "held by the remote batch")
        #expect(await worker.runOnce() == 0, "no worker takes a listing the Batch API holds")
        var record = sent
        for _ in 0..<400 where record.state != .applied {
            await api.pollDue()
            try await Task.sleep(for: .milliseconds(10))
            record = try #require(try await repository.remoteBatches(of: batchID).first)
        }
        #expect(record.state == .applied)
        await PackingTests.drain(worker)
        return (batchID, ids, record)
    }

    /// Polls until the batch's newest remote batch is applied, lets the worker read what came back, and expects
    /// each listing read once, from its Batch API answer.
    static func applyThenExpectEachReadOnceByTheBatchAPI(
        _ batchID: Int64, ids: [Int64], api: BatchAPIService, worker: ExtractionWorker,
        repository: PostgresListingRepository
    ) async throws {
        for _ in 0..<200 {
            await api.pollDue()
            if try await repository.remoteBatches(of: batchID).first?.state == .applied { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await repository.remoteBatches(of: batchID).first?.state == .applied)
        await PackingTests.drain(worker)
        for id in ids {
            let runs = try await repository.runs(listingID: id)
            #expect(runs.map(\.delivery) == [.batchAPI] && runs[0].error == nil, "listing \(id) read once")
        }
    }

    /// Holds the batch's listings and makes their remote batch at the provider as `submit` does, then stops before
    /// recording it, as a process killed in between would; the row, left `submitting`.
    @discardableResult
    static func sendAndStopBeforeSayingSo(
        _ batchID: Int64, api: BatchAPIService, repository: PostgresListingRepository
    ) async throws -> RemoteBatchRecord {
        let (record, jobs) = try #require(try await repository.holdForRemote(batchID: batchID, model: "m", limit: 100))
        let identity = BatchAPIIdentity(installation: try await repository.installationID(), token: record.token)
        let lines = jobs.map { job in
            BatchRequestLine(
                customID: identity.customID(listingID: job.listingID),
                request: api.service.pipeline.batchRequest(for: BatchAPIService.item(job)))
        }
        let file = try await api.client.upload(try OpenAIBatchClient.inputFile(lines), filename: "in.jsonl")
        _ = try await api.client.create(
            inputFileID: file, metadata: identity.metadata(batchID: batchID, remoteID: record.id))
        return record
    }

    @Test func everyListingIsReadExactlyOnceWhenSomeRequestsFail() async throws {
        try await Self.withBatchAPI(BatchBehaviour(failureRate: 0.1)) { api, worker, repository, simulator in
            let (batchID, ids, record) = try await Self.roundTrip(60, api: api, worker: worker, repository: repository)
            #expect(record.failed > 0 && record.requeued == 0, "failed items went back one by one, with their runs")
            var batched = 0
            for id in ids {
                let runs = try await repository.runs(listingID: id)
                #expect(runs.filter { $0.error == nil }.count == 1, "listing \(id) read exactly once")
                #expect(runs.first?.delivery == .batchAPI)
                if runs.count == 1 {
                    batched += 1
                    let run = runs[0]
                    #expect(run.requestRef?.hasSuffix("_\(id)") == true, "\(run.requestRef ?? "")")
                    let full = Double(run.promptTokens * 2 + run.completionTokens * 8) / 1_000_000
                    #expect(abs((run.costUSD ?? 0) - full / 2) < 1e-9)
                    #expect(try await repository.find(id: id)?.provenance.via == .batchAPI)
                } else {
                    #expect(runs[0].error?.contains("HTTP 500") == true)
                    #expect(runs.dropFirst().allSatisfy { $0.delivery != .batchAPI })
                }
                #expect(try await repository.find(id: id)?.status != .extracting)
            }
            let answered = await simulator.batchRequestsAnswered
            #expect(batched == record.completed && batched == answered)
            let done = try #require(try await repository.batch(id: batchID, limit: 1))
            #expect(done.isFinished && done.counts[.done] == 60)
        }
    }

    /// A Batch API answer that is not the envelope asked for is asked again once, alone, as the re-ask of that
    /// answer (its reply and its problems quoted), not packed with others nor asked afresh and then re-asked; the
    /// draft says why it was asked again (issue 28).
    @Test func anUnreadableBatchAnswerIsAskedAgainOnceAloneQuotingItsProblems() async throws {
        try await Self.withBatchAPI(BatchBehaviour(unreadableRate: 0.2)) { api, worker, repository, _ in
            let (_, ids, record) = try await Self.roundTrip(40, api: api, worker: worker, repository: repository)
            var unreadable = 0
            for id in ids {
                let runs = try await repository.runs(listingID: id)
                guard let first = runs.first, first.error?.hasPrefix("Not read") == true else {
                    #expect(runs.count == 1 && runs.first?.delivery == .batchAPI, "listing \(id): \(runs.count) runs")
                    continue
                }
                unreadable += 1
                #expect(runs.count == 2, "listing \(id): one more request, not a fresh one and a re-ask")
                let again = try #require(runs.last)
                #expect(again.delivery == .single && again.strategy == "one_call:reask1", "\(again.strategy)")
                #expect(again.prompt.contains(try #require(first.rawReply)), "the answer it could not read is quoted")
                #expect(again.prompt.contains("<problems>") && again.error == nil)
                let listing = try #require(try await repository.find(id: id))
                #expect(
                    listing.status != .extracting && listing.provenance.extractedBy == "sim-model", "\(listing.status)")
                #expect(
                    listing.issues.contains {
                        $0.message.contains("Batch API answer could not be used")
                            && $0.message.contains("nothing could be read")
                    },
                    "\(listing.issues.map(\.message))")
            }
            #expect(unreadable > 0 && unreadable == record.outcomes.unreadable, "\(record.outcomes)")
        }
    }

    @Test func anExpiredBatchSendsWhatItDidNotAnswerBackToTheQueue() async throws {
        try await Self.withBatchAPI(BatchBehaviour(expiresAfter: 0.4)) { api, worker, repository, _ in
            let (_, ids, record) = try await Self.roundTrip(30, api: api, worker: worker, repository: repository)
            #expect(record.remoteStatus == "expired" && record.completed == 12)
            for id in ids {
                let runs = try await repository.runs(listingID: id)
                #expect(runs.filter { $0.error == nil }.count == 1, "listing \(id) read exactly once")
            }
            let expired = try await ids.asyncFilter { id in
                try await repository.runs(listingID: id).first?.error?.contains("batch_expired") == true
            }
            #expect(expired.count == 18)
        }
    }

    /// A process that stopped while sending: a batch the provider made (found by the row's identity in its metadata) is
    /// followed; a submission it never got goes back to the queue. Nothing is lost or read twice.
    @Test func anInterruptedSubmissionIsFollowedOrSentBack() async throws {
        try await Self.withBatchAPI(BatchBehaviour()) { api, worker, repository, _, database in
            let (made, madeIDs) = try await PackingTests.importBatch(
                PackingTests.texts.map { ($0, testDay) }, into: repository)
            let (lost, _) = try await PackingTests.importBatch(
                PackingTests.texts.map { ($0 + " (2)", testDay) }, into: repository)
            // The first: held, sent and made at the provider, but the process stopped before it said so.
            try await Self.sendAndStopBeforeSayingSo(made, api: api, repository: repository)
            // The second: held, never sent.
            _ = try #require(try await repository.holdForRemote(batchID: lost, model: "m", limit: 100))
            // Both were left half-way an hour ago.
            try await database.query(
                "UPDATE remote_batches SET created_at = now() - interval '1 hour'", logger: TestDatabase.logger)
            for _ in 0..<200 {
                await api.pollDue()
                if try await repository.remoteBatches(of: made).first?.state == .applied { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await repository.remoteBatches(of: made).first?.state == .applied)
            #expect(try await repository.remoteBatches(of: lost).first?.state == .abandoned)
            await PackingTests.drain(worker)
            for id in madeIDs {
                let runs = try await repository.runs(listingID: id)
                #expect(runs.map(\.delivery) == [.batchAPI] && runs[0].error == nil)
            }
            #expect(try await repository.batch(id: lost, limit: 1)?.counts[.done] == 5)
        }
    }

    /// Two installations on one API key (staging and production, a restored copy): each numbers its remote batches
    /// and listings from 1. Database B's send was interrupted while database A had a batch at the provider; B's
    /// recovery must not take A's batch for its own, nor store A's answers in B's listings (issue 28).
    @Test func anotherInstallationsBatchIsNeverTakenForOurs() async throws {
        try await Self.withBatchAPI(BatchBehaviour()) { apiA, workerA, repositoryA, _, _ in
            let (batchA, idsA) = try await PackingTests.importBatch(
                PackingTests.texts.map { ($0, testDay) }, into: repositoryA)
            let sentA = try #require(try await apiA.submit(batchID: batchA, for: .operatorCommand))
            try await TestDatabase.withDatabase { databaseB, _ in
                let repositoryB = PostgresListingRepository(client: databaseB, logger: TestDatabase.logger)
                let serviceB = ListingService(
                    repository: repositoryB, pipeline: apiA.service.pipeline, today: { testDay },
                    metrics: AppMetrics(), lease: LeaseTerms(holder: "installation-b", duration: .seconds(30)))
                let apiB = BatchAPIService(
                    client: apiA.client, repository: repositoryB, service: serviceB, pollInterval: .milliseconds(50),
                    logger: TestDatabase.logger)
                let workerB = ExtractionWorker(
                    service: serviceB, configuration: WorkerConfiguration(concurrency: 4), logger: TestDatabase.logger)
                let textsB = [
                    "Disney's Lilo Stitch Christmas Cookie Canister $41", "합정동 쓰리룸 매매 6억 5천, 7/15층",
                    "Free couch, you pick up in Queens", "성수동 사무실 월세 1000/90", "Vintage Nikon FM2 camera $260",
                ]
                let (batchB, idsB) = try await PackingTests.importBatch(textsB.map { ($0, testDay) }, into: repositoryB)
                // B held its listings for a remote batch, and stopped before the provider had it.
                let (heldB, _) = try #require(
                    try await repositoryB.holdForRemote(batchID: batchB, model: "m", limit: 100))
                #expect(heldB.id == sentA.id, "both installations number their remote batches alike")
                try await databaseB.query(
                    "UPDATE remote_batches SET created_at = now() - interval '1 hour'", logger: TestDatabase.logger)
                for _ in 0..<200 {
                    await apiB.pollDue()
                    if try await repositoryB.remoteBatches(of: batchB).first?.state != .submitting { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let recordB = try #require(try await repositoryB.remoteBatches(of: batchB).first)
                #expect(recordB.state == .abandoned, "B has no batch at the provider: \(recordB)")
                #expect(recordB.remoteID == nil, "A's batch is not B's")
                await PackingTests.drain(workerB)
                for (id, text) in zip(idsB, textsB) {
                    let runs = try await repositoryB.runs(listingID: id)
                    #expect(runs.allSatisfy { $0.delivery != .batchAPI }, "\(text): read by B's own workers")
                    #expect(runs.filter { $0.error == nil }.count == 1, "\(text): read once")
                    #expect(try await repositoryB.find(id: id)?.sourceText == text)
                }
            }
            // A's batch is A's: each of its listings read once, from its own answer.
            try await Self.applyThenExpectEachReadOnceByTheBatchAPI(
                batchA, ids: idsA, api: apiA, worker: workerA, repository: repositoryA)
        }
    }

    /// An interrupted submission whose batch is older than the newest 100 at the provider: recovery reads on, page
    /// after page, and finds it (it read one page and gave the batch up while it ran, reading its listings twice).
    /// A search that stops before it can tell leaves the listings held and says so.
    @Test func recoveryReadsEveryPageOfBatchesAndWaitsWhenItCannotTell() async throws {
        try await Self.withBatchAPI(BatchBehaviour()) { api, worker, repository, _, database in
            let (made, madeIDs) = try await PackingTests.importBatch(
                PackingTests.texts.map { ($0, testDay) }, into: repository)
            try await Self.sendAndStopBeforeSayingSo(made, api: api, repository: repository)
            // 150 newer batches of someone else's on the same key.
            let other = try await api.client.upload(
                try OpenAIBatchClient.inputFile(Array(Self.lines(1))), filename: "other.jsonl")
            for index in 0..<150 {
                _ = try await api.client.create(inputFileID: other, metadata: ["job": "\(index)"])
            }
            try await database.query(
                "UPDATE remote_batches SET created_at = now() - interval '1 hour'", logger: TestDatabase.logger)

            // One page only: it cannot tell, so the listings stay held.
            let onePage = BatchAPIService(
                client: api.client, repository: api.repository, service: api.service, pollInterval: .milliseconds(50),
                searchPages: 1,
                logger: TestDatabase.logger)
            await onePage.pollDue()
            let unsure = try #require(try await repository.remoteBatches(of: made).first)
            #expect(unsure.state == .submitting && unsure.lastError?.contains("could not tell") == true, "\(unsure)")
            #expect(await worker.runOnce() == 0, "no worker reads what the provider may still answer")

            try await database.query(
                "UPDATE remote_batches SET next_poll_at = now()", logger: TestDatabase.logger)
            try await Self.applyThenExpectEachReadOnceByTheBatchAPI(
                made, ids: madeIDs, api: api, worker: worker, repository: repository)
        }
    }

    /// A batch the provider refuses at validation (past the account's enqueued-token limit): its reason is read and
    /// kept on the row and shown on the batch page, and the listings are read the usual way, once.
    @Test func aBatchTheProviderRefusesSaysWhyAndIsReadTheUsualWay() async throws {
        try await Self.withBatchAPI(BatchBehaviour(enqueuedTokenLimit: 2_000)) { api, worker, repository, _ in
            let (_, ids, record) = try await Self.roundTrip(10, api: api, worker: worker, repository: repository)
            #expect(record.remoteStatus == "failed", "\(record)")
            #expect(record.lastError?.contains("token_limit_exceeded") == true, "\(record.lastError ?? "")")
            let line = Labels.english.remoteBatch(record)
            #expect(line.contains("token_limit_exceeded"), "\(line)")
            for id in ids {
                let runs = try await repository.runs(listingID: id)
                #expect(runs.filter { $0.error == nil }.count == 1 && runs.allSatisfy { $0.delivery != .batchAPI })
            }
            #expect(Labels.korean.remoteBatch(record).contains("token_limit_exceeded"))
        }
    }

    /// One count per way a listing left a remote batch (answered at the batch price, failed, expired, unreadable,
    /// cancelled, unanswered), the same on the row, the batch page and `/metrics`: the page said "60 of 60 answered"
    /// and the row "0 requeued" while failed ones were read again (issue 28).
    @Test func eachWayAListingLeftARemoteBatchIsCountedAlike() async throws {
        try await Self.withBatchAPI(BatchBehaviour(failureRate: 0.1)) { api, worker, repository, _ in
            let (_, _, record) = try await Self.roundTrip(60, api: api, worker: worker, repository: repository)
            let ways = record.outcomes
            #expect(ways.failed > 0 && ways.failed == record.failed, "\(ways)")
            #expect(ways.answered == 60 - ways.failed && ways.total == 60, "\(ways)")
            let line = Labels.english.remoteBatch(record)
            #expect(line.contains("\(ways.answered) of 60 answered at the batch price"), "\(line)")
            #expect(line.contains("\(ways.failed) failed"), "\(line)")
            let metrics = api.service.metrics.render()
            #expect(metrics.contains(#"listingdesk_batch_api_listings_total{outcome="answered"} \#(ways.answered)"#))
            #expect(metrics.contains(#"listingdesk_batch_api_listings_total{outcome="failed"} \#(ways.failed)"#))
        }
        try await Self.withBatchAPI(BatchBehaviour(expiresAfter: 0.4)) { api, worker, repository, _ in
            let (_, _, record) = try await Self.roundTrip(30, api: api, worker: worker, repository: repository)
            #expect(record.outcomes.answered == 12 && record.outcomes.expired == 18, "\(record.outcomes)")
            let line = Labels.korean.remoteBatch(record)
            #expect(line.contains("18") && line.contains("만료"), "\(line)")
            #expect(
                api.service.metrics.render().contains(
                    #"listingdesk_batch_api_listings_total{outcome="expired"} 18"#))
        }
    }

    /// An import past the account's enqueued-token limit (`LISTINGDESK_BATCH_MAX_TOKENS`, the simulator keeping
    /// the same limit over its running batches) goes in turns: each remote batch sent when the ones before leave
    /// room, the others' listings held meanwhile (no worker reads them), none refused by the provider, each listing
    /// answered once at the batch price. A listing whose one request is past the limit stops the import before any
    /// upload, saying why (issue 28).
    @Test func anImportPastTheEnqueuedTokenLimitGoesInTurnsAndOneThatCannotFitIsRefusedBeforeUpload() async throws {
        let reader = ExtractionPipeline(chain: [OfflineExtractor(today: { testDay })])
        let perRequest =
            (0..<5).map { index in
                let request = reader.batchRequest(
                    for: PackItem(id: "1", text: PackingTests.texts[index] + " #10", pastedOn: testDay))
                return request.estimatedTokens - request.maxTokens
            }.max()! + 4
        let limit = perRequest * 4
        try await Self.withBatchAPI(BatchBehaviour(processing: .milliseconds(300), enqueuedTokenLimit: limit)) {
            plain, worker, repository, simulator in
            let api = BatchAPIService(
                client: plain.client, repository: plain.repository, service: plain.service,
                pollInterval: .milliseconds(50), maxEnqueuedTokens: limit, logger: TestDatabase.logger)
            let texts = (0..<10).map { (PackingTests.texts[$0 % 5] + " #\($0)", testDay) }
            let (batchID, ids) = try await PackingTests.importBatch(texts, into: repository)
            let first = try #require(try await api.submit(batchID: batchID, for: .operatorCommand))
            #expect(first.state == .submitted && first.total == 4 && first.estimatedTokens <= limit)
            var rows = try await repository.remoteBatches(of: batchID)
            #expect(rows.count == 3 && rows.filter { $0.state == .waiting }.map(\.total).sorted() == [2, 4])
            #expect(
                Labels.english.remoteBatch(rows[0]).contains("wait for room"), "\(Labels.english.remoteBatch(rows[0]))")
            #expect(await worker.runOnce() == 0, "no worker takes a listing waiting for its turn")
            for _ in 0..<600 where rows.contains(where: { $0.state != .applied }) {
                await api.pollDue()
                try await Task.sleep(for: .milliseconds(10))
                rows = try await repository.remoteBatches(of: batchID)
                let sent = rows.filter { $0.state == .submitted }
                #expect(sent.reduce(0) { $0 + $1.estimatedTokens } <= limit, "never past the limit at once")
            }
            #expect(
                rows.count == 3 && rows.allSatisfy { $0.state == .applied && $0.remoteStatus == "completed" },
                "\(rows.map { ($0.state, $0.remoteStatus ?? "", $0.lastError ?? "") })")
            #expect(rows.allSatisfy { $0.outcomes.answered == $0.total }, "\(rows.map(\.outcomes))")
            for id in ids {
                let runs = try await repository.runs(listingID: id)
                #expect(runs.count == 1 && runs.first?.delivery == .batchAPI, "listing \(id) answered once")
            }
            #expect(await simulator.batchRequestsAnswered == 10)

            let tooSmall = BatchAPIService(
                client: plain.client, repository: plain.repository, service: plain.service,
                pollInterval: .milliseconds(50), maxEnqueuedTokens: perRequest / 2, logger: TestDatabase.logger)
            let (other, _) = try await PackingTests.importBatch([("강남 원룸 월세 1000/70 #x", testDay)], into: repository)
            do {
                _ = try await tooSmall.submit(batchID: other, for: .operatorCommand)
                Issue.record("a request past the limit must not be sent")
            } catch let error as ServiceError {
                #expect(error.code == "batch_api_too_large" && error.message.contains("LISTINGDESK_BATCH_MAX_TOKENS"))
            }
            #expect(try await repository.remoteBatches(of: other).allSatisfy { $0.state == .abandoned })
            #expect(try await repository.batch(id: other, limit: 1)?.counts[.waiting] == 1, "read the usual way")
        }
    }

    /// A poll cut short because the process is stopping (the end of `import --batch-api --wait`) is no failure:
    /// nothing is logged as a warning (every such import ended with "could not look for Batch API batches
    /// error=CancellationError()", issue 28).
    @Test func aPollCutShortByStoppingLogsNoWarning() async throws {
        try await Self.withBatchAPI(BatchBehaviour()) { plain, _, _, _ in
            let recorder = LogRecorder()
            let api = BatchAPIService(
                client: plain.client, repository: plain.repository, service: plain.service,
                pollInterval: .milliseconds(50),
                logger: Logger(label: "batch-api-test") { _ in RecordingLogHandler(recorder: recorder) })
            let polled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await api.pollDue()
            }
            #expect(await polled.value == 0)
            #expect(!recorder.all.contains { $0.hasPrefix("warning") }, "\(recorder.all)")
        }
    }

    /// A Batch API that will not take the file: the listings wait for the workers; nothing lost.
    @Test func aBatchThatCannotBeSentIsReadTheUsualWay() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PostgresListingRepository(client: database, logger: TestDatabase.logger)
            let service = ListingService(
                repository: repository, pipeline: ExtractionPipeline(model: OfflineExtractor(today: { testDay })),
                today: { testDay }, metrics: AppMetrics())
            let http = OpenAIChatModel.makeHTTPClient(connectTimeout: .milliseconds(200))
            let api = BatchAPIService(
                client: Self.client("http://127.0.0.1:9/v1", http: http), repository: repository, service: service,
                logger: TestDatabase.logger)
            let (batchID, _) = try await PackingTests.importBatch(
                PackingTests.texts.map { ($0, testDay) }, into: repository)
            await #expect(throws: ServiceError.self) { try await api.submit(batchID: batchID, for: .operatorCommand) }
            let record = try #require(try await repository.remoteBatches(of: batchID).first)
            #expect(record.state == .abandoned && record.requeued == 5 && record.lastError != nil)
            #expect(try await repository.batch(id: batchID, limit: 1)?.counts[.waiting] == 5)
            try await http.shutdown()
        }
    }
}

extension Array {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await keep(element) { kept.append(element) }
        return kept
    }
}

/// The batch pages offer the Batch API when a remote model is configured, and show the remote batch's state.
@Suite struct BatchAPIPageTests {
    static let three = "망원동 원룸 월세 보증금 500/월 45 3/5층\n---\n연남동 투룸 전세 2억 3천, 2/4층\n---\nSelling my Trek FX 2 bike, $340"

    /// Polls the batch's remote batch, as `serve` would, until its answers are stored; the service it used.
    static func pollUntilApplied(
        _ batchID: Int64, client: OpenAIBatchClient, repository: PostgresListingRepository
    ) async throws -> ListingService {
        let service = ListingService(
            repository: repository, pipeline: ExtractionPipeline(model: OfflineExtractor(today: { testDay })),
            today: { testDay }, metrics: AppMetrics())
        let api = BatchAPIService(
            client: client, repository: repository, service: service, pollInterval: .milliseconds(50),
            logger: TestDatabase.logger)
        for _ in 0..<200 {
            await api.pollDue()
            if try await repository.remoteBatches(of: batchID).first?.state == .applied { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return service
    }

    @Test func anImportCanBeReadThroughTheBatchAPIAndItsPageShowsTheRemoteState() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(2))) { baseURL, _, http in
            let client = BatchAPITests.client(baseURL, http: http)
            try await withAppAndDatabase(batchAPI: client) { browser, repository, _ in
                let importPage = try await browser.execute(uri: "/batches", method: .get)
                #expect(importPage.text.contains("name=\"read\" value=\"batch_api\""))
                let imported = try await browser.execute(
                    uri: "/batches", method: .post, headers: formHeaders,
                    body: form([("text", Self.three), ("duplicates", "keep"), ("read", "batch_api")]))
                #expect(imported.status == .seeOther)
                let path = try #require(imported.headers[.location])
                let batchID = try #require(Int64(path.split(separator: "/").last!))
                let sent = try await browser.execute(uri: path, method: .get)
                #expect(sent.text.contains("Batch API"))
                #expect(sent.text.contains("validating") || sent.text.contains("in_progress"))
                #expect(sent.text.contains("0 of 3 read"))
                #expect(!sent.text.contains("Send the waiting ones to the Batch API"), "nothing is waiting")

                _ = try await Self.pollUntilApplied(batchID, client: client, repository: repository)
                let done = try await browser.execute(uri: path, method: .get)
                #expect(done.text.contains("3 of 3 read"))
                #expect(done.text.contains("ended (completed) · 3 of 3 answered at the batch price"))
            }
        }
    }

    @Test func waitingListingsCanBeSentFromTheBatchPage() async throws {
        try await withSimulator(SimulatorConfiguration(latency: .milliseconds(2))) { baseURL, _, http in
            try await withAppAndDatabase(batchAPI: BatchAPITests.client(baseURL, http: http)) {
                browser, repository, _ in
                let imported = try await browser.execute(
                    uri: "/batches", method: .post, headers: formHeaders,
                    body: form([("text", Self.three), ("duplicates", "keep"), ("read", "now")]))
                let path = try #require(imported.headers[.location])
                let page = try await browser.execute(uri: path, method: .get)
                #expect(page.text.contains("Send the waiting ones to the Batch API"))
                let sent = try await browser.execute(
                    uri: path + "/batch-api", method: .post, headers: formHeaders, body: form([]))
                #expect(sent.status == .seeOther)
                let batchID = try #require(Int64(path.split(separator: "/").last!))
                #expect(try await repository.batch(id: batchID, limit: 1)?.counts[.sent] == 3)
                #expect(try await repository.remoteBatches(of: batchID).first?.state == .submitted)
            }
        }
    }

    /// Cancelling a batch at the Batch API cancels the remote batch; what it did not answer is given up, not read.
    @Test func cancellingABatchAtTheBatchAPIGivesUpWhatItDidNotAnswer() async throws {
        try await withSimulator(
            SimulatorConfiguration(latency: .milliseconds(2), batches: BatchBehaviour(processing: .seconds(30)))
        ) { baseURL, _, http in
            let client = BatchAPITests.client(baseURL, http: http)
            try await withAppAndDatabase(batchAPI: client) { browser, repository, _ in
                let imported = try await browser.execute(
                    uri: "/batches", method: .post, headers: formHeaders,
                    body: form([("text", Self.three), ("duplicates", "keep"), ("read", "batch_api")]))
                let path = try #require(imported.headers[.location])
                let batchID = try #require(Int64(path.split(separator: "/").last!))
                #expect(try await browser.execute(uri: path, method: .get).text.contains("Cancel the waiting ones"))
                let cancelled = try await browser.execute(
                    uri: path + "/cancel", method: .post, headers: formHeaders, body: form([]))
                #expect(cancelled.status == .seeOther)
                let service = try await Self.pollUntilApplied(batchID, client: client, repository: repository)
                let remote = try #require(try await repository.remoteBatches(of: batchID).first)
                #expect(remote.remoteStatus == "cancelled")
                #expect(remote.outcomes.cancelled == 3 && remote.outcomes.total == 3, "\(remote.outcomes)")
                #expect(Labels.english.remoteBatch(remote).contains("3 given up with the cancelled batch"))
                let progress = try #require(try await repository.batch(id: batchID, limit: 10))
                #expect(progress.counts[.cancelled] == 3 && progress.isFinished)
                let worker = ExtractionWorker(
                    service: service, configuration: WorkerConfiguration(concurrency: 2), logger: TestDatabase.logger)
                #expect(await worker.runOnce() == 0, "nothing left to read")
            }
        }
    }

    /// Without a remote model the pages do not offer it, and the route is not there.
    @Test func withoutARemoteModelThereIsNoBatchAPI() async throws {
        try await withApp { browser, _ in
            let importPage = try await browser.execute(uri: "/batches", method: .get)
            #expect(!importPage.text.contains("batch_api"))
            let imported = try await browser.execute(
                uri: "/batches", method: .post, headers: formHeaders, body: form([("text", Self.three)]))
            let path = try #require(imported.headers[.location])
            let sent = try await browser.execute(
                uri: path + "/batch-api", method: .post, headers: formHeaders, body: form([]))
            #expect(sent.status == .notFound)
        }
    }
}
