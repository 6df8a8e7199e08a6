import Foundation
import ListingCore

/// A learned reading of a text's kind: multinomial naive Bayes over the words, word pairs and character trigrams
/// a text has (each counted once), trained by `listingdesk train-kind` on the public posts of
/// `eval/kind-training.jsonl` and shipped as `models/kind-model.tsv` (docs/KIND-MODEL.md).
///
/// Naive Bayes because it learns from a few thousand short posts in one counting pass, with no optimiser to tune,
/// reads a post in a few microseconds, and its file is a table a person can read: each feature's log-probability
/// under each kind. Its probabilities are tempered (a factor below one on the summed log-likelihoods), since the
/// features of a post are far from independent and the raw sums are overconfident.
public struct KindModel: Sendable {
    /// The kinds in the order of each feature's log-probabilities.
    public let kinds: [ListingKind]
    /// The factor the summed log-likelihoods are multiplied by before the softmax.
    public let temperature: Double
    let logProbabilities: [String: [Double]]

    public init(kinds: [ListingKind], temperature: Double, logProbabilities: [String: [Double]]) {
        self.kinds = kinds
        self.temperature = temperature
        self.logProbabilities = logProbabilities
    }

    /// The number of features the model knows.
    public var featureCount: Int { logProbabilities.count }

    /// The probability of each kind for a text, summing to one. A text with no known feature gets equal odds.
    public func probabilities(_ text: String) -> [ListingKind: Double] {
        var sums = [Double](repeating: 0, count: kinds.count)
        for feature in Self.features(text) {
            guard let logs = logProbabilities[feature] else { continue }
            for index in sums.indices { sums[index] += logs[index] }
        }
        return Self.softmax(sums.map { $0 * temperature }, kinds: kinds)
    }

    static func softmax(_ scores: [Double], kinds: [ListingKind]) -> [ListingKind: Double] {
        let top = scores.max() ?? 0
        let exponentials = scores.map { exp($0 - top) }
        let total = exponentials.reduce(0, +)
        var result: [ListingKind: Double] = [:]
        for (kind, value) in zip(kinds, exponentials) { result[kind] = value / total }
        return result
    }

    /// The most likely kind and its probability.
    public func best(_ text: String) -> (kind: ListingKind, probability: Double) {
        let odds = probabilities(text)
        let kind = kinds.max { (odds[$0] ?? 0) < (odds[$1] ?? 0) } ?? .notListing
        return (kind, odds[kind] ?? 0)
    }

    /// The features of a text, each once: `w:` words (numbers by their shape: `$950` is `$` and `#3`), `b:` pairs
    /// of neighbouring words, `c:` character trigrams of each word of letters (with its edges). At most the first
    /// 4,000 characters are read: enough for a kind, and the reading stays fast on a huge paste.
    public static func features(_ text: String) -> Set<String> {
        let words = tokens(String(text.prefix(4_000)))
        var features = Set<String>()
        features.reserveCapacity(words.count * 6)
        var previous = "^"
        for word in words {
            features.insert("w:" + word)
            features.insert("b:" + previous + " " + word)
            previous = word
            guard word.count >= 3, word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else { continue }
            let letters = Array(" " + word + " ")
            for start in 0...(letters.count - 3) {
                features.insert("c:" + String(letters[start..<(start + 3)]))
            }
        }
        return features
    }

    /// Lower-cased words of letters, numbers as `#` and their digit count, and each symbol on its own.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        var digits = 0
        func flush() {
            if !word.isEmpty { tokens.append(word) }
            if digits > 0 { tokens.append("#\(min(digits, 9))") }
            word = ""
            digits = 0
        }
        for scalar in TextNormalization.key(text).unicodeScalars {
            if scalar.properties.isAlphabetic {
                if digits > 0 { flush() }
                word.unicodeScalars.append(scalar)
            } else if ("0"..."9").contains(scalar) {
                if !word.isEmpty { flush() }
                digits += 1
            } else if scalar == "," || scalar == "." {
                // `1,450` and `2.5` are one number; a full stop after a word ends it.
                if !word.isEmpty { flush() }
            } else {
                flush()
                if !scalar.properties.isWhitespace { tokens.append(String(scalar)) }
            }
        }
        flush()
        return tokens
    }
}

extension KindModel {
    /// The model the app reads at start: `LISTINGDESK_KIND_MODEL`, else `models/kind-model.tsv` from the working
    /// directory or beside the executable's project. Nil when none is found (the keyword rules decide alone).
    public static let shared: KindModel? = {
        let environment = ProcessInfo.processInfo.environment["LISTINGDESK_KIND_MODEL"]
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates =
            [environment].compactMap { $0 } + [
                "models/kind-model.tsv",
                executable.appendingPathComponent("../../models/kind-model.tsv").path,
                executable.appendingPathComponent("../../../models/kind-model.tsv").path,
            ]
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let model = try? KindModel(tsv: text) {
                return model
            }
        }
        return nil
    }()

    /// Reads the TSV the trainer writes: comment lines (`#`), `kinds` with the kinds in order, `temperature`, then
    /// one line a feature with its log-probability under each kind.
    public init(tsv: String) throws {
        var kinds: [ListingKind] = []
        var temperature = 1.0
        var table: [String: [Double]] = [:]
        for line in tsv.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch cells.first {
            case "kinds":
                kinds = cells.dropFirst().compactMap { ListingKind(rawValue: String($0)) }
            case "temperature":
                temperature = cells.count > 1 ? Double(cells[1]) ?? 1 : 1
            default:
                let logs = cells.dropFirst().compactMap { Double($0) }
                guard cells.count == kinds.count + 1, logs.count == kinds.count, !kinds.isEmpty else {
                    throw KindModelError.malformed("a line has not one number for each of the \(kinds.count) kinds")
                }
                table[String(cells[0])] = logs
            }
        }
        guard kinds.count == ListingKind.allCases.count, !table.isEmpty else {
            throw KindModelError.malformed("no kinds line, or no features")
        }
        self.init(kinds: kinds, temperature: temperature, logProbabilities: table)
    }

    /// The model as the TSV `init(tsv:)` reads, features sorted so that a retrained model diffs line by line.
    public func tsv(header: [String]) -> String {
        var lines = header.map { "# " + $0 }
        lines.append((["kinds"] + kinds.map(\.rawValue)).joined(separator: "\t"))
        lines.append("temperature\t\(temperature)")
        for feature in logProbabilities.keys.sorted() {
            let logs = logProbabilities[feature] ?? []
            lines.append(([feature] + logs.map { String(format: "%.3f", $0) }).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

public enum KindModelError: Error, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let why): return "The kind model file is malformed: \(why)."
        }
    }
}
