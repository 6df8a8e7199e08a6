import Desk
import Foundation
import ListingCore
import Storage

/// `GET /batches/{id}/publish-clean`: the batch's drafts that need no look, to be published at once after this one
/// confirm, and the drafts left for the review with why.
struct PublishCleanPage: PageView {
    static let template = "publish-clean"

    struct Row: Sendable {
        let id: Int64
        let link: String
        let title: String
        let note: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let hint: String
    let none: String
    let button: String
    let leftHeading: String
    let clean: [Row]
    let hasClean: Bool
    let left: [Row]
    let hasLeft: Bool
    let action: String
    let back: String
    let backLabel: String
    let formToken: String

    init(batchID: Int64, drafts: ListingService.CleanDrafts, formToken: String, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels.publishCleanLink.trimmingCharacters(in: CharacterSet(charactersIn: "…")) + " · #\(batchID)"
        hint = labels.publishCleanHint
        none = labels.publishCleanNone
        button = labels.publishCleanButton(drafts.clean.count)
        leftHeading = labels.pick("Left for a look", "먼저 확인할 것")
        clean = drafts.clean.map { listing in
            Row(
                id: listing.id, link: SiteURL.review(.value(listing.id)).path,
                title: listing.fields[.title]?.textValue ?? labels.listingTitle(listing.id),
                note: Formatting.summary(listing, labels: labels))
        }
        hasClean = !clean.isEmpty
        left = drafts.left.map { left in
            Row(
                id: left.listingID, link: SiteURL.review(.value(left.listingID)).path,
                title: left.title.isEmpty ? labels.listingTitle(left.listingID) : left.title,
                note: labels.leftReason(left.reason))
        }
        hasLeft = !left.isEmpty
        action = SiteURL.batchPublishClean(.value(batchID)).path
        back = SiteURL.batch(.value(batchID)).path
        backLabel = labels.pick("Back to the import", "가져오기로 돌아가기")
        self.formToken = formToken
    }
}
