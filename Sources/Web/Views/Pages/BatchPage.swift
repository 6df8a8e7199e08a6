import Foundation
import Storage

/// `GET /batches/{id}`: an import's progress (done, failed, waiting, the rate and the time left), updated live by
/// server-sent events with the script and by reloading without it; a row per listing linking to its review, with
/// retry for the failed ones and cancel for the waiting ones.
struct BatchPage: PageView {
    static let template = "batch"

    struct Count: Sendable {
        let state: String
        let label: String
        let count: Int
    }

    /// A filter of the rows by what they need, with how many.
    struct Filter: Sendable {
        let label: String
        let count: Int
        let link: String
        let current: Bool
    }

    struct Item: Sendable {
        let id: Int64
        let link: String
        let title: String
        let state: String
        let stateLabel: String
        let canRetry: Bool
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let name: String
    let created: String
    let progress: String
    let percent: Int
    let finished: Bool
    let counts: [Count]
    let items: [Item]
    let skipped: String
    let hasSkipped: Bool
    let hasFailed: Bool
    let canCancel: Bool
    let retryAction: String
    let cancelAction: String
    let events: String
    let formToken: String
    /// The batch's listings sent to the Batch API, one line per remote batch.
    let remote: [String]
    let hasRemote: Bool
    /// Waiting listings can be sent to the Batch API (a remote model is configured).
    let canSend: Bool
    let sendAction: String
    /// What the last action did (the clean drafts published).
    let notice: String
    let hasNotice: Bool
    /// The drafts that need no look can be published at once (some listings are read).
    let canPublishClean: Bool
    let publishCleanLink: String
    let publishCleanLabel: String
    /// The review queue through the drafts that need a look, when some do.
    let canReview: Bool
    let reviewLink: String
    let reviewLabel: String
    /// The rows' states with their counts, each a link that shows only those rows; "all" first.
    let filters: [Filter]
    let hasFilters: Bool

    init(
        _ batch: BatchProgress, remote: [RemoteBatchRecord] = [], batchAPI: Bool = false, formToken: String,
        viewer: Viewer, notice: String? = nil, show: BatchItemNeed? = nil
    ) {
        self.notice = notice ?? ""
        hasNotice = notice != nil
        canPublishClean = (batch.counts[.done] ?? 0) + (batch.counts[.fellBack] ?? 0) > 0
        publishCleanLink = SiteURL.batchPublishClean(.value(batch.id)).path
        publishCleanLabel = viewer.labels.publishCleanLink
        self.remote = remote.map(viewer.labels.remoteBatch)
        hasRemote = !remote.isEmpty
        canSend = batchAPI && (batch.counts[.waiting] ?? 0) > 0 && batch.cancelledAt == nil
        sendAction = SiteURL.batchSendToBatchAPI(.value(batch.id)).path
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = "\(labels[.navBatches]) #\(batch.id): \(labels.batchName(batch.name))"
        name = batch.name
        created = labels.time(batch.createdAt, in: viewer.timeZone)
        progress = labels.batchProgress(batch)
        percent = batch.total == 0 ? 100 : 100 * batch.finished / batch.total
        finished = batch.isFinished
        counts = BatchItemState.allCases.map { state in
            Count(state: state.rawValue, label: labels.itemState(state), count: batch.counts[state] ?? 0)
        }
        items = batch.items.filter { show == nil || $0.need == show }.map { item in
            Item(
                id: item.listingID, link: SiteURL.review(.value(item.listingID)).path, title: item.title,
                state: item.state.rawValue, stateLabel: labels.itemNeed(item), canRetry: item.state.canRetry)
        }
        let needs = Dictionary(grouping: batch.items, by: \.need).mapValues(\.count)
        let page = SiteURL.batch(.value(batch.id))
        filters =
            [Filter(label: labels[.all], count: batch.items.count, link: page.path, current: show == nil)]
            + BatchItemNeed.allCases.compactMap { need in
                guard let count = needs[need] else { return nil }
                return Filter(
                    label: labels.needFilter(need), count: count, link: page.path(query: [("show", need.rawValue)]),
                    current: show == need)
            }
        hasFilters = batch.finished > 0
        canReview = (needs[.look] ?? 0) > 0
        reviewLink = SiteURL.batchReview(.value(batch.id)).path
        reviewLabel = labels.pick("Review next", "다음 확인하기") + " (\(needs[.look] ?? 0))"
        skipped = labels.skipped(batch.skipped)
        hasSkipped = batch.skipped > 0
        hasFailed = (batch.counts[.failed] ?? 0) + (batch.counts[.fellBack] ?? 0) > 0
        canCancel = (batch.counts[.waiting] ?? 0) + (batch.counts[.sent] ?? 0) > 0 && batch.cancelledAt == nil
        retryAction = SiteURL.batchRetry(.value(batch.id)).path
        cancelAction = SiteURL.batchCancel(.value(batch.id)).path
        events = SiteURL.batchEvents(.value(batch.id)).path
        self.formToken = formToken
    }
}
