import CSV
import Foundation
import ListingCore

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

    /// Reads `stream` in `format`; for a CSV, reads its header now (and throws when it has no text column).
    public init(_ stream: InputStream, format: Format) throws {
        self.format = format
        switch format {
        case .text, .jsonl:
            lines = LineReader(stream)
            csv = nil
        case .csv:
            lines = nil
            let reader: CSVReader
            do {
                reader = try CSVReader(stream: stream, hasHeaderRow: true)
            } catch {
                throw Failure(line: 1, message: "The CSV has no header row: its first line must name the columns.")
            }
            csv = reader
            try readHeader(reader.headerRow ?? [])
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
        while let (number, line) = try lines.next() {
            if line.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == "-" })
                && line.filter({ $0 == "-" }).count >= 3
            {
                if start != nil { break }
                continue
            }
            if start == nil {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                start = number
            }
            collected.append(line)
        }
        guard let start else { return nil }
        return Item(
            line: start, text: collected.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: JSON Lines

    private func nextJSONLine() throws -> Item? {
        guard let lines else { return nil }
        while let (number, line) = try lines.next() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
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
                return row[index].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
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
    private var finished = false
    private var number = 0

    init(_ stream: InputStream) {
        self.stream = stream
        if stream.streamStatus == .notOpen { stream.open() }
    }

    func next() throws -> (Int, String)? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let bytes = buffer[..<newline]
                buffer.removeSubrange(...newline)
                return try line(bytes)
            }
            if finished {
                guard !buffer.isEmpty else { return nil }
                let bytes = buffer[...]
                buffer.removeAll()
                return try line(bytes)
            }
            var block = [UInt8](repeating: 0, count: 65_536)
            let read = stream.read(&block, maxLength: block.count)
            if read <= 0 { finished = true } else { buffer.append(contentsOf: block[..<read]) }
        }
    }

    private func line(_ bytes: ArraySlice<UInt8>) throws -> (Int, String) {
        number += 1
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ImportReader.Failure(line: number, message: "Line \(number) is not UTF-8 text.")
        }
        return (number, text)
    }
}
