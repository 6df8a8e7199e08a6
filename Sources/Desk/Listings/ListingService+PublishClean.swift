import Foundation
import ListingCore
import Storage

/// A batch's clean drafts published at once (docs/REVIEW.md, "Publishing many"): a draft is clean when it carries
/// no mark (no value and no kind in doubt) and nothing stops its publishing (the fields its kind requires); every
/// other draft is left for the review queue, with why.
extension ListingService {
    /// Why a draft of a batch was not published with the clean ones.
    public enum LeftReason: Sendable, Hashable {
        /// Not read yet (waiting, sent to the Batch API, being read).
        case notRead
        /// Marked for a look: these fields (`kind` for a kind in doubt).
        case marked([FieldName])
        /// Cannot be published as it is: these problems (a required field missing, a value out of bounds).
        case blocked([Issue])
        /// Changed while the clean ones were being published (another tab, another person): read it again.
        case changed
    }

    /// The drafts of a batch: those clean to publish, and the others with why.
    public struct CleanDrafts: Sendable {
        public var clean: [Listing] = []
        public var left: [(listingID: Int64, title: String, reason: LeftReason)] = []
    }

    /// What `publishClean` did: the listings published and the drafts left.
    public struct CleanPublishing: Sendable {
        public var published: [Listing] = []
        public var left: [(listingID: Int64, title: String, reason: LeftReason)] = []
    }

    /// Sorts a batch's drafts into clean ones and the rest; published and not-a-listing ones are neither.
    public func cleanDrafts(batch id: Int64, for requester: Requester) async throws -> CleanDrafts {
        let batch = try await self.batch(id, items: ImportReader.maxItems, for: requester)
        // The batch's drafts in one query, not one a row.
        let repository = self.repository
        let filter = self.filter(ListingFilter(status: .draft, batchID: id), for: requester)
        let byID = try await storing {
            var listings: [Int64: Listing] = [:]
            try await repository.export(filter) { listings[$0.id] = $0 }
            return listings
        }
        var drafts = CleanDrafts()
        for item in batch.items where item.status == .draft || item.status == .extracting {
            guard item.status == .draft, item.state == .done || item.state == .fellBack,
                let listing = byID[item.listingID]
            else {
                drafts.left.append((item.listingID, item.title, .notRead))
                continue
            }
            if let reason = Self.leftReason(listing) {
                drafts.left.append((listing.id, item.title, reason))
            } else {
                drafts.clean.append(listing)
            }
        }
        return drafts
    }

    /// Publishes each clean draft of a batch as it is stored (the one publishing rule: no marks, nothing blocking),
    /// one save each, at the version read: a draft changed meanwhile is left, not overwritten.
    public func publishClean(batch id: Int64, for requester: Requester) async throws -> CleanPublishing {
        let drafts = try await cleanDrafts(batch: id, for: requester)
        var result = CleanPublishing(left: drafts.left)
        for listing in drafts.clean {
            let unchanged = read(kind: listing.kind, submitted: [:], current: listing, keepUnsent: true)
            do {
                let saved = try await save(listing, submission: unchanged, version: listing.version, publish: true)
                switch saved {
                case .saved(let published): result.published.append(published)
                default: result.left.append((listing.id, listing.fields[.title]?.textValue ?? "", .changed))
                }
            } catch let error as ServiceError where error.kind == .unprocessable || error.kind == .conflict {
                result.left.append((listing.id, listing.fields[.title]?.textValue ?? "", .changed))
            }
        }
        return result
    }

    /// Why a read draft is not clean, or nil when it is.
    static func leftReason(_ listing: Listing) -> LeftReason? {
        let marked = Listing.markedFields(listing.issues)
        if !marked.isEmpty { return .marked(marked) }
        let blocking = ListingValidator.publishingIssues(kind: listing.kind, fields: listing.fields)
        return blocking.isEmpty ? nil : .blocked(blocking)
    }
}
