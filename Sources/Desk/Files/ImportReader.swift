import CSV
import Foundation
import ListingCore
import NIOPosix

/// Listings in a file or a paste, read one at a time as the input streams in: several pasted at once (separated by
/// a line of `---`), a CSV with a `text` column (other columns ignored, or mapped: `title` and `description` when
/// there is no `text`, `pasted_on` or `date`), or JSON Lines (`{"text"}`, or `eval/dev.jsonl`'s lines). Every text
/// follows the paste rules; a problem stops the reading with a message that names the line.
public final class ImportReader {
    public enum Format: String, Sendable, CaseIterable {
        case text, csv, jsonl
    }

    /// One listing, with the line (or CSV row) it starts on.
    public struct Item: Sendable {
        public var line: Int
        public var text: String
        public var pastedOn: LocalDate?
    }

    /// Why the input cannot be imported, naming the line where that is known.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var line: Int?
        public var message: String

        public var description: String { message }
    }

    /// The most listings one import takes.
    public static let maxItems = 10_000

    public let format: Format
    private let lines: LineReader?
    private let csv: CSVReader?
    private var csvColumns: (text: Int?, title: Int?, description: Int?, date: Int?) = (nil, nil, nil, nil)
    private var count = 0
    private var csvRow = 1

    /// Every listing of `data`, read on NIO's thread pool (never on the threads that serve requests); a problem
    /// anywhere is a `Failure` naming its line. Linear in the size of the input, whatever its shape.
    public static func readAll(_ data: Data, format: Format) async throws -> [Item] {
        try await NIOThreadPool.singleton.runIfActive {
            let reader = try ImportReader(data, format: format)
            var items: [Item] = []
            while let item = try reader.next() { items.append(item) }
            return items
        }
    }

    /// Reads `data` in `format`; a CSV's quoting is checked whole first (`CSVQuoting`), since CSV.swift reads an
    /// unclosed quote as one cell to the end of the file and drops the character after a stray quote.
    public convenience init(_ data: Data, format: Format) throws {
        if format == .csv {
            try CSVQuoting.check(data)
            // Valid UTF-8 in hand is read by CSV.swift from the text, without its stream decoder (a fifth of a CSV
            // import's time); anything else through the stream, which names the row it cannot read.
            if var text = String(validating: data, as: UTF8.self) {
                // A byte-order mark is no part of the first cell (CSV.swift's stream reader drops it too).
                if text.unicodeScalars.first == "\u{FEFF}" { text = String(text.unicodeScalars.dropFirst()) }
                try self.init(csv: { [text] in try CSVReader(string: text, hasHeaderRow: true) })
                return
            }
        }
        try self.init(InputStream(data: data), format: format)
    }

    private init(format: Format, lines: LineReader) {
        self.format = format
        self.lines = lines
        csv = nil
    }

    /// A CSV from the reader `make` makes.
    private init(csv make: () throws -> CSVReader) throws {
        format = .csv
        lines = nil
        let reader: CSVReader
        do {
            reader = try make()
        } catch {
            throw Failure(line: 1, message: "The CSV has no header row: its first line must name the columns.")
        }
        csv = reader
        try readHeader(reader.headerRow ?? [])
    }

    /// Reads `stream` in `format`; for a CSV, reads its header now (and throws when it has no text column).
    public convenience init(_ stream: InputStream, format: Format) throws {
        switch format {
        case .text, .jsonl:
            self.init(format: format, lines: LineReader(stream))
        case .csv:
            try self.init(csv: { try CSVReader(stream: stream, hasHeaderRow: true) })
        }
    }

    /// The format a file's name says, or else its first bytes (`{` starts JSON Lines).
    public static func format(name: String, start: Data) -> Format {
        let lower = name.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        let first = start.first { !" \t\r\n".utf8.contains($0) && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        return first == UInt8(ascii: "{") ? .jsonl : .text
    }

    /// The next listing, or nil at the end.
    public func next() throws -> Item? {
        let item: Item?
        switch format {
        case .text: item = try nextPasted()
        case .jsonl: item = try nextJSONLine()
        case .csv: item = try nextCSVRow()
        }
        guard var item else { return nil }
        count += 1
        if count > Self.maxItems {
            throw Failure(
                line: item.line,
                message: "There are more than \(Formatting.grouped(Self.maxItems)) listings: split the file and "
                    + "import the parts one by one.")
        }
        switch TextInput.check(item.text) {
        case .success(let text): item.text = text
        case .failure(let error): throw Failure(line: item.line, message: "\(place(item.line)): \(error.message)")
        }
        return item
    }

    func place(_ line: Int) -> String { format == .csv ? "Row \(line)" : "Line \(line)" }

    // MARK: Listings pasted at once

    private func nextPasted() throws -> Item? {
        guard let lines else { return nil }
        var collected: [String] = []
        var start: Int?
        // Blank lines and separators are told from their bytes, before any text is made of them: a file of
        // millions of them costs a few nanoseconds a line.
        while let (number, bytes) = lines.nextBytes() {
            if LineShape.isSeparator(bytes) {
                if start != nil { break }
                continue
            }
            if start == nil, LineShape.isBlank(bytes) { continue }
            let line = try lines.text(bytes, line: number)
            if start == nil { start = number }
            collected.append(line)
        }
        guard let start else { return nil }
        return Item(line: start, text: TextInput.trimmed(collected.joined(separator: "\n")))
    }

    // MARK: JSON Lines

    private func nextJSONLine() throws -> Item? {
        guard let lines else { return nil }
        while let (number, bytes) = lines.nextBytes() {
            guard !LineShape.isBlank(bytes) else { continue }
            let line = try lines.text(bytes, line: number)
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let text = object["text"] as? String
            else {
                throw Failure(
                    line: number, message: "Line \(number) is not a JSON object with a \"text\" string.")
            }
            return Item(
                line: number, text: text, pastedOn: (object["pasted_on"] as? String).flatMap(LocalDate.init(iso:)))
        }
        return nil
    }

    // MARK: CSV

    static let textColumns = ["text", "listing", "body", "content", "본문", "내용", "글"]

    private func readHeader(_ header: [String]) throws {
        let names = header.map {
            $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{FEFF}"))).lowercased()
        }
        func column(_ candidates: [String]) -> Int? { names.firstIndex { candidates.contains($0) } }
        csvColumns = (
            column(Self.textColumns), column(["title", "제목"]), column(["description", "설명"]),
            column(["pasted_on", "date", "날짜"])
        )
        if csvColumns.text == nil && csvColumns.description == nil {
            throw Failure(
                line: 1,
                message: "The CSV has no text column (its header is: \(header.joined(separator: ", "))). Name the "
                    + "column with each listing's text “text”.")
        }
    }

    private func nextCSVRow() throws -> Item? {
        guard let csv else { return nil }
        while let row = csv.next() {
            csvRow += 1
            if let error = csv.error {
                throw Failure(line: csvRow, message: "Row \(csvRow) cannot be read (\(error)): is the file UTF-8?")
            }
            func cell(_ index: Int?) -> String {
                guard let index, index < row.count else { return "" }
                return TextInput.trimmed(row[index])
            }
            if row.allSatisfy({ $0.unicodeScalars.allSatisfy(\.properties.isWhitespace) }) { continue }
            let text =
                csvColumns.text != nil
                ? cell(csvColumns.text)
                : [cell(csvColumns.title), cell(csvColumns.description)].filter { !$0.isEmpty }.joined(separator: "\n")
            return Item(line: csvRow, text: text, pastedOn: LocalDate(iso: cell(csvColumns.date)))
        }
        if let error = csv.error {
            throw Failure(line: csvRow + 1, message: "Row \(csvRow + 1) cannot be read (\(error)): is the file UTF-8?")
        }
        return nil
    }
}

