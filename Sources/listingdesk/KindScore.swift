import Extraction
import Foundation
import ListingCore

/// `listingdesk eval --kinds FILE`: the offline reader's kind (keyword rules, with the learned model where they
/// find no listing word) and the learned model alone, on the held-back lines of a kind-training file.
enum KindScore {
    static func heldOut(_ path: String, listMisses: Bool = false) throws -> String {
        struct Line: Decodable {
            var text: String
            var kind: String
            var lang: String?
            var split: String
        }
        let decoder = JSONDecoder()
        var total = 0
        var reader = 0
        var learned = 0
        var perKind: [ListingKind: (total: Int, reader: Int, learned: Int)] = [:]
        var perLanguage: [String: (total: Int, reader: Int, learned: Int)] = [:]
        var misses: [String] = []
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            guard let record = try? decoder.decode(Line.self, from: Data(line.utf8)), record.split == "heldout",
                let gold = ListingKind(rawValue: record.kind)
            else { continue }
            let read = KindClassifier.classify(record.text).kind
            let byReader = read == gold
            if !byReader && listMisses {
                let flat = record.text.replacingOccurrences(of: "\n", with: " ⏎ ").prefix(140)
                let model = KindModel.shared.map {
                    let best = $0.best(record.text)
                    return String(format: " (model: %@ %.4f)", best.kind.rawValue, best.probability)
                }
                misses.append("  \(gold.rawValue) read as \(read.rawValue)\(model ?? ""): \(flat)")
            }
            let byModel = KindModel.shared?.best(record.text).kind == gold
            total += 1
            var counts = perKind[gold] ?? (0, 0, 0)
            counts.total += 1
            if byReader {
                reader += 1
                counts.reader += 1
            }
            if byModel {
                learned += 1
                counts.learned += 1
            }
            perKind[gold] = counts
            if let language = record.lang {
                let seen = perLanguage[language] ?? (0, 0, 0)
                perLanguage[language] = (
                    seen.total + 1, seen.reader + (byReader ? 1 : 0), seen.learned + (byModel ? 1 : 0)
                )
            }
        }
        guard total > 0 else { return "no held-back lines in \(path)" }
        var lines = [
            String(
                format: "kinds on %@ (held-back lines): offline reader %.3f, learned model alone %.3f, of %d", path,
                Double(reader) / Double(total), Double(learned) / Double(total), total)
        ]
        for kind in ListingKind.allCases {
            guard let counts = perKind[kind] else { continue }
            lines.append(
                "  \(kind.rawValue): reader \(counts.reader)/\(counts.total), model \(counts.learned)/\(counts.total)")
        }
        if perLanguage.count > 1 {
            for (language, counts) in perLanguage.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    String(
                        format: "  %@: reader %.3f, model %.3f, of %d", language,
                        Double(counts.reader) / Double(counts.total), Double(counts.learned) / Double(counts.total),
                        counts.total))
            }
        }
        if !misses.isEmpty {
            lines.append("reader's misses:")
            lines.append(contentsOf: misses)
        }
        if KindModel.shared == nil { lines.append("  (no kind model found: models/kind-model.tsv)") }
        return lines.joined(separator: "\n")
    }
}
