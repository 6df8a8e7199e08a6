import Desk
import Foundation
import Hummingbird
import MultipartKit
import NIOPosix

/// A `multipart/form-data` body (a file upload), read whole up to the route's limit, checked, then parsed with
/// MultipartKit's parser on NIO's thread pool: each part's name, file name and bytes.
///
/// MultipartKit's parser traps (stopping the whole process) on two inputs, both refused with 400 before it is
/// called: an empty boundary (a `precondition`; the boundary is checked against RFC 2046's rules, 1 to 70
/// characters of its set, not ending in a space), and a byte of 0x80 or more in a part's header name (its table of
/// allowed characters has 128 entries and is indexed by the byte; `MultipartPrecheck` finds every header block first).
struct MultipartForm {
    struct Part {
        var filename: String?
        var body = ByteBuffer()
    }

    private(set) var parts: [String: Part] = [:]

    subscript(name: String) -> Part? { parts[name] }

    /// A part's bytes as text, when it is UTF-8.
    func text(_ name: String) -> String? {
        parts[name].flatMap { String(validating: $0.body.readableBytesView, as: UTF8.self) }
    }

    /// Whether the content type says `multipart/form-data` (whatever its boundary).
    static func isMultipart(_ contentType: String?) -> Bool {
        contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            == "multipart/form-data"
    }

    /// The boundary of a `multipart/form-data` content type, checked; throws 400 when it is missing or not one
    /// RFC 2046 allows (what MultipartKit's parser may trap on never reaches it).
    static func boundary(_ contentType: String) throws -> String {
        var found: String?
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                var value = Substring(pair[1])
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                found = String(value)
            }
        }
        guard let boundary = found, (1...70).contains(boundary.utf8.count), boundary.utf8.last != UInt8(ascii: " "),
            boundary.utf8.allSatisfy(isBoundaryCharacter)
        else {
            throw WebError.badRequest(
                "The upload's Content-Type has no usable boundary (1 to 70 letters, digits or '()+_,-./:=? ').")
        }
        return boundary
    }

    /// RFC 2046's `bchars`: digits, letters, `'()+_,-./:=?` and space.
    static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "'()+_,-./:=? ".utf8.contains(byte)
        }
    }

    /// The whole body, up to the route's limit, then checked (`MultipartPrecheck`) and parsed on NIO's thread pool: a
    /// 10 MB body of any shape is CPU work that must not hold the threads that answer other requests.
    static func read(_ request: Request, contentType: String, limit: BodyLimit) async throws -> MultipartForm {
        // The boundary is checked before the body is read: a request that cannot be parsed costs no reading.
        let boundary = try boundary(contentType)
        let body = try await Requests.body(request, limit: limit)
        return try await NIOThreadPool.singleton.runIfActive {
            try parse(boundary: boundary, chunks: [body], limit: limit)
        }
    }

    /// The same from a content type and chunks in hand (the fuzz tests split bodies as a network would).
    static func parse(contentType: String, chunks: [ByteBuffer], limit: BodyLimit) throws -> MultipartForm {
        guard isMultipart(contentType) else { throw WebError.badRequest("The upload is not multipart/form-data.") }
        return try parse(boundary: try boundary(contentType), chunks: chunks, limit: limit)
    }

    /// Checks the body (`MultipartPrecheck`), then parses it chunk by chunk.
    static func parse(boundary: String, chunks: [ByteBuffer], limit: BodyLimit) throws -> MultipartForm {
        guard chunks.reduce(0, { $0 + $1.readableBytes }) <= limit.bytes else {
            throw WebError(.contentTooLarge, code: "body_too_large", limit.message)
        }
        if chunks.count == 1 {
            try MultipartPrecheck.check(chunks[0], boundary: boundary)
        } else {
            var whole = ByteBuffer()
            for var chunk in chunks { whole.writeBuffer(&chunk) }
            try MultipartPrecheck.check(whole, boundary: boundary)
        }
        let reading = Reading(boundary: boundary)
        for chunk in chunks { try reading.add(chunk) }
        return reading.form
    }

    /// One body being parsed: the parser and the parts it has given so far.
    final class Reading {
        private let parser: MultipartParser
        private let collected = Collected()

        /// What the parser's callbacks write to (they are closures the parser holds).
        /// (Called once per byte on some bodies: no dynamic exclusivity checks, the parser calls them one at a time.)
        final class Collected {
            @exclusivity(unchecked) var form = MultipartForm()
            @exclusivity(unchecked) var current = Part()
            @exclusivity(unchecked) var name: String?
        }

        /// `boundary` is one `MultipartForm.boundary` checked.
        init(boundary: String) {
            parser = MultipartParser(boundary: boundary)
            let collected = self.collected
            parser.onHeader = { field, value in
                guard field.lowercased() == "content-disposition" else { return }
                collected.name = MultipartForm.parameter("name", in: value)
                collected.current.filename = MultipartForm.parameter("filename", in: value)
            }
            parser.onBody = { chunk in collected.current.body.writeBuffer(&chunk) }
            parser.onPartComplete = {
                if let name = collected.name { collected.form.parts[name] = collected.current }
                collected.current = Part()
                collected.name = nil
            }
        }

        var form: MultipartForm { collected.form }

        func add(_ chunk: ByteBuffer) throws {
            do {
                try parser.execute(chunk)
            } catch {
                throw WebError.badRequest("The upload is not a well-formed multipart form.")
            }
        }
    }

    /// `form-data; name="file"; filename="a.csv"` → the value of `name`, without control characters (a NUL in a
    /// file name is no part of any name, and PostgreSQL refuses it).
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return String(String.UnicodeScalarView(value.unicodeScalars.filter { !$0.properties.isControlLike }))
            }
        }
        return nil
    }
}

