import NIOCore
import Testing

@testable import Storage

/// The pass over COPY's rows reads bytes from the server: whatever they are (a row cut short, a quote never
/// closed, more cells than columns), it writes a line and never traps.
@Suite struct CSVCopyRowTests {
    func line(_ row: String) -> String {
        var out = ByteBuffer()
        Array(row.utf8).withUnsafeBytes { CSVCopyRow.export.append($0, to: &out) }
        return String(buffer: out)
    }

    @Test func aRowsCellsFollowTheExportsRules() {
        #expect(line("1,real_estate,draft,=x,\"a,b\"\n").hasPrefix("1,real_estate,draft,'=x,\"a,b\""))
        #expect(line("\n") == "\r\n")
        #expect(line("") == "\r\n")
    }

    @Test func anyBytesMakeALineAndNoTrap() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("\",;\n\r\t=+-@tf 0123456789-:.ab".utf8)
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...80, using: &generator)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
            var out = ByteBuffer()
            bytes.withUnsafeBytes { CSVCopyRow.export.append($0, to: &out) }
            #expect(out.readableBytes >= 2)
        }
        for row in ["\"", "\"\"\"", "1,\"open", "\"a\"\"", ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"] {
            #expect(line(row).hasSuffix("\r\n"), "\(row)")
        }
    }
}
