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

    struct ListingLink: Sendable {
        let title: String
        let link: String
        let kind: String
        let note: String
    }

    let site = SiteLinks()
    let title = "Corrections"
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

    init(_ stats: CorrectionStats) {
        days = stats.days
        hasPublished = stats.published > 0
        let share = stats.published == 0 ? 0 : 100 * stats.publishedUncorrected / stats.published
        publishedAsExtracted =
            "\(share)% of published listings went out as extracted, with no correction "
            + "(\(stats.publishedUncorrected) of \(stats.published))."
        hasCorrections = !stats.byField.isEmpty
        var totals: [String: [ListingKind: Int]] = [:]
        for count in stats.byField {
            totals[count.field, default: [:]][count.kind, default: 0] += count.corrections
        }
        let rows: [KindRow] = totals.map { field, kinds in
            KindRow(
                field: field, realEstate: kinds[ListingKind.realEstate] ?? 0,
                secondHand: kinds[ListingKind.secondHand] ?? 0, notListing: kinds[ListingKind.notListing] ?? 0,
                total: kinds.values.reduce(0, +))
        }
        byKind = rows.sorted { $0.total != $1.total ? $0.total > $1.total : $0.field < $1.field }
        fieldChart = Charts.rows(
            byKind.prefix(20).map { Charts.Bar(label: $0.field, value: $0.total) },
            title: "Corrections per field over the last \(stats.days) days")
        dayChart = Charts.columns(
            stats.perDay.map { Charts.Bar(label: String($0.day.suffix(5)), value: $0.corrections) },
            title: "Corrections per day (UTC)")
        var byModelTotals: [String: ModelRow] = [:]
        for count in stats.byField {
            let key = "\(count.model)\u{0}\(count.promptVersion)\u{0}\(count.field)"
            let old = byModelTotals[key]?.corrections ?? 0
            byModelTotals[key] = ModelRow(
                model: count.model, promptVersion: count.promptVersion, field: count.field,
                corrections: old + count.corrections)
        }
        byModel = byModelTotals.values.sorted {
            ($0.model, $0.promptVersion, -$0.corrections, $0.field) < (
                $1.model, $1.promptVersion, -$1.corrections, $1.field
            )
        }
        mostCorrected = stats.mostCorrected.map { item in
            ListingLink(
                title: item.title.isEmpty ? "Listing #\(item.id)" : item.title,
                link: SiteURL.review(.value(item.id)).path, kind: item.kind.label,
                note: item.corrections == 1 ? "1 correction" : "\(item.corrections) corrections")
        }
        sample = stats.sample.map { listing in
            ListingLink(
                title: listing.fields[.title]?.textValue ?? "Listing #\(listing.id)",
                link: SiteURL.review(.value(listing.id)).path, kind: listing.kind.label,
                note: "\(listing.fields.count) values, pasted \(listing.pastedOn)")
        }
        hasSample = !sample.isEmpty
    }
}
