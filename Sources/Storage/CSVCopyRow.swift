import Foundation
import ListingCore
import NIOCore

/// Turns a row of PostgreSQL's `COPY … TO STDOUT (FORMAT csv)` of the export's columns into the export's line
/// (docs/API.md), byte for byte the line `csv_cell` and `PostgresListingRepository.csvLine` write: COPY does the
/// quoting of commas, quotes and line breaks at its own speed, and this pass adds what it does not do, on the bytes
/// as they come:
///
/// - a text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) gets a
///   leading `'`;
/// - an unquoted cell holding a `;` (Excel's separator in many locales) is quoted;
/// - an empty quoted cell (`""`, an empty string) is an empty cell, as NULL is;
/// - booleans `t`/`f` are `true`/`false`;
/// - times (`2026-12-05 02:59:56.93+00`, the session in UTC) are `2026-12-05T02:59:56Z`;
/// - the line ends in CRLF.
struct CSVCopyRow: Sendable {
    enum Cell: Sendable {
        case plain, text, boolean, time
    }

    /// What each column is, in the order of `PostgresListingRepository.copyColumns`.
    let cells: [Cell]

    static let export = CSVCopyRow(
        cells: [.plain, .plain, .plain]
            + FieldSchema.allFields.map { spec in
                switch spec.type {
                case .boolean: return .boolean
                case .text: return .text
                default: return .plain
                }
            } + [.time, .time, .text])

    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let newline = UInt8(ascii: "\n")
    static let formulaStarts: [UInt8] = ["=", "+", "-", "@", "\t", "\r"].map { UInt8(ascii: $0) }

    /// Each cell of one COPY row (`row` ends with its line feed), in order: its bytes as COPY wrote them (a quoted
    /// cell with its quotes, to its closing quote, a doubled quote being one quote inside) and whether it is quoted.
    /// Bytes that are no CSV (a quote never closed) end the cell at the row's end, never out of bounds.
    static func forEachCell(
        _ row: UnsafeRawBufferPointer, _ body: (_ column: Int, _ cell: UnsafeRawBufferPointer, _ quoted: Bool) -> Void
    ) {
        var index = 0
        var column = 0
        let end = row.count > 0 && row[row.count - 1] == newline ? row.count - 1 : row.count
        while index <= end {
            if index < end, row[index] == quote {
                var close = index + 1
                while close < end {
                    if row[close] == quote {
                        if close + 1 < end, row[close + 1] == quote {
                            close += 2
                            continue
                        }
                        break
                    }
                    close += 1
                }
                body(column, UnsafeRawBufferPointer(rebasing: row[index..<min(close + 1, end)]), true)
                index = close + 2
            } else {
                var stop = index
                while stop < end, row[stop] != comma { stop += 1 }
                body(column, UnsafeRawBufferPointer(rebasing: row[index..<stop]), false)
                index = stop + 1
            }
            column += 1
        }
    }

    /// Appends the export's line for one COPY row to `out`.
    func append(_ row: UnsafeRawBufferPointer, to out: inout ByteBuffer) {
        Self.forEachCell(row) { column, cell, quoted in
            if column > 0 { out.writeInteger(Self.comma) }
            let kind = column < cells.count ? cells[column] : .plain
            if quoted {
                writeQuoted(cell, kind: kind, to: &out)
            } else {
                writeBare(cell, kind: kind, to: &out)
            }
        }
        out.writeInteger(UInt8(ascii: "\r"))
        out.writeInteger(Self.newline)
    }

    /// A cell COPY quoted: `""` alone is an empty string, written as an empty cell; a text cell whose value starts
    /// like a formula gets its `'` inside the quotes.
    func writeQuoted(_ cell: UnsafeRawBufferPointer, kind: Cell, to out: inout ByteBuffer) {
        if cell.count == 2 { return }
        if kind == .text, cell.count > 1, Self.formulaStarts.contains(cell[1]) {
            out.writeInteger(Self.quote)
            out.writeInteger(UInt8(ascii: "'"))
            out.writeBytes(UnsafeRawBufferPointer(rebasing: cell[1...]))
        } else {
            out.writeBytes(cell)
        }
    }

    func writeBare(_ cell: UnsafeRawBufferPointer, kind: Cell, to out: inout ByteBuffer) {
        switch kind {
        case .boolean where cell.count == 1:
            out.writeString(cell[0] == UInt8(ascii: "t") ? "true" : "false")
        case .time where cell.count >= 19 && cell[10] == UInt8(ascii: " "):
            out.writeBytes(UnsafeRawBufferPointer(rebasing: cell[0..<10]))
            out.writeInteger(UInt8(ascii: "T"))
            out.writeBytes(UnsafeRawBufferPointer(rebasing: cell[11..<19]))
            out.writeInteger(UInt8(ascii: "Z"))
        default:
            let formula = kind == .text && !cell.isEmpty && Self.formulaStarts.contains(cell[0])
            let quoted = cell.contains(Self.semicolon)
            if quoted { out.writeInteger(Self.quote) }
            if formula { out.writeInteger(UInt8(ascii: "'")) }
            out.writeBytes(cell)
            if quoted { out.writeInteger(Self.quote) }
        }
    }

    /// A COPY row's cells as text: nil for an empty unquoted cell (NULL), the unquoted value otherwise (a quoted
    /// cell's doubled quotes made one).
    static func cells(_ row: UnsafeRawBufferPointer) -> [String?] {
        var cells: [String?] = []
        forEachCell(row) { _, cell, quoted in
            guard quoted else {
                cells.append(cell.isEmpty ? nil : String(decoding: cell, as: UTF8.self))
                return
            }
            // Inside the quotes (the closing one may be missing), a doubled quote made one.
            let closed = cell.count >= 2 && cell[cell.count - 1] == quote
            var bytes: [UInt8] = []
            var at = 1
            let stop = closed ? cell.count - 1 : cell.count
            while at < stop {
                bytes.append(cell[at])
                at += cell[at] == quote && at + 1 < stop && cell[at + 1] == quote ? 2 : 1
            }
            cells.append(String(decoding: bytes, as: UTF8.self))
        }
        return cells
    }

    /// `2026-12-05 02:59:56.939663+00` (a session in UTC) as a time; nil for anything else.
    static func utcTime(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in digits[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month)
        else { return nil }
        var fraction = 0.0
        if digits.count > 20, digits[19] == UInt8(ascii: ".") {
            var scale = 0.1
            for byte in digits[20...] {
                guard (48...57).contains(byte) else { break }
                fraction += Double(byte - 48) * scale
                scale /= 10
            }
        }
        // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = Double(days * 86_400 + hour * 3_600 + minute * 60 + second) + fraction
        return Date(timeIntervalSince1970: seconds)
    }
}
