import Foundation
import ListingCore

/// Trains the kind model (`KindModel`) from labelled posts: counts, for each kind, the posts each feature occurs
/// in; keeps the features seen in at least `minimumCount` posts; turns the counts into Laplace-smoothed
/// log-probabilities with equal priors (how often each kind comes up in a dataset says nothing about what people
/// paste); and picks the temperature that gives the held-back posts the best log-likelihood.
public struct KindModelTrainer: Sendable {
    public struct Example: Sendable {
        public var text: String
        public var kind: ListingKind

        public init(text: String, kind: ListingKind) {
            self.text = text
            self.kind = kind
        }
    }

    /// How the trained model did on the held-back posts.
    public struct Report: Sendable {
        public var accuracy: Double
        public var logLoss: Double
        public var counts: [ListingKind: (total: Int, right: Int)]
    }

    public var smoothing = 1.0
    public var minimumCount = 2

    public init() {}

    public func train(_ examples: [Example], tuningOn heldOut: [Example]) -> KindModel {
        let kinds = ListingKind.allCases
        var counts: [String: [Int]] = [:]
        var posts = [Int](repeating: 0, count: kinds.count)
        for example in examples {
            guard let index = kinds.firstIndex(of: example.kind) else { continue }
            posts[index] += 1
            for feature in KindModel.features(example.text) {
                counts[feature, default: [Int](repeating: 0, count: kinds.count)][index] += 1
            }
        }
        let kept = counts.filter { $0.value.reduce(0, +) >= minimumCount }
        // Each kind's features: the posts they occur in, smoothed, over all its feature occurrences.
        var totals = [Double](repeating: 0, count: kinds.count)
        for value in kept.values {
            for index in totals.indices { totals[index] += Double(value[index]) }
        }
        let vocabulary = Double(kept.count)
        var table: [String: [Double]] = [:]
        table.reserveCapacity(kept.count)
        for (feature, value) in kept {
            table[feature] = value.indices.map { index in
                log((Double(value[index]) + smoothing) / (totals[index] + smoothing * vocabulary))
            }
        }
        let untempered = KindModel(kinds: kinds, temperature: 1, logProbabilities: table)
        // The temperature: the one of a coarse grid that gives the held-back posts their best log-likelihood.
        let grid = [0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1.0]
        let best =
            heldOut.isEmpty
            ? 0.1
            : grid.min { lhs, rhs in
                Self.report(KindModel(kinds: kinds, temperature: lhs, logProbabilities: table), on: heldOut).logLoss
                    < Self.report(KindModel(kinds: kinds, temperature: rhs, logProbabilities: table), on: heldOut)
                    .logLoss
            } ?? 0.1
        return KindModel(kinds: untempered.kinds, temperature: best, logProbabilities: table)
    }

    /// Accuracy and mean log-loss of a model on labelled posts, with each kind's count and right answers.
    public static func report(_ model: KindModel, on examples: [Example]) -> Report {
        var right = 0
        var loss = 0.0
        var counts: [ListingKind: (total: Int, right: Int)] = [:]
        for example in examples {
            let odds = model.probabilities(example.text)
            let guess = model.kinds.max { (odds[$0] ?? 0) < (odds[$1] ?? 0) }
            let hit = guess == example.kind
            if hit { right += 1 }
            loss -= log(max(odds[example.kind] ?? 0, 1e-12))
            var count = counts[example.kind] ?? (0, 0)
            count.total += 1
            if hit { count.right += 1 }
            counts[example.kind] = count
        }
        let total = Double(max(examples.count, 1))
        return Report(accuracy: Double(right) / total, logLoss: loss / total, counts: counts)
    }
}
