import Desk
import Foundation
import ListingCore
import Storage

/// `GET /stats`: what people correct in the drafts, which is where extraction goes wrong: each field's corrections
/// (chart and by kind), by model and prompt version, over time, the share of listings published as extracted, the
/// most corrected listings, and a few recent drafts to read by eye.
struct StatsPage: PageView {
    static let template = "stats"

    struct KindRow: Sendable {
        let field: String
        let realEstate: Int
        let secondHand: Int
        let notListing: Int
        let total: Int
    }

    struct ModelRow: Sendable {
        let model: String
        let promptVersion: String
        let field: String
        let corrections: Int
    }

    /// One field's marks: how many were confirmed, corrected, published anyway, and how often one was right.
    struct MarkRow: Sendable {
        let field: String
        let confirmed: Int
        let corrected: Int
        let publishedAnyway: Int
        let right: String
    }

    struct ListingLink: Sendable {
        let title: String
        let link: String
        let kind: String
        let note: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let days: Int
    let hasPublished: Bool
    let publishedAsExtracted: String
    let hasCorrections: Bool
    let fieldChart: String
    let dayChart: String
    let byKind: [KindRow]
    let byModel: [ModelRow]
    let mostCorrected: [ListingLink]
    let sample: [ListingLink]
    let hasSample: Bool
    /// What became of the marks, per field (docs/REVIEW.md).
    let marks: [MarkRow]
    let hasMarks: Bool
    let marksHeading: String
    let marksHint: String
    let markColumns: [String]
    /// The same column names by role, for each cell's label on a phone (where the table's rows stack).
    let markLabels: [String: String]

    init(_ stats: CorrectionStats, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.statsHeading]
        days = stats.days
        hasPublished = stats.published > 0
        marks = stats.marks.map { count in
            MarkRow(
                field: labels.field(named: FieldName(count.field)), confirmed: count.confirmed,
                corrected: count.corrected, publishedAnyway: count.publishedAnyway,
                right: count.rightShare.map { String(format: "%.0f%%", 100 * $0) } ?? "—")
        }
        hasMarks = !stats.marks.isEmpty
        marksHeading = labels.pick("Marks: how often they were right", "확인 표시: 얼마나 맞았나")
        marksHint = labels.pick(
            "A mark is right when the person corrected the value, wrong when they confirmed it as it was.",
            "표시한 값을 사람이 고쳤으면 맞은 표시, 그대로 확인했으면 틀린 표시입니다.")
        markColumns = [
            labels[.field], labels.pick("Confirmed", "그대로 확인"), labels.pick("Corrected", "고침"),
            labels.pick("Published anyway", "그래도 게시"), labels.pick("Right", "맞은 비율"),
        ]
        markLabels = Dictionary(
            uniqueKeysWithValues: zip(["field", "confirmed", "corrected", "anyway", "right"], markColumns))
        let share = stats.published == 0 ? 0 : 100 * stats.publishedUncorrected / stats.published
        publishedAsExtracted = labels.pick(
            "\(share)% of published listings went out as extracted, with no correction "
                + "(\(stats.publishedUncorrected) of \(stats.published)).",
            "게시된 매물의 \(share)%가 고치지 않고 추출한 그대로 나갔습니다 (\(stats.published)개 중 \(stats.publishedUncorrected)개).")
        hasCorrections = !stats.byField.isEmpty
        var totals: [String: [ListingKind: Int]] = [:]
        for count in stats.byField {
            totals[count.field, default: [:]][count.kind, default: 0] += count.corrections
        }
        let rows: [KindRow] = totals.map { field, kinds in
            KindRow(
                field: labels.field(named: FieldName(field)), realEstate: kinds[ListingKind.realEstate] ?? 0,
                secondHand: kinds[ListingKind.secondHand] ?? 0, notListing: kinds[ListingKind.notListing] ?? 0,
                total: kinds.values.reduce(0, +))
        }
        byKind = rows.sorted { $0.total != $1.total ? $0.total > $1.total : $0.field < $1.field }
        fieldChart = Charts.rows(
            byKind.prefix(20).map { Charts.Bar(label: $0.field, value: $0.total) },
            title: labels.pick(
                "Corrections per field over the last \(stats.days) days", "지난 \(stats.days)일 동안 항목별 수정"))
        dayChart = Charts.columns(
            stats.perDay.map { Charts.Bar(label: String($0.day.suffix(5)), value: $0.corrections) },
            title: labels.pick("Corrections per day (UTC)", "날짜별 수정 (UTC)"))
        var byModelTotals: [String: ModelRow] = [:]
        for count in stats.byField {
            let key = "\(count.model)\u{0}\(count.promptVersion)\u{0}\(count.field)"
            let old = byModelTotals[key]?.corrections ?? 0
            byModelTotals[key] = ModelRow(
                model: count.model, promptVersion: count.promptVersion,
                field: labels.field(named: FieldName(count.field)),
                corrections: old + count.corrections)
        }
        byModel = byModelTotals.values.sorted {
            ($0.model, $0.promptVersion, -$0.corrections, $0.field) < (
                $1.model, $1.promptVersion, -$1.corrections, $1.field
            )
        }
        mostCorrected = stats.mostCorrected.map { item in
            ListingLink(
                title: item.title.isEmpty ? labels.listingTitle(item.id) : item.title,
                link: SiteURL.review(.value(item.id)).path, kind: labels.kind(item.kind),
                note: labels.pick(
                    item.corrections == 1 ? "1 correction" : "\(item.corrections) corrections",
                    "수정 \(item.corrections)번"))
        }
        sample = stats.sample.map { listing in
            ListingLink(
                title: listing.fields[.title]?.textValue ?? labels.listingTitle(listing.id),
                link: SiteURL.review(.value(listing.id)).path, kind: labels.kind(listing.kind),
                note: labels.pick(
                    "\(listing.fields.count) values, pasted \(listing.pastedOn)",
                    "값 \(listing.fields.count)개, \(listing.pastedOn) 등록"))
        }
        hasSample = !sample.isEmpty
    }
}
