import Foundation

/// A packed reply cut into its envelopes, by the ids they carry (never by their position: a model may answer out of
/// order, skip a listing, repeat one, or name one the request did not have). Each envelope's body is what a single
/// reply would be, for `ReplyParser`. Forgiving as the single parser is: any case, quoted or bare ids, a missing
/// `</envelope>` before the next envelope, text between envelopes.
public struct PackedReply: Sendable, Hashable {
    /// Each id's envelope body, by `key(_:)`.
    public var envelopes: [String: String] = [:]
    /// Ids written more than once with different contents: neither envelope can be trusted.
    public var conflicting: Set<String> = []
    /// Every id written, by `key(_:)`, in the order written (repeats included).
    public var written: [String] = []
    /// The reply ended inside an envelope (cut by `max_tokens`, say): that envelope is not kept.
    public var truncated = false

    /// How ids are compared: the digits when there are any (`"12"`, `12`, `"#12"`, `"listing 12"` are one id), else
    /// the trimmed, lowercased text.
    public static func key(_ id: String) -> String {
        let digits = id.filter(\.isASCIIDigit)
        guard !digits.isEmpty else { return id.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        let significant = digits.drop { $0 == "0" }
        return significant.isEmpty ? "0" : String(significant)
    }

    public static func split(_ reply: String) -> PackedReply {
        var result = PackedReply()
        // Tags are found in an ASCII-folded copy of the bytes, at the same offsets as in the reply.
        let text = Array(reply.utf8)
        let folded = text.map(asciiLowered)
        var position = 0
        while let open = find(Array("<envelope".utf8), in: folded, from: position, requiringBoundary: true) {
            guard let tagEnd = folded[open...].firstIndex(of: UInt8(ascii: ">")) else {
                result.truncated = true
                break
            }
            let id = attributeID(in: text[(open + 9)..<tagEnd])
            let bodyStart = tagEnd + 1
            let close = find(Array("</envelope".utf8), in: folded, from: bodyStart, requiringBoundary: false)
            let nextOpen = find(Array("<envelope".utf8), in: folded, from: bodyStart, requiringBoundary: true)
            var bodyEnd: Int
            switch (close, nextOpen) {
            case (let close?, let next?) where next < close:
                bodyEnd = next
                position = next
            case (let close?, _):
                bodyEnd = close
                position = folded[close...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? folded.count
            case (nil, let next?):
                bodyEnd = next
                position = next
            case (nil, nil):
                bodyEnd = text.count
                position = text.count
                // An envelope that runs to the end is whole only if its fields were closed.
                if find(Array("</fields>".utf8), in: folded[..<bodyEnd], from: bodyStart, requiringBoundary: false)
                    == nil
                {
                    result.truncated = true
                    if let id { result.written.append(key(id)) }
                    continue
                }
            }
            guard let id else { continue }
            let key = key(id)
            let body = String(decoding: text[bodyStart..<bodyEnd], as: UTF8.self)
            result.written.append(key)
            if let earlier = result.envelopes[key] {
                if earlier.trimmingCharacters(in: .whitespacesAndNewlines)
                    != body.trimmingCharacters(in: .whitespacesAndNewlines)
                {
                    result.conflicting.insert(key)
                }
            } else {
                result.envelopes[key] = body
            }
        }
        for key in result.conflicting { result.envelopes[key] = nil }
        return result
    }

    /// The value of the `id` attribute (or of any attribute whose name ends in `id`, such as `listing_id`).
    static func attributeID(in bytes: ArraySlice<UInt8>) -> String? {
        let attributes = String(decoding: bytes, as: UTF8.self)
        var rest = attributes[...]
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].split(whereSeparator: \.isWhitespace).last.map(String.init)
            var value = rest[rest.index(after: equals)...].drop(while: \.isWhitespace)
            var written: Substring
            if let quote = value.first, quote == "\"" || quote == "'" {
                value = value.dropFirst()
                written = value.prefix { $0 != quote }
                rest = value.dropFirst(written.count + 1)
            } else {
                written = value.prefix { !$0.isWhitespace && $0 != "/" }
                rest = value.dropFirst(written.count)
            }
            if let name, name.lowercased().hasSuffix("id"), !written.isEmpty {
                return ListingEscaping.unescape(String(written))
            }
        }
        return nil
    }

    /// The first occurrence of `needle` at or after `start`; with `requiringBoundary`, only where the next byte ends
    /// a tag name (so that `<envelope` does not match `<envelopes>`).
    static func find<C: RandomAccessCollection>(
        _ needle: [UInt8], in haystack: C, from start: Int, requiringBoundary: Bool
    ) -> Int? where C.Element == UInt8, C.Index == Int {
        guard haystack.endIndex - needle.count >= start else { return nil }
        var index = max(start, haystack.startIndex)
        while index <= haystack.endIndex - needle.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                let after = index + needle.count
                if !requiringBoundary || after == haystack.endIndex
                    || [
                        UInt8(ascii: " "), UInt8(ascii: ">"), UInt8(ascii: "\n"), UInt8(ascii: "\t"),
                        UInt8(ascii: "\r"),
                        UInt8(ascii: "/"),
                    ].contains(haystack[after])
                {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    static func asciiLowered(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
