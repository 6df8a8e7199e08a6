import Evaluation
import Extraction
import Foundation
import LLM
import ListingCore
import PostgresNIO
import Simulator
import Storage
import Synchronization
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// A batch's listings several to a request, against the simulator over loopback and a real PostgreSQL: read by id,
/// whatever order the envelopes come in; a listing whose envelope is missing, repeated differently or cut goes back
/// to the queue and is read alone; every listing ends read exactly once, with its own run.
@Suite struct PackingTests {
    /// A worker whose model is the simulator paced at `rpm` (with `tpm`, if any), packing up to `pack`.
    static func withPackingWorker(
        _ simulator: SimulatorConfiguration = SimulatorConfiguration(latency: .milliseconds(5)), pack: Int = 5,
        rpm: Int = 6_000, tpm: Int? = nil, concurrency: Int = 4, learning: Bool = false,
        _ body: @Sendable (ExtractionWorker, PostgresListingRepository, Simulator, PostgresClient) async throws -> Void
    ) async throws {
        try await TestDatabase.withDatabase { database, _ in
            let repository = PostgresListingRepository(client: database, logger: TestDatabase.logger)
            try await withSimulator(simulator) { baseURL, server, http in
                let model = simulatedModel(
                    baseURL, http: http,
                    limits: learning ? .init() : .init(requestsPerMinute: rpm, tokensPerMinute: tpm))
                let pipeline = ExtractionPipeline(
                    chain: [model, OfflineExtractor(today: { testDay })], settings: .init(pack: pack))
                let service = ListingService(
                    repository: repository, pipeline: pipeline, today: { testDay }, metrics: AppMetrics(),
                    lease: LeaseTerms(holder: "packing-test", duration: .seconds(30)))
                let worker = ExtractionWorker(
                    service: service, configuration: WorkerConfiguration(concurrency: concurrency),
                    logger: TestDatabase.logger)
                try await body(worker, repository, server, database)
            }
        }
    }

    /// Stores the texts as one batch; the listings' ids in order.
    static func importBatch(
        _ texts: [(String, LocalDate)], into repository: PostgresListingRepository
    ) async throws -> (batch: Int64, ids: [Int64]) {
        let pastes = texts.map { text, day in
            NewPaste(sourceText: text, provisionalKind: KindClassifier.classify(text).kind, pastedOn: day)
        }
        let stored = try await repository.createBatch(name: "packed", ownerID: nil, keepDuplicates: true) { add in
            try await add(pastes)
        }
        let progress = try #require(try await repository.batch(id: stored.id, limit: 10_000))
        return (stored.id, progress.items.map(\.listingID))
    }

    /// Works the queue until nothing is left.
    static func drain(_ worker: ExtractionWorker) async {
        while await worker.runOnce() > 0 {}
    }

    /// Each listing's runs: (delivery, error) in order.
    static func runs(of id: Int64, _ repository: PostgresListingRepository) async throws -> [ExtractionRun] {
        try await repository.runs(listingID: id)
    }

    static let texts = [
        "망원동 원룸 월세 보증금 500/월 45 3/5층 관리비 5만",
        "연남동 투룸 전세 2억 3천, 2/4층, 즉시 입주",
        "Selling my Trek FX 2 bike, $340, pickup in Astoria",
        "아이폰 13 미니 128GB 팝니다 35만원 직거래",
        "구해요: 강남역 근처 원룸 월세 찾습니다",
    ]

