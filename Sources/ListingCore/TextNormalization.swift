import Foundation

/// Width and whitespace folding shared by the parsers, the evidence check and the scorer.
public enum TextNormalization {
    /// NFKC (full-width digits become ASCII, `㎡` becomes `m2`), with runs of whitespace folded to one space.
    /// With `keepLines`, line breaks survive (a run of them becomes one `\n`), so that line-based rules still work.
    public static func fold(_ text: String, keepLines: Bool = false) -> String {
        fold(text, keepLines: keepLines, stable: isCompatibilityStable(text), lowercasingASCII: false)
    }

    /// `fold`; with `lowercasingASCII`, text that is ASCII and Hangul only (`stable`) comes out lower-cased too,
    /// which saves `key` a pass.
    static func fold(_ text: String, keepLines: Bool, stable: Bool, lowercasingASCII: Bool) -> String {
        // NFKC leaves ASCII and Hangul syllables as they are; skipping it for such text (most listings) saves the
        // bulk of the time, and the result is the same.
        let nfkc = stable ? text : text.precomposedStringWithCompatibilityMapping
        var output: [UInt8] = []
        output.reserveCapacity(nfkc.utf8.count)
        var pending: UInt8?
        if stable {
            // ASCII and Hangul only: whitespace is ASCII, so the bytes can be folded directly.
            for byte in nfkc.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    guard !output.isEmpty else { continue }
                    let isBreak = keepLines && (byte == 0x0A || byte == 0x0D)
                    if isBreak { pending = 0x0A } else if pending == nil { pending = 0x20 }
                } else {
                    if let space = pending { output.append(space) }
                    pending = nil
                    output.append(lowercasingASCII && (0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
        for scalar in nfkc.unicodeScalars {
            if isSpace(scalar) {
                guard !output.isEmpty else { continue }
                let isBreak = keepLines && (scalar == "\n" || scalar == "\r" || scalar == "\u{2028}")
                if isBreak { pending = 0x0A } else if pending == nil { pending = 0x20 }
            } else {
                if let space = pending { output.append(space) }
                pending = nil
                // The scalar's bytes written straight in (a `String` made for each scalar cost more than the fold).
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whitespace, checked cheaply for ASCII before asking the Unicode tables.
    @inline(__always)
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar == "\u{00A0}" || scalar.properties.isWhitespace
    }

    /// The text without leading and trailing whitespace (Foundation's `trimmingCharacters` is much slower).
    public static func trimmed(_ text: String) -> String {
        TextEditing.trimming(text, where: isSpace)
    }

    /// True when NFKC would not change the text: every scalar is ASCII or a precomposed Hangul syllable.
    static func isCompatibilityStable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.isASCII || isHangulSyllable($0) }
    }

    /// Whether the text has a precomposed Hangul syllable: written, at least in part, in Korean.
    public static func hasHangul(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isHangulSyllable)
    }

    /// A precomposed Hangul syllable (가 to 힣).
    public static func isHangulSyllable(_ scalar: Unicode.Scalar) -> Bool { (0xAC00...0xD7A3).contains(scalar.value) }

    /// Whether `needle` occurs in `haystack`, byte for byte. UTF-8 is self-synchronising, so a byte match is a
    /// character match; this avoids Foundation's locale-aware search, which is far slower.
    public static func contains(_ haystack: String, _ needle: String) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }

    /// The UTF-8 offset of the first occurrence of `needle` in `haystack`. With `wholeWord`, an occurrence must not
    /// have an ASCII letter or digit right before or after it (where the needle itself starts or ends with one), so
    /// that `lease` is not found in `please`.
    /// With `plural`, a whole word may also end in `s` (`apartments`), or `es` after a needle ending in s, x or h
    /// (`boxes`): the earliest of the word and its plural, not the word first.
    public static func firstOffset(
        of needle: String, in haystack: String, wholeWord: Bool = false, plural: Bool = false
    ) -> Int? {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin -> Int? in
                guard !pin.isEmpty else { return 0 }
                guard pin.count <= hay.count else { return nil }
                func isWordByte(_ byte: UInt8) -> Bool {
                    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                }
                let checkBefore = wholeWord && isWordByte(pin[0])
                let checkAfter = wholeWord && isWordByte(pin[pin.count - 1])
                let takesES =
                    plural && [UInt8(ascii: "s"), UInt8(ascii: "x"), UInt8(ascii: "h")].contains(pin[pin.count - 1])
                /// Whether the word ends at `end`: no letter or digit follows, or (`plural`) only its `s` or `es`.
                func wordEnds(at end: Int) -> Bool {
                    if end == hay.count || !isWordByte(hay[end]) { return true }
                    guard plural, hay[end] == UInt8(ascii: "s") || (takesES && hay[end] == UInt8(ascii: "e")) else {
                        return false
                    }
                    if hay[end] == UInt8(ascii: "s") { return end + 1 == hay.count || !isWordByte(hay[end + 1]) }
                    return end + 1 < hay.count && hay[end + 1] == UInt8(ascii: "s")
                        && (end + 2 == hay.count || !isWordByte(hay[end + 2]))
                }
                // The needle's rarest byte is the one looked for (the first byte of a Hangul syllable is one of
                // four, so memchr on it stops at nearly every syllable of a Korean text), then the whole needle is
                // compared around it.
                let pivot = rarestByteIndex(pin)
                let key = Int32(pin[pivot])
                var index = 0
                let last = hay.count - pin.count
                let base = hay.baseAddress!
                while index <= last {
                    // The next place the pivot byte occurs, found by memchr (many times faster than a loop: this
                    // search is most of what the offline extractor and the classifier do).
                    guard let found = memchr(base + index + pivot, key, last - index + 1) else { return nil }
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - pivot
                    var offset = 0
                    while offset < pin.count && hay[index + offset] == pin[offset] { offset += 1 }
                    if offset == pin.count {
                        let end = index + pin.count
                        let beforeOK = !checkBefore || index == 0 || !isWordByte(hay[index - 1])
                        if beforeOK && (!checkAfter || wordEnds(at: end)) { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }

    /// The index of the byte of `needle` least likely to occur in a listing (`byteRarity`).
    static func rarestByteIndex(_ needle: UnsafeBufferPointer<UInt8>) -> Int {
        var best = 0
        var bestRarity: UInt8 = 0
        for index in needle.indices where byteRarity[Int(needle[index])] > bestRarity {
            best = index
            bestRarity = byteRarity[Int(needle[index])]
        }
        return best
    }

    /// How rare each byte is in listings, higher rarer: a UTF-8 continuation byte (one of 64) above a lead byte
    /// (Hangul's are four); digits and signs above English letters, a rare letter above a common one, the space
    /// lowest.
    private static let byteRarity: [UInt8] = (0...255).map { byte -> UInt8 in
        let common = Array(" etaoinsrhldcumfpgwybvkxjqz".utf8)
        switch byte {
        case 0x80..<0xC0: return 100
        case 0xC0...: return 1
        default: return common.firstIndex(of: UInt8(byte)).map { UInt8($0 + 1) } ?? 60
        }
    }

    /// Whether two texts have the same bytes (`String`'s `==` compares Korean text through its normalised form, many
    /// times slower).
    public static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var (a, b) = (a, b)
        return a.withUTF8 { x in
            b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }

    /// `text.lowercased()`, without making a new string when there is nothing to lower (no ASCII capital, and
    /// beyond ASCII only Hangul, which has no case): the vocabularies' words, looked up for every listing.
    public static func lowercasedIfNeeded(_ text: String) -> String {
        isCaseless(text) ? text : TextEditing.lowercased(text)
    }

    /// No ASCII capital, and beyond ASCII only Hangul syllables and compatibility jamo (three-byte scalars, read
    /// from their bytes here: decoding scalars cost more than the words' searches).
    static func isCaseless(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(isCaseless) ?? isCaseless(Array(text.utf8))
    }

    private static func isCaseless(_ bytes: some RandomAccessCollection<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                if (0x41...0x5A).contains(lead) { return false }
                index = bytes.index(after: index)
                continue
            }
            guard (0xE0..<0xF0).contains(lead), bytes.distance(from: index, to: bytes.endIndex) >= 3 else {
                return false
            }
            let second = bytes[bytes.index(index, offsetBy: 1)]
            let third = bytes[bytes.index(index, offsetBy: 2)]
            let value = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
            guard (0xAC00...0xD7A3).contains(value) || (0x3131...0x318E).contains(value) else { return false }
            index = bytes.index(index, offsetBy: 3)
        }
        return true
    }

    /// `fold`, lower-cased: for comparisons.
    public static func key(_ text: String) -> String {
        let stable = isCompatibilityStable(text)
        let folded = fold(text, keepLines: false, stable: stable, lowercasingASCII: stable)
        return stable ? folded : TextEditing.lowercased(folded)
    }

    /// A trimmed, single-line version of a text value.
    /// The longest run of whole characters from the start that fits in `limit` code points (the unit the
    /// database and the validator count text in), so that a cut never splits a character.
    public static func prefix(_ text: String, codePoints limit: Int) -> String {
        var count = 0
        var end = text.startIndex
        for index in text.indices {
            count += text[index].unicodeScalars.count
            if count > limit { break }
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    public static func singleLine(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Words that mean "no value" in a reply or a form: `N/A`, `null`, `unknown`, `없음`, `-`.
    public static func isAbsentMarker(_ text: String) -> Bool {
        let key = trimmed(key(text))
        return absentMarkers.contains(key)
    }

    static let absentMarkers: Set<String> = [
        "", "n/a", "na", "null", "nil", "none", "unknown", "없음", "-", "--", "—", "미상", "모름", "?", "not stated",
        "not specified", "unspecified", "not given", "not mentioned", "해당없음", "정보없음",
    ]
}
