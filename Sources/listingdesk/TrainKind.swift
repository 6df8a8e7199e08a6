import ArgumentParser
import Extraction
import Foundation
import ListingCore

/// `listingdesk train-kind`: learns the kind model from labelled posts and writes the file the app loads
/// (docs/KIND-MODEL.md).
struct TrainKind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-kind",
        abstract: "Train the kind model (naive Bayes) on labelled posts and write it for the app to load.")

    @Option(help: "JSON lines {\"text\", \"kind\", \"split\"}: \"train\" lines are learned, \"heldout\" ones measured.")
    var data = "eval/kind-training.jsonl"
    @Option(help: "Where to write the model.") var out = "models/kind-model.tsv"
    @Option(help: "Keep features seen in at least this many posts.") var minimumCount = 2

    func run() throws {
        struct Line: Decodable {
            var text: String
            var kind: String
            var split: String
        }
        var training: [KindModelTrainer.Example] = []
        var heldOut: [KindModelTrainer.Example] = []
        let decoder = JSONDecoder()
        for (number, line) in try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").enumerated() {
            guard let record = try? decoder.decode(Line.self, from: Data(line.utf8)),
                let kind = ListingKind(rawValue: record.kind)
            else { throw ValidationError("\(data):\(number + 1) is not {\"text\", \"kind\", \"split\"} with a kind.") }
            let example = KindModelTrainer.Example(text: record.text, kind: kind)
            if record.split == "heldout" { heldOut.append(example) } else { training.append(example) }
        }
        var trainer = KindModelTrainer()
        trainer.minimumCount = minimumCount
        let model = trainer.train(training, tuningOn: heldOut)
        let report = KindModelTrainer.report(model, on: heldOut)
        let perKind = ListingKind.allCases.map { kind in
            let count = report.counts[kind] ?? (0, 0)
            return "\(kind.rawValue) \(count.right)/\(count.total)"
        }
        let summary = String(
            format: "held-out accuracy %.3f, log-loss %.3f (%@); %d features, temperature %g", report.accuracy,
            report.logLoss, perKind.joined(separator: ", "), model.featureCount, model.temperature)
        let header = [
            "ListingDesk kind model: multinomial naive Bayes over words, word pairs and character trigrams.",
            "Trained by `listingdesk train-kind --data \(data)` on \(training.count) posts; \(heldOut.count) held back.",
            summary,
            "Lines: kinds, temperature, then a feature and its log-probability under each kind (docs/KIND-MODEL.md).",
        ]
        try model.tsv(header: header).write(toFile: out, atomically: true, encoding: .utf8)
        print(summary)
    }
}