extension Unicode.Scalar.Properties {
    /// C0 and C1 controls and DEL: nothing a name or a label shows.
    var isControlLike: Bool { generalCategory == .control }
}

/// What MultipartKit's parser must not be given, checked in one pass over the body before it is parsed:
///
/// - A byte of 0x80 or more where it would read a header name (it indexes a 128-entry table with it and traps). Its
///   parser enters a part's headers only right after the bytes `--BOUNDARY` CR LF (in the preamble, or as
///   `CR LF --BOUNDARY` between parts); there each line, up to a CR, is a name up to its first `:` and then a value,
///   until an empty line. Every occurrence of those bytes is checked so, whatever the parser would make of the
///   bytes before it (a superset of its header blocks: a block it would never read can only refuse more); a block
///   already checked is not checked again, so the check is linear in the body.
/// - More than `maxParts` parts (places where a part may start): the import form has five fields, and a body of
///   200,000 tiny parts would cost a header parse and a dictionary entry each.
/// - More than `maxCarriageReturns` CR bytes: the parser makes a buffer for every CR in a part's body (each may
///   start a boundary), so 10 MB of them cost more than a second of CPU. A real file has far fewer line breaks
///   (10,000 listings of ten lines are 100,000).
enum MultipartPrecheck {
    static let maxCarriageReturns = 1_000_000
    static let maxParts = 64

    static func check(_ body: ByteBuffer, boundary: String) throws {
        let marker = Array("--\(boundary)\r\n".utf8)
        try body.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var from = 0
            var checkedUntil = 0
            var carriageReturns = 0
            var parts = 0
            // Each CR is a candidate end of the marker, checked backwards (a boundary has no CR, so the cost is
            // about one comparison a byte whatever the body).
            while from < bytes.count, let found = memchr(base + from, 0x0D, bytes.count - from) {
                let cr = base.distance(to: UnsafeRawPointer(found))
                from = cr + 1
                carriageReturns += 1
                if carriageReturns > maxCarriageReturns {
                    throw WebError.badRequest(
                        "The upload has more than \(Formatting.grouped(maxCarriageReturns)) line breaks: split it, or "
                            + "import it with `listingdesk import`.")
                }
                let start = cr + 2
                guard start <= bytes.count, start >= marker.count, bytes[cr + 1] == 0x0A,
                    (0..<marker.count).allSatisfy({ bytes[start - marker.count + $0] == marker[$0] })
                else { continue }
                parts += 1
                if parts > maxParts {
                    throw WebError.badRequest(
                        "The upload has more than \(maxParts) parts: it is not this site's import form.")
                }
                if start < checkedUntil { continue }
                checkedUntil = try checkBlock(bytes, from: start)
            }
        }
    }

    /// Checks the header lines from `start` to the empty line that ends them (or the end); where it stopped.
    static func checkBlock(_ bytes: UnsafeRawBufferPointer, from start: Int) throws -> Int {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0D { return index }  // An empty line: the headers end.
            var inName = true
            while index < bytes.count, bytes[index] != 0x0D {
                let byte = bytes[index]
                if inName {
                    if byte == UInt8(ascii: ":") {
                        inName = false
                    } else if byte >= 0x80 {
                        throw WebError.badRequest(
                            "The upload is not a well-formed multipart form (a part's header name is not ASCII).")
                    }
                }
                index += 1
            }
            index += 1  // The CR; the LF after it, if there, starts the next line.
            if index < bytes.count, bytes[index] == 0x0A { index += 1 }
        }
        return index
    }
}
