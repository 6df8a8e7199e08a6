/// A piece of a reply: text, CDATA, or a tag with its name folded to docs/FIELDS.md spelling.
enum ReplyToken: Sendable {
    case text(Range<Int>)
    case cdata(Range<Int>)
    case open(name: String, written: String, attributes: [Attribute], selfClosing: Bool, source: Range<Int>)
    case close(name: String, source: Range<Int>)

    struct Attribute: Sendable {
        var name: String
        var value: String
    }

    func isOpen(in names: Set<String>) -> Bool {
        if case .open(let name, _, _, _, _) = self { return names.contains(name) }
        return false
    }

    func isClose(in names: Set<String>) -> Bool {
        if case .close(let name, _) = self { return names.contains(name) }
        return false
    }

    var isContent: Bool {
        switch self {
        case .text, .cdata: true
        default: false
        }
    }
}

/// Splits a reply into tokens. A `<` that does not start a plausible tag is text, so `a < b`, `<3` and
/// unescaped comparisons survive. Runs in one pass over the bytes; tags are ASCII, values are any UTF-8.
struct ReplyTokenizer {
    let bytes: [UInt8]
    /// A tag longer than this is not a tag: it is text with a `<` in it.
    static let maxTagLength = 4_096

    func tokenize() -> [ReplyToken] {
        var tokens: [ReplyToken] = []
        var textStart = 0
        var index = 0
        func flushText(upTo end: Int) {
            if end > textStart { tokens.append(.text(textStart..<end)) }
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if let (token, next) = readMarkup(at: index) {
                flushText(upTo: index)
                if let token { tokens.append(token) }
                index = next
                textStart = next
            } else {
                index += 1
            }
        }
        flushText(upTo: bytes.count)
        return tokens
    }

    /// Reads a tag, CDATA section or comment at `start`; nil when the `<` is plain text.
    /// A nil token with an index means "skip this markup" (a comment).
    private func readMarkup(at start: Int) -> (ReplyToken?, Int)? {
        if hasPrefix("<![CDATA[", at: start) {
            let bodyStart = start + 9
            if let end = find("]]>", from: bodyStart) { return (.cdata(bodyStart..<end), end + 3) }
            return (.cdata(bodyStart..<bytes.count), bytes.count)
        }
        if hasPrefix("<!--", at: start) {
            if let end = find("-->", from: start + 4) { return (nil, end + 3) }
            return nil
        }
        var index = start + 1
        let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        guard index < bytes.count, isNameStart(bytes[index]) else { return nil }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        var written = ReplyParser.string(bytes, nameStart..<index)

        if closing {
            // `</monthly rent >`: words before `>` are part of the name.
            var end = index
            while end < bytes.count, end - start < 200, bytes[end] != UInt8(ascii: ">"),
                bytes[end] != UInt8(ascii: "<"),
                bytes[end] != UInt8(ascii: "\n")
            {
                end += 1
            }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ">") else { return nil }
            let extra = ReplyParser.string(bytes, index..<end)
            written += extra.split(separator: " ").map { "_" + $0 }.joined()
            return (.close(name: ReplyParser.canonicalName(written), source: start..<(end + 1)), end + 1)
        }

        var attributes: [ReplyToken.Attribute] = []
        while index < bytes.count, index - start < Self.maxTagLength {
            skipSpaces(&index)
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                let token = ReplyToken.open(
                    name: ReplyParser.canonicalName(written), written: written, attributes: attributes,
                    selfClosing: false, source: start..<(index + 1))
                return (token, index + 1)
            }
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                let token = ReplyToken.open(
                    name: ReplyParser.canonicalName(written), written: written, attributes: attributes,
                    selfClosing: true, source: start..<(index + 2))
                return (token, index + 2)
            }
            guard isNameStart(byte) else { return nil }
            let attributeStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let attributeName = ReplyParser.string(bytes, attributeStart..<index).lowercased()
            var afterName = index
            skipSpaces(&afterName)
            guard afterName < bytes.count, bytes[afterName] == UInt8(ascii: "=") else {
                // A bare word: part of a spaced tag name (`<monthly rent>`) before any attribute.
                if attributes.isEmpty { written += "_" + attributeName }
                continue
            }
            index = afterName + 1
            skipSpaces(&index)
            guard index < bytes.count else { return nil }
            guard let (value, next) = readAttributeValue(at: index) else { return nil }
            attributes.append(.init(name: attributeName, value: value))
            index = next
        }
        return nil
    }

    /// A quoted value ends at its quote only where a new attribute or the tag's end follows, so that an
    /// unescaped quote inside evidence (`evidence="the "big" room"`) stays in the value.
    private func readAttributeValue(at start: Int) -> (String, Int)? {
        let quote = bytes[start]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            var index = start + 1
            while index < bytes.count, index - start < Self.maxTagLength {
                if bytes[index] == quote, endsValue(after: index + 1) {
                    return (ReplyParser.string(bytes, (start + 1)..<index), index + 1)
                }
                if bytes[index] == UInt8(ascii: "\n"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "<") {
                    return nil
                }
                index += 1
            }
            return nil
        }
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: ">"),
            !(bytes[index] == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">"))
        {
            index += 1
        }
        return (ReplyParser.string(bytes, start..<index), index)
    }

    private func endsValue(after index: Int) -> Bool {
        var cursor = index
        skipSpaces(&cursor)
        guard cursor < bytes.count else { return true }
        if bytes[cursor] == UInt8(ascii: ">") { return true }
        if bytes[cursor] == UInt8(ascii: "/"), cursor + 1 < bytes.count, bytes[cursor + 1] == UInt8(ascii: ">") {
            return true
        }
        guard cursor > index, isNameStart(bytes[cursor]) else { return false }
        while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
        skipSpaces(&cursor)
        return cursor < bytes.count && bytes[cursor] == UInt8(ascii: "=")
    }

    private func skipSpaces(_ index: inout Int) {
        while index < bytes.count,
            bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")
                || bytes[index] == UInt8(ascii: "\n")
                || bytes[index] == UInt8(ascii: "\r")
        {
            index += 1
        }
    }

    private func isNameStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    private func hasPrefix(_ prefix: String, at index: Int) -> Bool {
        let pattern = Array(prefix.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    private func find(_ needle: String, from index: Int) -> Int? {
        let pattern = Array(needle.utf8)
        var cursor = index
        while cursor + pattern.count <= bytes.count {
            if bytes[cursor] == pattern[0], hasPrefix(needle, at: cursor) { return cursor }
            cursor += 1
        }
        return nil
    }
}
