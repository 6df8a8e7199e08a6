import Foundation
import ListingCore
import Storage

/// A queue through a batch's drafts that need a look (docs/REVIEW.md, "Reviewing many"): the marked and the
/// incomplete ones, the most to look at first, so that a person goes from one to the next without the batch page.
extension ListingService {
    /// Which drafts a queue goes through: a batch's (`batch-12` in links), or all the drafts the person may
    /// change (`drafts`, the most recent 200: a page of the list).
    public enum ReviewQueue: Hashable, Sendable {
        case batch(Int64)
        case drafts

        public init?(parameter: String) {
            if parameter == "drafts" {
                self = .drafts
                return
            }
            guard parameter.hasPrefix("batch-"), let id = Int64(parameter.dropFirst("batch-".count)), id > 0 else {
                return nil
            }
            self = .batch(id)
        }

        public var parameter: String {
            switch self {
            case .batch(let id): "batch-\(id)"
            case .drafts: "drafts"
            }
        }
    }

    /// How many drafts `.drafts` goes through at most: the most recent.
    static let draftQueueLimit = 200

    /// The listings of a queue in the order to look at them: the most marks and missing fields first, then the
    /// order imported. Drafts with nothing to look at, unread ones and published ones are not in it.
    public func reviewQueue(_ queue: ReviewQueue, for requester: Requester) async throws -> [Int64] {
        switch queue {
        case .batch(let id):
            let drafts = try await cleanDrafts(batch: id, for: requester)
            let weighed: [(id: Int64, weight: Int)] = drafts.left.compactMap { left in
                switch left.reason {
                case .marked(let fields): (left.listingID, fields.count)
                case .blocked(let issues): (left.listingID, issues.count)
                case .notRead, .changed: nil
                }
            }
            return weighed.sorted { ($0.weight, -$0.id) > ($1.weight, -$1.id) }.map(\.id)
        case .drafts:
            let repository = self.repository
            let filter = self.filter(ListingFilter(status: .draft), for: requester)
            let page = try await storing {
                try await repository.list(filter, limit: Self.draftQueueLimit, before: nil)
            }
            let weighed: [(id: Int64, weight: Int)] = page.items.compactMap { listing in
                switch Self.leftReason(listing) {
                case .marked(let fields)?: (listing.id, fields.count)
                case .blocked(let issues)?: (listing.id, issues.count)
                default: nil
                }
            }
            return weighed.sorted { ($0.weight, -$0.id) > ($1.weight, -$1.id) }.map(\.id)
        }
    }

    /// Where a queue goes after `current` was published or skipped: the next one of the old order still in the
    /// queue, else the first left; nil when nothing is left to look at.
    public static func next(after current: Int64, was old: [Int64], now queue: [Int64]) -> Int64? {
        let later = old.drop { $0 != current }.dropFirst()
        return later.first { queue.contains($0) } ?? queue.first { $0 != current }
    }
}
