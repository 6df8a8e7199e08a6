import Extraction
import Foundation
import ListingCore

// One workload of the micro-benchmarks in a plain loop, for a profiler (perf, valgrind --tool=callgrind) to watch
// without the benchmark harness around it:
//
//   swift build -c release --product ProfileLoop
//   perf record -g .build/release/ProfileLoop reply 5        (reply | offline | paste | prompt; seconds, default 5,
//                                                            or `30x` for thirty passes)
//   (paste: the whole offline reading of a paste, as `POST /api/v1/listings` does it before storing: the kind, the
//   rules' reply read back, the review marks)
//   valgrind --tool=callgrind .build/release/ProfileLoop offline 0   (0: one pass over the listings)

let arguments = Array(CommandLine.arguments.dropFirst())
let workload = arguments.first ?? "reply"
// `30x`: thirty passes, however long they take (for a CPU-time measure: `/usr/bin/time -f %U`), rather than seconds.
let duration = arguments.count > 1 ? arguments[1] : "5"
let fixedPasses = duration.hasSuffix("x") ? Int(duration.dropLast()) : nil
let seconds = Double(duration) ?? 5
let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("eval")

func lines(_ name: String) -> [[String: Any]] {
    let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
}

var replies: [String: String] = [:]
for line in lines("dev-model-replies.jsonl") {
    if let id = line["id"] as? String, let reply = line["reply"] as? String { replies[id] = reply }
}
let samples = lines("dev.jsonl").compactMap { line -> (String, LocalDate, String?)? in
    guard let id = line["id"] as? String, let text = line["text"] as? String else { return nil }
    return (
        text, LocalDate(iso: line["pasted_on"] as? String ?? "") ?? LocalDate(year: 2026, month: 11, day: 20)!,
        replies[id]
    )
}

let deadline = Date().addingTimeInterval(seconds)
var passes = 0
var sink = 0
let pipeline = ExtractionPipeline(model: OfflineExtractor(today: { LocalDate(year: 2026, month: 11, day: 20)! }))
repeat {
    for (text, day, reply) in samples {
        switch workload {
        case "offline":
            sink &+= RuleExtractor.reply(for: text, pastedOn: day).utf8.count
        case "paste":
            sink &+= await pipeline.extract(text, pastedOn: day).listing.fields.count
        case "prompt":
            sink &+= PromptBuilder().messages(listing: text, pastedOn: day).count
        default:
            guard let reply else { continue }
            sink &+=
                ReplyInterpreter.interpret(
                    ReplyParser.parse(reply), listingText: text, pastedOn: day, fallbackKind: .notListing
                ).fields.count
        }
    }
    passes += 1
} while fixedPasses.map { passes < $0 } ?? (Date() < deadline)
print("\(workload): \(passes) passes over \(samples.count) listings (\(sink % 10))")
