import Extraction
import Foundation
import ListingCore

// Measures, in a release build, the time to read a reply (parse + normalise + validate + evidence check) over the
// real model replies in eval/, and the offline extractor's time per listing of eval/dev.jsonl.
//
//   swift run -c release listingdesk-bench [path/to/eval]
//
// Timings come from a monotonic clock over many rounds; the machine is shared, so read the median and p99
// rather than a single run, and compare builds on the same machine.

struct Record: Decodable {
    var id: String
    var text: String?
    var reply: String?
    var pasted_on: String?
}

func load(_ path: String) -> [Record] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("Cannot read \(path)\n".utf8))
        exit(1)
    }
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap {
        try? JSONDecoder().decode(Record.self, from: Data($0.utf8))
    }
}

func measure(rounds: Int, _ items: Int, _ body: () -> Void) -> [Double] {
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<rounds {
        let started = clock.now
        body()
        let elapsed = clock.now - started
        let (seconds, attoseconds) = elapsed.components
        samples.append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(items))
    }
    return samples.sorted()
}

func report(_ name: String, _ samples: [Double]) {
    let median = samples[samples.count / 2]
    let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
    let best = samples.first ?? 0
    print(String(format: "%-44@ median %8.1f µs   p99 %8.1f µs   best %8.1f µs", name as NSString, median, p99, best))
}

let arguments = Array(CommandLine.arguments.dropFirst())
/// The folder with the labelled listings and the model replies (the project's own `eval/` unless named).
let evalFolder = arguments.first ?? "eval"
/// A second argument scales the rounds down (for a profiler run).
let scale = arguments.count > 1 ? Double(arguments[1]) ?? 1 : 1
func rounds(_ base: Int) -> Int { max(1, Int(Double(base) * scale)) }
let listings = load(evalFolder + "/dev.jsonl")
let replies = Dictionary(
    load(evalFolder + "/dev-model-replies.jsonl").map { ($0.id, $0.reply ?? "") }, uniquingKeysWith: { a, _ in a })
let pairs = listings.compactMap { listing -> (String, String, LocalDate)? in
    guard let reply = replies[listing.id], let text = listing.text else { return nil }
    return (reply, text, LocalDate(iso: listing.pasted_on ?? "") ?? LocalDate(year: 2026, month: 11, day: 20)!)
}
let averageBytes = pairs.reduce(0) { $0 + $1.0.utf8.count } / max(1, pairs.count)
print("\(pairs.count) real model replies, \(averageBytes) bytes on average")

var sink = 0
report(
    "parse only, per reply",
    measure(rounds: rounds(200), pairs.count) {
        for (reply, _, _) in pairs { sink &+= ReplyParser.parse(reply).fields.count }
    })
report(
    "parse + normalise + validate + evidence",
    measure(rounds: rounds(200), pairs.count) {
        for (reply, text, day) in pairs {
            let parsed = ReplyParser.parse(reply)
            sink &+=
                ReplyInterpreter.interpret(parsed, listingText: text, pastedOn: day, fallbackKind: .notListing).fields
                .count
        }
    })
if ProcessInfo.processInfo.environment["BENCH_SKIP_OFFLINE"] == nil {
    let texts = listings.compactMap { listing -> (String, LocalDate)? in
        guard let text = listing.text else { return nil }
        return (text, LocalDate(iso: listing.pasted_on ?? "") ?? LocalDate(year: 2026, month: 11, day: 20)!)
    }
    report(
        "offline extractor, per listing",
        measure(rounds: rounds(30), texts.count) {
            for (text, day) in texts { sink &+= RuleExtractor.reply(for: text, pastedOn: day).utf8.count }
        })
}
if sink == 42 { print("") }
