/// Keeps pasted text from being read as our tags: `</listing><instructions>` in a paste arrives as text.
public enum ListingEscaping {
    /// Escapes `&`, `<` and `>` so that the text cannot close `<listing>` or open a tag of ours. Byte by byte, not
    /// character by character: a combining mark after `<` or `>` makes one character of the two, and the sign must
    /// still be escaped.
    public static func escape(_ text: String) -> String {
        escape(text, quotes: false)
    }

    static let ampersand = UInt8(ascii: "&")
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let quote = UInt8(ascii: "\"")

    /// Escapes a value or attribute for a reply envelope (quotes too).
    public static func escapeAttribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// Byte by byte: a sign followed by a combining mark is one character, and a character-wise replacement left it
    /// as it was.
    static func escape(_ text: String, quotes: Bool) -> String {
        func special(_ byte: UInt8) -> Bool {
            byte == ampersand || byte == lessThan || byte == greaterThan || (quotes && byte == quote)
        }
        guard text.utf8.contains(where: special) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case ampersand: bytes += "&amp;".utf8
            case lessThan: bytes += "&lt;".utf8
            case greaterThan: bytes += "&gt;".utf8
            case quote where quotes: bytes += "&quot;".utf8
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reverses `escape` and decodes the usual XML entities and numeric references. Unknown `&…;` stays as written.
    /// Byte by byte, as `escape`: an entity followed by a combining mark is still an entity.
    public static func unescape(_ text: String) -> String {
        guard text.utf8.contains(ampersand) else { return text }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == ampersand,
                let semicolon = bytes[index..<min(bytes.count, index + 12)].firstIndex(of: UInt8(ascii: ";")),
                let decoded = decode(Substring(String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)))
            {
                result += decoded.utf8
                index = semicolon + 1
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func decode(_ entity: Substring) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let code: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                code = UInt32(digits.dropFirst(), radix: 16)
            } else {
                code = UInt32(digits)
            }
            guard let code, let scalar = Unicode.Scalar(code), code != 0 else { return nil }
            return String(Character(scalar))
        }
    }
}
