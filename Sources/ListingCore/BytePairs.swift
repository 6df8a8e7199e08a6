/// Which bytes and pairs of adjacent bytes a text holds: a word with a pair the text lacks is not in it, found out
/// in a few nanoseconds before a byte search runs. The offline reader looks up several hundred words a listing
/// (brands, options, the kind's signals), nearly all of them absent, and a search for each was a sixth of its time
/// (docs/PERFORMANCE.md, "Speed, part four").
public struct BytePairs: Sendable {
    /// One bit for each of the 65,536 pairs, then one for each of the 256 bytes.
    private var bits: [UInt64]

    public init(_ text: String) {
        bits = [UInt64](repeating: 0, count: 1024 + 4)
        var previous: UInt8?
        for byte in text.utf8 {
            set(1024 * 64 + Int(byte))
            if let previous { set(Int(previous) << 8 | Int(byte)) }
            previous = byte
        }
    }

    @inline(__always)
    private mutating func set(_ bit: Int) { bits[bit >> 6] |= 1 << UInt64(bit & 63) }

    /// False when `needle` cannot be in the text: a byte or a pair of its bytes is not there. True does not say it
    /// is (`abc` and `bcd` have every pair of `abcd`).
    public func mayContain(_ needle: String) -> Bool {
        let answer = needle.utf8.withContiguousStorageIfAvailable { bytes in
            bits.withUnsafeBufferPointer { bits in Self.mayContain(bytes, bits) }
        }
        return answer ?? bits.withUnsafeBufferPointer { Self.mayContain(Array(needle.utf8), $0) }
    }

    private static func mayContain(_ needle: some Collection<UInt8>, _ bits: UnsafeBufferPointer<UInt64>) -> Bool {
        func has(_ bit: Int) -> Bool { bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }
        var previous: UInt8?
        for byte in needle {
            if let previous {
                guard has(Int(previous) << 8 | Int(byte)) else { return false }
            } else {
                guard has(1024 * 64 + Int(byte)) else { return false }
            }
            previous = byte
        }
        return true
    }

    /// The pairs of a text, made once for the last few texts asked about: a listing's reading asks for the same
    /// few texts (the listing, its key, its lower-cased form) again and again.
    public static func of(_ text: String) -> BytePairs {
        recent.value(for: text, make: BytePairs.init)
    }

    private static let recent = RecentTexts<BytePairs>(size: 8)
}