    @Test func aBatchIsReadFiveListingsToARequestEachWithItsOwnRun() async throws {
        try await Self.withPackingWorker { worker, repository, simulator, _ in
            let texts = (0..<20).map { (Self.texts[$0 % 5] + " (\($0))", testDay) }
            let (batchID, ids) = try await Self.importBatch(texts, into: repository)
            await Self.drain(worker)
            #expect(await simulator.stats.requests == 4, "20 listings, 5 to a request")
            let progress = try #require(try await repository.batch(id: batchID, limit: 100))
            #expect(progress.isFinished && progress.counts[.done] == 20)
            var requests: [String: [ExtractionRun]] = [:]
            for id in ids {
                let runs = try await Self.runs(of: id, repository)
                #expect(runs.count == 1, "listing \(id): one run")
                let run = try #require(runs.first)
                #expect(run.delivery == .packed && run.packSize == 5 && run.error == nil)
                #expect(run.promptTokens > 0 && run.completionTokens > 0)
                requests[run.requestRef ?? "", default: []].append(run)
            }
            #expect(requests.count == 4 && requests.values.allSatisfy { $0.count == 5 })
            // The usage counts requests, not runs.
            let usage = try #require(try await repository.usage(days: 1).first { $0.model == "sim-model" })
            #expect(usage.calls == 4 && usage.failures == 0)
            #expect(usage.promptTokens == requests.values.joined().reduce(0) { $0 + $1.promptTokens })
            // A request's shares add up to it: the cost of the summed tokens at the simulated prices (2 and 8 USD a
            // million) is the summed cost.
            for runs in requests.values {
                let prompt = runs.reduce(0) { $0 + $1.promptTokens }
                let completion = runs.reduce(0) { $0 + $1.completionTokens }
                let cost = runs.reduce(0) { $0 + ($1.costUSD ?? 0) }
                #expect(abs(cost - Double(prompt * 2 + completion * 8) / 1_000_000) < 1e-5)
            }
            // Each draft is what reading the listing alone gives.
            for (index, id) in ids.enumerated() {
                let listing = try #require(try await repository.find(id: id))
                let alone = RuleExtractor.reply(for: texts[index].0, pastedOn: testDay, step: .classifyAndExtract)
                let expected = ReplyInterpreter.interpret(
                    ReplyParser.parse(alone), listingText: texts[index].0, pastedOn: testDay,
                    fallbackKind: KindClassifier.classify(texts[index].0).kind)
                #expect(listing.kind == expected.kind && listing.fields == expected.fields, "listing \(index)")
                #expect(listing.provenance == Provenance(extractedBy: "sim-model", fallbackFrom: nil, via: .packed))
            }
        }
    }

    /// With no limit configured, the first request is a pack already: its answer teaches the limits the server
    /// states, and the worker leases no more requests than that pace sends within its horizon (one until then).
    @Test func aWorkerLearningItsLimitsPacksFromTheFirstRequest() async throws {
        let simulator = SimulatorConfiguration(latency: .milliseconds(5), requestsPerMinute: 6_000)
        try await Self.withPackingWorker(simulator, learning: true) { worker, repository, server, _ in
            #expect(await worker.service.pipeline.chain[0].awaitsLimits(), "the limits still to be learned")
            #expect(await worker.service.pipeline.packLimit() == 5, "packed from the first request")
            let texts = (0..<20).map { (Self.texts[$0 % 5] + " (\($0))", testDay) }
            let (batchID, ids) = try await Self.importBatch(texts, into: repository)
            let pool = Task { await worker.pool() }
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline,
                try await repository.batch(id: batchID, limit: 100)?.isFinished != true
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            pool.cancel()
            await pool.value
            #expect(await server.stats.requests == 4, "20 listings, 5 to a request, the first one too")
            for id in ids {
                let runs = try await Self.runs(of: id, repository)
                #expect(runs.count == 1 && runs.first?.delivery == .packed, "listing \(id)")
            }
            #expect(await worker.service.pipeline.chain[0].awaitsLimits() == false, "the stated pace, learned")
        }
    }

    /// A slot takes the model's turn before it leases a request's jobs: at one request a second, a worker with
    /// eight slots holds the packs it is sending leased, not eight, so that a worker that dies leaves the rest of the
    /// queue to the others at once.
    @Test func aWorkerLeasesOnlyWhatItIsSending() async throws {
        try await Self.withPackingWorker(rpm: 60, concurrency: 8) { worker, repository, _, database in
            let texts = (0..<40).map { (Self.texts[$0 % 5] + " (\($0))", testDay) }
            _ = try await Self.importBatch(texts, into: repository)
            let pool = Task { await worker.pool() }
            var most = 0
            let until = ContinuousClock.now + .milliseconds(2_500)
            while ContinuousClock.now < until {
                let rows = try await database.query(
                    "SELECT count(*)::int FROM extraction_jobs WHERE state = 'running'", logger: TestDatabase.logger)
                for try await count in rows.decode(Int.self) { most = max(most, count) }
                try await Task.sleep(for: .milliseconds(20))
            }
            pool.cancel()
            await pool.value
            #expect(most > 0, "it read")
            // The packs in flight and the one about to go (two or three; more on a loaded machine, where a reply
            // takes longer than the second between turns), never what eight slots would hold (40).
            #expect(most <= 20, "a few packs leased at once, not eight (\(most))")
        }
    }

