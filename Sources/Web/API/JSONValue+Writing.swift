import ListingCore

/// A JSON answer written by hand: the bytes `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`,
/// without its boxing of every value (the encoder was 4% of a paste's time, docs/PERFORMANCE.md).
/// `JSONValueWritingTests` holds the two to the same bytes.
extension JSONValue {
    /// The value as JSON; nil when it holds a number JSON cannot write (NaN, an infinity), which the encoder refuses
    /// too.
    func jsonBytes() -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        return write(into: &out) ? out : nil
    }

    private func write(into out: inout [UInt8]) -> Bool {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number):
            guard number.isFinite else { return false }
            // Swift's shortest form, without a whole number's `.0` (`100.0` → `100`, `1e+21` as it is).
            let text = "\(number)"
            out.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
        case .string(let text): JSONText.append(text, escapingSlashes: false, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard item.write(into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in JSONText.sortedKeys(members).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.append(key, escapingSlashes: false, to: &out)
                out.append(UInt8(ascii: ":"))
                guard members[key]!.write(into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }
}
