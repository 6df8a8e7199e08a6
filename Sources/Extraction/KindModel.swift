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
    /// The same table by each feature's hash (`FeatureHash`), for reading a text without building its features'
    /// strings: the row of each feature in `rows`, `kinds.count` numbers a row.
    let rowByHash: [UInt64: Int]
    let rows: [Double]

    public init(kinds: [ListingKind], temperature: Double, logProbabilities: [String: [Double]]) {
        self.kinds = kinds
        self.temperature = temperature
        self.logProbabilities = logProbabilities
        var rowByHash: [UInt64: Int] = [:]
        rowByHash.reserveCapacity(logProbabilities.count)
        var rows: [Double] = []
        rows.reserveCapacity(logProbabilities.count * kinds.count)
        for (feature, logs) in logProbabilities {
            var hash = FeatureHash()
            hash.add(feature)
            rowByHash[hash.value] = rows.count / max(kinds.count, 1)
            rows.append(contentsOf: logs)
        }
        self.rowByHash = rowByHash
        self.rows = rows
    }

    /// The number of features the model knows.
    public var featureCount: Int { logProbabilities.count }

    /// The probability of each kind for a text, summing to one. A text with no known feature gets equal odds.
    public func probabilities(_ text: String) -> [ListingKind: Double] {
        var sums = [Double](repeating: 0, count: kinds.count)
        var seen = Set<UInt64>()
        Self.visitFeatures(text) { (hash: FeatureHash) in
            guard seen.insert(hash.value).inserted, let row = rowByHash[hash.value] else { return }
            let start = row * sums.count
            for index in sums.indices { sums[index] += rows[start + index] }
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
    /// 1,500 characters are read: enough for a kind (the posts it learned from are shorter), and the reading stays
    /// fast on a long paste.
    public static func features(_ text: String) -> Set<String> {
        var features = Set<String>()
        visitFeatures(text) { (parts: [Substring]) in features.insert(parts.joined()) }
        return features
    }

    /// Each feature of a text (repeats included) as the parts whose concatenation is its name.
    static func visitFeatures(_ text: String, _ visit: ([Substring]) -> Void) {
        let words = tokens(String(text.prefix(1_500)))
        var previous: Substring = "^"
        for word in words {
            let current = Substring(word)
            visit(["w:", current])
            visit(["b:", previous, " ", current])
            previous = current
            guard word.count >= 3, word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else { continue }
            let letters = Array(" " + word + " ")
            for start in 0...(letters.count - 3) {
                visit(["c:", Substring(String(letters[start..<(start + 3)]))])
            }
        }
    }

    /// Each feature of a text (repeats included) by its hash, with no string built for it: the same hashes as the
    /// feature names `features` gives.
    static func visitFeatures(_ text: String, _ visit: (FeatureHash) -> Void) {
        let words = tokens(String(text.prefix(1_500)))
        var previous: Substring = "^"
        for word in words {
            let current = Substring(word)
            var hash = FeatureHash()
            hash.add("w:")
            hash.add(current)
            visit(hash)
            hash = FeatureHash()
            hash.add("b:")
            hash.add(previous)
            hash.add(" ")
            hash.add(current)
            visit(hash)
            previous = current
            guard word.count >= 3, word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else { continue }
            let letters = Array(" " + word + " ")
            for start in 0...(letters.count - 3) {
                hash = FeatureHash()
                hash.add("c:")
                for character in letters[start..<(start + 3)] { hash.add(character) }
                visit(hash)
            }
        }
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

/// FNV-1a over the UTF-8 of a feature's name, fed in parts: the hash of `w:` then `rent` is the hash of `w:rent`.
struct FeatureHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: some StringProtocol) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
    }

    mutating func add(_ character: Character) {
        for byte in character.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
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
