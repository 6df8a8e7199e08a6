import Foundation
import ListingCore
import NIOCore
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// The readers of request bodies on arbitrary input: a form body and a JSON body never trap, and what a JSON
/// correction makes of any value is either refused by its field or a value the database takes.
@Suite struct BodyFuzzTests {
    static let formFragments = [
        "text", "=", "&", "%", "%2", "%EA%B0%80", "%ZZ", "%00", "%FF%FE", "+", "csrf", "version", "1", "fields_sent",
        "options", "title", "%C3%28", "%E2%82", "==", "&&", "가", "\u{0}", "%25",
    ]
    static let jsonFragments = [
        "{", "}", "[", "]", ":", ",", "\"", "\"title\"", "\"area_m2\"", "\"price\"", "\"options\"", "\"parking\"", "1",
        "-1", "1e400", "1.5", "99999999999999999999", "true", "null", "\"\\u0000\"", "\"\\ud800\"", "\"에어컨\"", " ",
    ]

    static let importFragments = [
        "text", "title", "description", "pasted_on", ",", ";", "\"", "\"\"", "\n", "\r\n", "\r", "---", "\n---\n",
        "{", "}", "{\"text\":", "\"원룸 월세 500/45\"", "\"pasted_on\":\"2026-11-20\"", "\"2026-13-45\"", "null", "[",
        "]", ":", "\\u0000", "\u{0}", "\u{FEFF}", "\u{FFFD}", "월세 500/45 망원동", "Selling a desk $40", " ", "\t",
    ]