    /// Out of order, one repeated the same, one repeated differently, one missing, one id not asked about.
    @Test func envelopesAreMatchedByIDAndWhatIsNotAnsweredIsReadAlone() async throws {
        let ids = Mutex<[Int64]>([])
        let configuration = SimulatorConfiguration(
            latency: .milliseconds(5),
            replies: { number in
                guard number == 1 else { return nil }
                let known = ids.withLock { $0 }
                func envelope(_ index: Int, id: String? = nil) -> String {
                    let reply = RuleExtractor.reply(
                        for: PackingTests.texts[index], pastedOn: testDay, step: .classifyAndExtract)
                    return "<envelope id=\"\(id ?? String(known[index]))\">\n\(reply)\n</envelope>"
                }
                let wrong =
                    "<envelope id=\"\(known[1])\"><classification>second_hand</classification>"
                    + "<fields><price>1</price></fields></envelope>"
                return [
                    envelope(4), envelope(2), "Here you are:", envelope(0), envelope(1), wrong, envelope(2),
                    envelope(3, id: "999999"),
                ].joined(separator: "\n")
            })
        try await Self.withPackingWorker(configuration) { worker, repository, simulator, _ in
            let (batchID, stored) = try await Self.importBatch(Self.texts.map { ($0, testDay) }, into: repository)
            ids.withLock { $0 = stored }
            await Self.drain(worker)
            #expect(await simulator.stats.requests == 3, "one packed request, then listings 1 and 3 alone")
            for (index, id) in stored.enumerated() {
                let runs = try await Self.runs(of: id, repository)
                let listing = try #require(try await repository.find(id: id))
                #expect(listing.status != .extracting)
                #expect(runs.filter { $0.error == nil }.count == 1, "listing \(index) read exactly once")
                #expect(runs.first?.delivery == .packed, "every listing has its share of the packed request")
                #expect(runs.first?.issues.contains { $0.message.contains("999999") } == true)
                if [1, 3].contains(index) {
                    #expect(runs.map(\.delivery) == [.packed, .single])
                    #expect(runs[0].error?.contains(index == 1 ? "two different envelopes" : "no envelope") == true)
                } else {
                    #expect(runs.count == 1)
                }
            }
            #expect(try await repository.batch(id: batchID, limit: 10)?.counts[.done] == 5)
        }
    }

    /// A reply cut by `max_tokens`: the envelopes whole before the cut are kept, the rest read alone; none lost.
    @Test func aCutPackedReplyLosesNothing() async throws {
        let configuration = SimulatorConfiguration(
            latency: .milliseconds(5), script: { $0 == 1 ? .length : nil })
        try await Self.withPackingWorker(configuration) { worker, repository, simulator, _ in
            let (_, ids) = try await Self.importBatch(Self.texts.map { ($0, testDay) }, into: repository)
            await Self.drain(worker)
            var alone = 0
            for id in ids {
                let runs = try await Self.runs(of: id, repository)
                #expect(runs.filter { $0.error == nil }.count == 1, "listing \(id) read exactly once")
                #expect(runs[0].delivery == .packed && runs[0].finishReason == "length")
                if runs.count == 2 {
                    alone += 1
                    #expect(runs[0].error?.contains("cut") == true)
                    #expect(runs[1].delivery == .single)
                }
            }
            #expect(alone >= 2 && alone < 5, "half the reply holds some whole envelopes: \(alone) read alone")
            #expect(await simulator.stats.requests == 1 + alone)
        }
    }

