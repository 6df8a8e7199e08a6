import Foundation
import ListingCore
import Storage

/// The CSV export (docs/API.md): RFC 4180, a header of every docs/FIELDS.md field, `options` joined with `;`, and any text
/// cell that a spreadsheet would run as a formula prefixed with `'`.
public enum CSVExport {
    public static let header: String = {
        (["id", "kind", "status"] + FieldSchema.allFields.map(\.name.rawValue)
            + ["created_at", "published_at", "published_with_marks"])
            .joined(separator: ",") + "\r\n"
    }()

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

    /// The UTF-8 byte-order mark, so that Excel opens Korean text correctly.
    public static let byteOrderMark = "\u{FEFF}"

    /// A listing's line by these rules, in Swift: the reference that the database's lines (`exportCSV`, which the
    /// export streams) are held to by `CSVExportTests`.
    public static func row(_ listing: Listing) -> String {
        var cells = [String(listing.id), listing.kind.rawValue, listing.status.rawValue]
        for spec in FieldSchema.allFields {
            guard let value = listing.fields[spec.name] else {
                cells.append("")
                continue
            }
            switch value {
            case .integer, .decimal, .boolean:
                cells.append(value.canonicalString())
            case .list(let items):
                cells.append(quote(neutralize(items.joined(separator: ";"))))
            case .text(let text):
                cells.append(quote(neutralize(text)))
            }
        }
        cells.append(Formatting.iso(listing.createdAt))
        cells.append(listing.publishedAt.map(Formatting.iso) ?? "")
        // The marked fields a person published anyway (docs/REVIEW.md), by name, joined with `;`.
        let marked = listing.status == .published ? Listing.markedFields(listing.issues).map(\.rawValue).sorted() : []
        cells.append(quote(neutralize(marked.joined(separator: ";"))))
        return cells.joined(separator: ",") + "\r\n"
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

    /// A cell beginning with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`.
    static func neutralize(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first) ? "'" + text : text
    }

    /// Quotes a cell when it holds a comma, a semicolon (the separator Excel uses in many European locales), a quote or
    /// a line break; quotes inside are doubled.
    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