    /// Any file through the import reader, in each format: every item it gives is a text within the paste limit, and
    /// anything else is refused with a message (never a trap, never another kind of error).
    @Test func anyImportFileIsReadOrRefusedWithAMessage() throws {
        var fuzz = Fuzz()
        var read: [ImportReader.Format: Int] = [:]
        var refused = 0
        for round in 0..<Fuzz.count {
            let format = [ImportReader.Format.text, .csv, .jsonl][round % 3]
            let data: Data
            switch fuzz.int(below: 8) {
            case 0: data = Data(fuzz.bytes(maxLength: 200))
            case 1, 2, 3: data = Data(Self.importFile(format, &fuzz).utf8)
            default: data = Data(fuzz.text(from: Self.importFragments, maxParts: 40).utf8)
            }
            do {
                let reader = try ImportReader(InputStream(data: data), format: format)
                var items = 0
                while let item = try reader.next() {
                    items += 1
                    #expect(
                        !item.text.isEmpty && item.text.unicodeScalars.count <= TextInput.maxCharacters,
                        "round \(round)")
                    if items > ImportReader.maxItems + 1 {
                        Issue.record("round \(round): more items than the limit allows")
                        break
                    }
                }
                read[format, default: 0] += items > 0 ? 1 : 0
            } catch let failure as ImportReader.Failure {
                #expect(!failure.message.isEmpty)
                refused += 1
            } catch {
                Issue.record("round \(round) (\(format)): \(error) for \(Array(data.prefix(80)))")
            }
        }
        // The inputs reach both sides: files read in every format, and files refused.
        #expect(read.count == 3 && read.values.allSatisfy { $0 > 0 } && refused > 0, "read \(read), refused \(refused)")
    }

    /// A file shaped like the format (a header, lines or rows), with odd texts and some lines broken.
    static func importFile(_ format: ImportReader.Format, _ fuzz: inout Fuzz) -> String {
        let texts = (0..<(1 + fuzz.int(below: 4))).map { _ in
            fuzz.int(below: 5) == 0
                ? fuzz.text(from: importFragments) : "월세 " + fuzz.text(from: Fuzz.valueFragments, maxParts: 6)
        }
        switch format {
        case .jsonl:
            return texts.map { text in
                guard fuzz.int(below: 6) != 0,
                    let json = try? JSONSerialization.data(withJSONObject: ["text": text, "pasted_on": "2026-11-20"])
                else { return fuzz.text(from: importFragments) }
                return String(decoding: json, as: UTF8.self)
            }.joined(separator: fuzz.int(below: 2) == 0 ? "\n" : "\r\n")
        case .csv:
            return "text,pasted_on\r\n"
                + texts.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\",2026-11-20" }
                .joined(separator: "\r\n")
        case .text:
            return texts.joined(separator: "\n---\n")
        }
    }

    static let multipartFragments = [
        "--", "\r\n", "\r", "\n", "b", "boundary", "--b", "--b--", "\r\n--b\r\n", "Content-Disposition", ":", ": ",
        "form-data", "; name=", "\"file\"", "\"csrf\"", "; filename=", "\"a.csv\"", "\"\"", "\"", "text,price",
        "월세 500/45", "\u{0}", "\t", " ", "-", "=", "(", "@", "\u{7F}", "\u{FF}",
    ]
    static let contentTypes = [
        "multipart/form-data; boundary=", "multipart/form-data; boundary=\"", "multipart/form-data",
        "multipart/form-data;",
        "Multipart/Form-Data; BOUNDARY=", "multipart/form-data; charset=utf-8; boundary=", "multipart/mixed; boundary=",
        "multipart/form-data; boundary=\"\"", "text/plain; boundary=",
    ]

    /// Any multipart upload, its `Content-Type` (and boundary) included, split into any chunks: read or refused with
    /// a 4xx message, never a trap. MultipartKit's parser traps on an empty boundary; every boundary reaches it here.
    @Test func anyMultipartBodyAndBoundaryIsReadOrRefusedNeverATrap() {
        var fuzz = Fuzz()
        var read = 0
        var refused = 0
        for round in 0..<Fuzz.count {
            var contentType = Self.contentTypes[fuzz.int(below: Self.contentTypes.count)]
            switch fuzz.int(below: 4) {
            case 0: contentType += "b"
            case 1: contentType += fuzz.text(from: Self.multipartFragments, maxParts: 3)
            case 2: contentType += String(repeating: "b", count: 60 + fuzz.int(below: 20))
            default: break
            }
            let body: [UInt8]
            switch fuzz.int(below: 3) {
            case 0: body = fuzz.bytes(maxLength: 300)
            case 1:
                body = Array(
                    ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                        + fuzz.text(from: Self.multipartFragments, maxParts: 20) + "\r\n--b--\r\n").utf8)
            default: body = Array(fuzz.text(from: Self.multipartFragments, maxParts: 40).utf8)
            }
            // Any split into chunks, as the body arrives from the network.
            var chunks: [ByteBuffer] = []
            var start = 0
            while start < body.count {
                let end = min(body.count, start + 1 + fuzz.int(below: 40))
                chunks.append(ByteBuffer(bytes: body[start..<end]))
                start = end
            }
            do {
                _ = try MultipartForm.parse(contentType: contentType, chunks: chunks, limit: .importFile)
                read += 1
            } catch let error as WebError {
                #expect((400..<500).contains(Int(error.status.code)), "round \(round): \(error.status)")
                refused += 1
            } catch {
                Issue.record("round \(round): \(error) for \(contentType)")
            }
        }
        #expect(read > 0 && refused > 0, "read \(read), refused \(refused)")
    }

    @Test func anyFormBodyIsReadOrRefusedNeverATrap() {
        var fuzz = Fuzz()
        for _ in 0..<Fuzz.count {
            let text = fuzz.text(from: Self.formFragments, maxParts: 30)
            _ = try? FormBody(ByteBuffer(string: text))
            _ = try? FormBody(ByteBuffer(bytes: fuzz.bytes(maxLength: 64)))
        }
    }

    /// A JSON value of any shape, with the numbers and texts that readers trip on.
    static func jsonValue(_ fuzz: inout Fuzz, depth: Int = 0) -> JSONValue {
        switch fuzz.int(below: depth > 1 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(fuzz.int(below: 2) == 0)
        case 2: return .int([0, -1, 7, Int.max, Int.min, 1_000_000_000_000_000_000][fuzz.int(below: 6)])
        case 3: return .double([0.05, -0.0, 84.95, 1e18, 1e300, -1e300, 3.3e21, 0.1][fuzz.int(below: 8)])
        case 4: return .string(fuzz.text(from: Fuzz.valueFragments))
        case 5: return .array((0..<fuzz.int(below: 4)).map { _ in jsonValue(&fuzz, depth: depth + 1) })
        default: return .object(["a": jsonValue(&fuzz, depth: depth + 1)])
        }
    }

    @Test func anyJSONCorrectionIsRefusedByItsFieldOrStorable() {
        var fuzz = Fuzz()
        let day = LocalDate(year: 2026, month: 11, day: 20)!
        var stored = 0
        for round in 0..<Fuzz.count {
            // Arbitrary text through the decoder: read or refused, never a trap.
            _ = try? JSONDecoder().decode(JSONValue.self, from: Data(fuzz.text(from: Self.jsonFragments).utf8))
            let value = Self.jsonValue(&fuzz)
            for spec in FieldSchema.realEstate + FieldSchema.secondHand {
                let kind: ListingKind = FieldSchema.spec(spec.name, in: .realEstate) != nil ? .realEstate : .secondHand
                let correction = Correction(
                    kind: kind, submitted: [spec.name: value.submitted(for: spec)], stored: [:], pastedOn: day,
                    sourceText: "", keepUnsent: false)
                guard correction.errors.isEmpty, let read = correction.fields[spec.name] else { continue }
                stored += 1
                if let problem = ValueNormalizer.check(read, as: spec) {
                    Issue.record("seed \(Fuzz.seed) round \(round): \(spec.name) took \(value) as \(read): \(problem)")
                }
            }
        }
        #expect(stored > 0, "some corrections are taken, so the check above is reached")
    }
}