/// Lines of a stream, numbered from 1, read in blocks (never the whole input at once). Invalid UTF-8 is an error
/// naming its line.
final class LineReader {
    private let stream: InputStream
    private var buffer: [UInt8] = []
    /// Where the next line starts in `buffer`: lines are read by moving this, and the bytes before it are dropped
    /// only when a block is added, so that each byte is moved at most once (removing every line from the front
    /// moved the whole buffer each time: 9 MB of blank lines took half a minute).
    private var start = 0
    private var finished = false
    private var number = 0

    init(_ stream: InputStream) {
        self.stream = stream
        if stream.streamStatus == .notOpen { stream.open() }
    }

    /// The next line's bytes and number, without its line ending (and the first line without a byte-order mark).
    func nextBytes() -> (Int, ArraySlice<UInt8>)? {
        var searched = start
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                let bytes = buffer[start..<newline]
                start = newline + 1
                return line(bytes)
            }
            if finished {
                guard start < buffer.count else { return nil }
                let bytes = buffer[start...]
                start = buffer.count
                return line(bytes)
            }
            buffer.removeSubrange(..<start)
            start = 0
            searched = buffer.count
            var block = [UInt8](repeating: 0, count: 65_536)
            let read = stream.read(&block, maxLength: block.count)
            if read <= 0 { finished = true } else { buffer.append(contentsOf: block[..<read]) }
        }
    }

    private func line(_ bytes: ArraySlice<UInt8>) -> (Int, ArraySlice<UInt8>) {
        number += 1
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return (number, bytes)
    }

    /// A line's bytes as text; invalid UTF-8 is an error naming the line.
    func text(_ bytes: ArraySlice<UInt8>, line number: Int) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ImportReader.Failure(line: number, message: "Line \(number) is not UTF-8 text.")
        }
        return text
    }
}

