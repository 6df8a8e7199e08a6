import Foundation
import ListingCore
import Testing

@testable import Desk

/// Each import format, read as a stream: what is a listing, what is mapped, and the message (with its line) for
/// what cannot be imported.
@Suite struct ImportReaderTests {
    static func read(_ input: String, _ format: ImportReader.Format) throws -> [ImportReader.Item] {
        try read(Data(input.utf8), format)
    }

    static func read(_ input: Data, _ format: ImportReader.Format) throws -> [ImportReader.Item] {
        let reader = try ImportReader(input, format: format)
        var items: [ImportReader.Item] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    static func failure(_ input: String, _ format: ImportReader.Format) -> ImportReader.Failure? {
        do {
            _ = try read(input, format)
            return nil
        } catch {
            return error as? ImportReader.Failure
        }
    }

    /// CSV.swift reads an unclosed quote as one cell to the end (rows merged) and drops the character after a stray
    /// quote: both are refused first, naming the row and the line where the cell starts.
    @Test func aCSVsQuotingIsCheckedBeforeItIsRead() throws {
        let unclosed = Self.failure("text\nok 1\n\"multi\nline ok\"\n\"never closed,\nmore\nrows\n", .csv)
        #expect(unclosed?.message.hasPrefix("Row 4 (line 5): a quoted cell opens here and is never closed") == true)
        let stray = Self.failure("text,price\n\"a \"b\" c\",1\n", .csv)
        #expect(stray?.message.hasPrefix("Row 2 (line 2): a quote inside a quoted cell must be doubled") == true)
        let items = try Self.read("\u{FEFF}\"text\"\n\"a \"\"quoted\"\" word\"\r\n\"\"\"\"\n", .csv)
        #expect(items.map(\.text) == ["a \"quoted\" word", "\""], "doubled quotes, CR LF and a byte-order mark")
        let manyRows = Self.failure("text\n" + String(repeating: "\n", count: 100_000), .csv)
        #expect(manyRows?.message.contains("more than 100,000 rows") == true)
    }

    /// Blank lines and separators are told from their bytes; one with other Unicode spaces still counts.
    @Test func blankLinesAndSeparatorsOfAnySpacing() throws {
        let items = try Self.read(
            "\n \t\n\u{3000}\nfirst\n\u{3000}---\u{3000}\n\u{00A0}\nsecond\r\n  ----\t\r\nthird\n- - -\nfourth", .text)
        #expect(items.map(\.text) == ["first", "second", "third\n- - -\nfourth"], "- - - is text, as it was")
        #expect(items.map(\.line) == [4, 7, 9])
    }

    @Test func listingsPastedAtOnceAreSeparatedByDashes() throws {
        let items = try Self.read(
            "망원동 원룸 월세 500/45\n3/5층\n---\n\nSelling a bike, $120\n   -----  \n연남동 투룸 전세 2억\n---\n", .text)
        #expect(items.map(\.text) == ["망원동 원룸 월세 500/45\n3/5층", "Selling a bike, $120", "연남동 투룸 전세 2억"])
        #expect(items.map(\.line) == [1, 5, 7])
    }

    @Test func aCSVsTextColumnWithQuotedLinesAndAByteOrderMark() throws {
        let csv = "\u{FEFF}id,Text,price\n1,\"망원동 원룸, 월세 500/45\n3/5층\",x\n2,Selling a bike,y\n"
        let items = try Self.read(csv, .csv)
        #expect(items.map(\.text) == ["망원동 원룸, 월세 500/45\n3/5층", "Selling a bike"])
        #expect(items.map(\.line) == [2, 3])
    }

    @Test func aCSVWithoutTextTakesTitleAndDescription() throws {
        let items = try Self.read("title,description,date\nBike,Trek FX 2 $340,2024-05-01\n", .csv)
        #expect(items.first?.text == "Bike\nTrek FX 2 $340")
        #expect(items.first?.pastedOn == LocalDate(year: 2024, month: 5, day: 1))
    }

    @Test func whatCannotBeImportedIsSaidWithItsLine() throws {
        let noColumn = try #require(Self.failure("name,price\na,1\n", .csv))
        #expect(noColumn.line == 1)
        #expect(noColumn.message.contains("no text column (its header is: name, price)"))
        let empty = try #require(Self.failure("text,price\nok listing 월세 500/45,1\n\n\"\",2\n", .csv))
        #expect(empty.message == "Row 4: Paste a listing first: the text is empty.", "a blank line is skipped")
        let json = try #require(Self.failure("{\"text\": \"월세 500/45\"}\n{\"txt\": 1}\n", .jsonl))
        #expect(json.message == "Line 2 is not a JSON object with a \"text\" string.")
        let long = try #require(Self.failure(String(repeating: "가", count: 20_001), .text))
        #expect(long.message.hasPrefix("Line 1: The text is 20,001 characters long"))
        var bytes = Data("첫 줄 월세 500/45\n".utf8)
        bytes.append(contentsOf: [0x66, 0xFF, 0x0A])
        #expect(throws: ImportReader.Failure.self) { try Self.read(bytes, .text) }
    }

    @Test func devStyleJSONLinesKeepTheirDates() throws {
        let items = try Self.read(
            "{\"id\": \"a\", \"text\": \"월세 500/45\", \"pasted_on\": \"2022-07-15\", \"kind\": \"real_estate\"}\n\n",
            .jsonl)
        #expect(items.count == 1)
        #expect(items.first?.pastedOn == LocalDate(year: 2022, month: 7, day: 15))
    }

    @Test func moreThanTheLimitIsRefusedNamingWhereItWasReached() throws {
        let many = (0...ImportReader.maxItems).map { "listing \($0) 월세 500/45" }.joined(separator: "\n---\n")
        let failure = try #require(Self.failure(many, .text))
        #expect(failure.message.hasPrefix("There are more than 10,000 listings"))
    }

    @Test func theFormatFromTheNameOrTheFirstCharacter() {
        #expect(ImportReader.format(name: "ads.CSV", start: Data()) == .csv)
        #expect(ImportReader.format(name: "dev.jsonl", start: Data()) == .jsonl)
        #expect(ImportReader.format(name: "upload", start: Data("\n  {\"text\":1}".utf8)) == .jsonl)
        #expect(ImportReader.format(name: "ads.txt", start: Data("망원동".utf8)) == .text)
    }
}
