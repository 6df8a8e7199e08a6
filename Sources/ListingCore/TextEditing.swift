/// Lower-casing, trimming and replacing as the standard library and Foundation do them, the same strings out, but
/// working on bytes and scalars: the offline reader calls them a few dozen times a listing, and the originals made a
/// string for every scalar (`lowercased`) or went through `NSString` (`trimmingCharacters`, `replacingOccurrences`),
/// a sixth of its time (docs/PERFORMANCE.md, "Speed, part four").
public enum TextEditing {
    /// `String(text).lowercased()`: each scalar's lower-case mapping, ASCII lowered by its byte and Hangul and Han
    /// (which have no case) copied; the Unicode tables are asked only for the other scalars.
    public static func lowercased(_ text: some StringProtocol) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                output.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
            } else if isCaseless(value) {
                UTF8.encode(scalar) { output.append($0) }
            } else {
                output.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Hangul syllables and compatibility jamo, and the unified Han ideographs: scalars with no case mapping.
    @inline(__always)
    static func isCaseless(_ value: UInt32) -> Bool {
        (0xAC00...0xD7A3).contains(value) || (0x3131...0x318E).contains(value) || (0x4E00...0x9FFF).contains(value)
    }

    /// `text.trimmingCharacters(in: .whitespaces)`: without the space separators (`Zs`) and tabs at either end.
    public static func trimmingSpaces(_ text: some StringProtocol) -> String {
        trimming(text, where: isHorizontalSpace)
    }

    /// `text.trimmingCharacters(in: CharacterSet(charactersIn: characters))`.
    public static func trimming(_ text: some StringProtocol, of characters: String) -> String {
        trimming(text) { scalar in characters.unicodeScalars.contains(scalar) }
    }

    /// The text without the scalars that `drop` holds at either end.
    public static func trimming(_ text: some StringProtocol, where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }), let last = scalars.lastIndex(where: { !drop($0) })
        else { return "" }
        return String(Substring(scalars[first...last]))
    }

    /// Foundation's `CharacterSet.whitespaces`: the tab and the space separators (`Zs`), line breaks not.
    @inline(__always)
    public static func isHorizontalSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return scalar.properties.generalCategory == .spaceSeparator
    }

    /// `text.replacingOccurrences(of: target, with: replacement)`, occurrences compared byte for byte, left to
    /// right, never overlapping.
    public static func replacing(_ target: String, with replacement: String, in text: some StringProtocol) -> String {
        let needle = Array(target.utf8)
        let bytes = Array(text.utf8)
        guard let lead = needle.first, needle.count <= bytes.count else { return String(text) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var replaced = false
        while index < bytes.count {
            if bytes[index] == lead, index + needle.count <= bytes.count,
                bytes[index..<(index + needle.count)].elementsEqual(needle)
            {
                output.append(contentsOf: replacement.utf8)
                index += needle.count
                replaced = true
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return replaced ? String(decoding: output, as: UTF8.self) : String(text)
    }
}