/// What a line is, told from its bytes: ASCII spaces and tabs are read here; a line with any other byte is made
/// text and read with Unicode's whitespace, as before.
enum LineShape {
    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        guard bytes.contains(where: { $0 >= 0x80 }), let text = String(validating: bytes, as: UTF8.self) else {
            return false
        }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// `---` (three dashes or more, with spaces around them, nothing else): the line between listings pasted at
    /// once.
    static func isSeparator(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.contains(UInt8(ascii: "-")) else { return false }
        var inner = bytes
        while let first = inner.first, first == 0x20 || first == 0x09 { inner = inner.dropFirst() }
        while let last = inner.last, last == 0x20 || last == 0x09 { inner = inner.dropLast() }
        if inner.count >= 3, inner.allSatisfy({ $0 == UInt8(ascii: "-") }) { return true }
        guard bytes.contains(where: { $0 >= 0x80 }), let line = String(validating: bytes, as: UTF8.self) else {
            return false
        }
        return line.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == "-" })
            && line.filter({ $0 == "-" }).count >= 3
    }
}

/// The quoting of a CSV file, checked whole before CSV.swift reads it (RFC 4180): a quoted cell must close, and a
/// quote inside it must be doubled. CSV.swift reads an unclosed quote as one cell to the end of the file (rows
/// merged) and drops the character after a stray quote; here either is refused, naming the row and the line. A
/// file of more than `maxRows` rows (blank ones included) is refused too, so that CSV.swift is never handed
/// millions of empty rows.
enum CSVQuoting {
    static let maxRows = 100_000

    static func check(_ data: Data) throws {
        var line = 1
        var row = 1
        var inQuotes = false
        var afterQuote = false
        var fieldStart = true
        var opened = (row: 0, line: 0)
        func stray() -> ImportReader.Failure {
            ImportReader.Failure(
                line: row,
                message: "Row \(row) (line \(line)): a quote inside a quoted cell must be doubled (\"\"), or the "
                    + "cell closed with a quote before the next comma.")
        }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var index = raw.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while index < raw.count {
                let byte = raw[index]
                index += 1
                if inQuotes {
                    if afterQuote {
                        afterQuote = false
                        if byte == UInt8(ascii: "\"") { continue }
                        inQuotes = false
                        guard [UInt8(ascii: ","), 0x0D, 0x0A].contains(byte) else { throw stray() }
                    } else {
                        if byte == UInt8(ascii: "\"") {
                            afterQuote = true
                        } else if byte == 0x0A {
                            line += 1
                        }
                        continue
                    }
                }
                switch byte {
                case UInt8(ascii: "\"") where fieldStart:
                    inQuotes = true
                    fieldStart = false
                    opened = (row, line)
                case UInt8(ascii: ","), 0x0D:
                    fieldStart = true
                case 0x0A:
                    line += 1
                    row += 1
                    fieldStart = true
                    if row > maxRows {
                        throw ImportReader.Failure(
                            line: row,
                            message: "The CSV has more than \(Formatting.grouped(maxRows)) rows: split it, or import "
                                + "it with `listingdesk import`.")
                    }
                default:
                    fieldStart = false
                }
            }
        }
        if inQuotes && !afterQuote {
            throw ImportReader.Failure(
                line: opened.row,
                message: "Row \(opened.row) (line \(opened.line)): a quoted cell opens here and is never closed. "
                    + "Close it with a quote, or double the quotes inside it (\"\").")
        }
    }
}