    /// Listings sent back from a cut pack take the next free slots one by one; the packs after them are still full
    /// (they once took the jobs the returned listings did not, and shrank to two).
    @Test func listingsSentBackDoNotShrinkTheNextPacks() async throws {
        let configuration = SimulatorConfiguration(
            latency: .milliseconds(5), script: { $0 == 1 ? .length : nil })
        try await Self.withPackingWorker(configuration, concurrency: 1) { worker, repository, _, _ in
            let texts = (0..<15).map { (Self.texts[$0 % 5] + " (\($0))", testDay) }
            let (_, ids) = try await Self.importBatch(texts, into: repository)
            await Self.drain(worker)
            var sizes: [String: Int] = [:]
            for id in ids {
                let runs = try await Self.runs(of: id, repository)
                #expect(runs.filter { $0.error == nil }.count == 1)
                for run in runs where run.delivery == .packed { sizes[run.requestRef ?? ""] = run.packSize }
            }
            #expect(sizes.count == 3 && sizes.values.allSatisfy { $0 == 5 }, "\(sizes.values.sorted())")
        }
    }

    /// A failed packed request (a 400: not retried) sends every listing back, to be read alone.
    @Test func aFailedPackedRequestSendsEveryListingBackToBeReadAlone() async throws {
        let configuration = SimulatorConfiguration(
            latency: .milliseconds(5), script: { $0 == 1 ? .badRequest : nil })
        try await Self.withPackingWorker(configuration) { worker, repository, simulator, _ in
            let (_, ids) = try await Self.importBatch(Self.texts.map { ($0, testDay) }, into: repository)
            await Self.drain(worker)
            #expect(await simulator.stats.requests == 6)
            for id in ids {
                let runs = try await Self.runs(of: id, repository)
                #expect(runs.map(\.delivery) == [.packed, .single])
                #expect(runs[0].error?.contains("packed request failed") == true)
                #expect(try await repository.find(id: id)?.provenance.extractedBy == "sim-model")
            }
        }
    }

    /// Pastes are never packed, nor is a listing taken a second time.
    @Test func onlyABatchsListingsTakenForTheFirstTimeArePacked() async throws {
        try await Self.withPackingWorker { worker, repository, _, _ in
            let terms = LeaseTerms(holder: "gone", duration: .zero)
            for text in Self.texts {
                _ = try await repository.enqueue(
                    NewPaste(sourceText: text, provisionalKind: .secondHand, pastedOn: testDay), leasedOn: terms)
            }
            let (_, ids) = try await Self.importBatch(Self.texts.map { ($0, testDay) }, into: repository)
            let jobs = try await repository.claim(limit: 20, leasedOn: LeaseTerms(holder: "t", duration: .seconds(30)))
            #expect(jobs.count == 10)
            let requests = await worker.service.requests(for: jobs)
            let packed = requests.filter { $0.count > 1 }
            #expect(packed.count == 1 && Set(packed[0].map(\.listingID)) == Set(ids))
            #expect(requests.filter { $0.count == 1 }.allSatisfy { $0[0].batchID == nil })
        }
    }

    /// The quality of packed reading equals reading one listing a request, on the labelled listings.
    @Test func packedReadingScoresAsReadingAloneOnTheDevSet() async throws {
        let dev = try DevSet.listings()
        var scores: [Int: Double] = [:]
        for pack in [1, 5] {
            let f1 = try await Self.score(dev, pack: pack)
            scores[pack] = f1
        }
        let alone = try #require(scores[1])
        let packed = try #require(scores[5])
        #expect(alone > 0.85)
        #expect(abs(alone - packed) <= 0.01, "alone \(alone), packed \(packed)")
    }

    static func score(_ dev: [DevListing], pack: Int) async throws -> Double {
        let aliases = try DevSet.brandAliases()
        let f1 = Mutex(0.0)
        try await withPackingWorker(pack: pack) { worker, repository, simulator, _ in
            let (_, ids) = try await importBatch(dev.map { ($0.text, $0.pastedOn) }, into: repository)
            await drain(worker)
            var scorer = Scorer(aliases: aliases)
            for (gold, id) in zip(dev, ids) {
                let listing = try #require(try await repository.find(id: id))
                scorer.add(gold: gold, kind: listing.kind, fields: listing.fields)
            }
            if pack > 1 { #expect(await simulator.stats.requests < dev.count / 2) }
            let score = scorer.totals.f1
            f1.withLock { $0 = score }
        }
        return f1.withLock { $0 }
    }
}
