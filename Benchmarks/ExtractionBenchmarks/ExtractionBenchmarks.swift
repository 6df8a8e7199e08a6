import Benchmark
import Extraction
import Foundation
import ListingCore

// Reading a model's reply, building a prompt, and the offline extractor, one listing an iteration, over the
// project's labelled listings (eval/dev.jsonl) and the real model replies to them (eval/dev-model-replies.jsonl).
// The reference beside the reply reader: Foundation's JSONDecoder decoding the same fields, as a JSON-mode model
// would send them. Each benchmark's name carries the average input size, from which scripts/bench-all works out MB/s.
//
//   swift package --package-path Benchmarks benchmark            (scripts/bench-all runs it with the rest)

/// One labelled listing with the model's reply to it.
struct Sample {
    let text: String
    let pastedOn: LocalDate
    let reply: String?
}

/// The fields of a listing as a JSON-mode model would send them: typed, every one optional.
struct ReferenceListing: Decodable {
    let kind: String
    let title: String?
    let price: Int?
    let currency: String?
    let location: String?
    let property_type: String?
    let deal_type: String?
    let deposit: Int?
    let monthly_rent: Int?
    let maintenance_fee: Int?
    let area_m2: Double?
    let supply_area_m2: Double?
    let rooms: Int?
    let bathrooms: Int?
    let floor: Int?
    let total_floors: Int?
    let direction: String?
    let heating: String?
    let built_year: Int?
    let loan_ok: Bool?
    let available_from: String?
    let parking: Bool?
    let elevator: Bool?
    let pets_allowed: Bool?
    let options: [String]?
    let category: String?
    let brand: String?
    let model: String?
    let condition: String?
    let negotiable: Bool?
    let trade_method: String?
    let quantity: Int?
    let size: String?
    let reason: String?
}

enum EvalData {
    /// The project's eval/ folder, found from this file's place in the tree.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("eval")

    /// The shipped kind model, read from the project's models/ folder.
    static let kindModelPath = folder.deletingLastPathComponent().appendingPathComponent("models/kind-model.tsv").path

    static let kindModelText: String = (try? String(contentsOfFile: kindModelPath, encoding: .utf8)) ?? ""

    static let kindModel: KindModel = {
        guard let model = try? KindModel(tsv: kindModelText) else { fatalError("no models/kind-model.tsv") }
        return model
    }()

    static func lines(_ name: String) -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
            fatalError("Cannot read eval/\(name)")
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    static let samples: [Sample] = {
        var replies: [String: String] = [:]
        for line in lines("dev-model-replies.jsonl") {
            if let id = line["id"] as? String, let reply = line["reply"] as? String { replies[id] = reply }
        }
        return lines("dev.jsonl").compactMap { line in
            guard let id = line["id"] as? String, let text = line["text"] as? String else { return nil }
            let day =
                LocalDate(iso: line["pasted_on"] as? String ?? "") ?? LocalDate(year: 2026, month: 11, day: 20)!
            return Sample(text: text, pastedOn: day, reply: replies[id])
        }
    }()

    /// The samples that have a model reply.
    static let replied = samples.filter { $0.reply != nil }

    /// Each reply's fields, as our reader reads them, written as the JSON a JSON-mode model would send.
    static let referenceJSON: [Data] = replied.map { sample in
        let read = ReplyInterpreter.interpret(
            ReplyParser.parse(sample.reply!), listingText: sample.text, pastedOn: sample.pastedOn,
            fallbackKind: .notListing)
        var object: [String: Any] = ["kind": read.kind.rawValue]
        for (name, value) in read.fields {
            switch value {
            case .text(let text): object[name.rawValue] = text
            case .integer(let number): object[name.rawValue] = number
            case .decimal(let number): object[name.rawValue] = number
            case .boolean(let flag): object[name.rawValue] = flag
            case .list(let items): object[name.rawValue] = items
            }
        }
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static func averageBytes(_ sizes: [Int]) -> Int { sizes.reduce(0, +) / max(1, sizes.count) }
}

let benchmarks: @Sendable () -> Void = {
    // The offline extractor reads with the shipped kind model, wherever the benchmark runs from.
    setenv("LISTINGDESK_KIND_MODEL", EvalData.kindModelPath, 1)
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 50, maxDuration: .seconds(3), maxIterations: 100_000)

    let replied = EvalData.replied
    let replyBytes = EvalData.averageBytes(replied.map { $0.reply!.utf8.count })
    let json = EvalData.referenceJSON
    let jsonBytes = EvalData.averageBytes(json.map(\.count))

    // One reply an iteration, round the 70 replies: the time per reply, its spread, its allocations.
    Benchmark("Reply read: parse + normalise + validate + evidence (\(replyBytes) B)") { benchmark in
        for iteration in benchmark.scaledIterations {
            let sample = replied[(benchmark.currentIteration &+ iteration) % replied.count]
            let parsed = ReplyParser.parse(sample.reply!)
            blackHole(
                ReplyInterpreter.interpret(
                    parsed, listingText: sample.text, pastedOn: sample.pastedOn, fallbackKind: .notListing))
        }
    }

    Benchmark("Reply read: parse only (\(replyBytes) B)") { benchmark in
        for iteration in benchmark.scaledIterations {
            blackHole(ReplyParser.parse(replied[(benchmark.currentIteration &+ iteration) % replied.count].reply!))
        }
    }

    Benchmark("Reference: JSONDecoder, the same fields as JSON (\(jsonBytes) B)") { benchmark in
        let decoder = JSONDecoder()
        for iteration in benchmark.scaledIterations {
            blackHole(
                try decoder.decode(
                    ReferenceListing.self, from: json[(benchmark.currentIteration &+ iteration) % json.count]))
        }
    }

    let samples = EvalData.samples
    let textBytes = EvalData.averageBytes(samples.map { $0.text.utf8.count })
    let builder = PromptBuilder()
    Benchmark("Prompt building (\(textBytes) B listing)") { benchmark in
        for iteration in benchmark.scaledIterations {
            let sample = samples[(benchmark.currentIteration &+ iteration) % samples.count]
            blackHole(builder.messages(listing: sample.text, pastedOn: sample.pastedOn))
        }
    }

    Benchmark("Offline extractor (\(textBytes) B listing)") { benchmark in
        for iteration in benchmark.scaledIterations {
            let sample = samples[(benchmark.currentIteration &+ iteration) % samples.count]
            blackHole(RuleExtractor.reply(for: sample.text, pastedOn: sample.pastedOn))
        }
    }

    // The learned kind model on every listing (the offline reader asks it only where the keywords say little):
    // the most it can add to a reading. The model is the shipped models/kind-model.tsv.
    let model = EvalData.kindModel
    Benchmark("Kind model: probabilities (\(textBytes) B listing)") { benchmark in
        for iteration in benchmark.scaledIterations {
            let sample = samples[(benchmark.currentIteration &+ iteration) % samples.count]
            blackHole(model.probabilities(sample.text))
        }
    }
    Benchmark("Kind model: loading models/kind-model.tsv") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? KindModel(tsv: EvalData.kindModelText)) }
    }
}
