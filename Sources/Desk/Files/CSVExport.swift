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

    /// A cell beginning with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`.
    public static func neutralize(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first) ? "'" + text : text
    }

    /// Quotes a cell when it holds a comma, a semicolon (the separator Excel uses in many European locales), a quote or
    /// a line break; quotes inside are doubled.
    public static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
