import Desk
import Foundation
import ListingCore
import Storage

/// The CSV export for people: the header and the values in words of the reader's language, and the file's name.
extension CSVExport {
    /// The header in words of the reader's language (`?header=ko` or `en`), for people who open the file in a
    /// spreadsheet; the columns are the same, each named once (the listing's status is not the item's condition).
    static func header(in labels: Labels) -> String {
        let words =
            [labels.pick("ID", "번호"), labels[.columnKind], labels.pick("Listing status", "게시 상태")]
            + FieldSchema.allFields.map { labels.field(named: $0.name) }
            + [
                labels[.columnCreated], labels.pick("Published", "게시"),
                labels.pick("Published with marks", "확인 없이 게시한 항목"),
            ]
        return words.map { quote(neutralize($0)) }.joined(separator: ",") + "\r\n"
    }

    /// A listing's line for people (`?header=ko` or `en`): the same columns, values in words of their language
    /// (`월세`, `남향`, `예`, `에어컨; 냉장고`, `즉시 입주`), numbers as numbers, times in their zone, marked fields
    /// by their names. Written here rather than by the database: it is for a person's spreadsheet, not a bulk load.
    static func row(_ listing: ExportedRow, in labels: Labels, zone: TimeZone) -> String {
        var cells = [String(listing.id), quote(labels.kind(listing.kind)), quote(labels.status(listing.status))]
        for spec in FieldSchema.allFields {
            guard let value = listing.fields[spec.name] else {
                cells.append("")
                continue
            }
            switch (spec.type, value) {
            case (.halves, .decimal(let number)):
                cells.append(Formatting.halves(number))
            case (_, .integer), (_, .decimal):
                cells.append(value.canonicalString())
            case (_, .boolean(let flag)):
                cells.append(flag ? labels.yes : labels.no)
            case (.enumeration, .text(let code)):
                cells.append(quote(neutralize(labels.choice(code))))
            case (.availability, .text("immediate")):
                cells.append(quote(labels.immediately))
            case (.availability, .text("negotiable")):
                cells.append(quote(labels.byAgreement))
            case (_, .list(let items)):
                cells.append(quote(neutralize(items.map(labels.choice).joined(separator: "; "))))
            case (_, .text(let text)):
                cells.append(quote(neutralize(text)))
            }
        }
        cells.append(labels.time(listing.createdAt, in: zone))
        cells.append(listing.publishedAt.map { labels.time($0, in: zone) } ?? "")
        let names = listing.marked.map { $0 == Issue.kindField ? labels[.columnKind] : labels.field(named: $0) }
        cells.append(quote(neutralize(names.joined(separator: "; "))))
        return cells.joined(separator: ",") + "\r\n"
    }

    /// `listings-2026-12-04.csv`, or `listings-2026-12-04-ko.csv` in words: the day in the person's zone.
    static func fileName(on date: Date, zone: TimeZone, language: Language?) -> String {
        let local = Formatting.iso(date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date))))
        return "listings-\(local.prefix(10))" + (language.map { "-\($0.rawValue)" } ?? "") + ".csv"
    }
}
