/// A page's view as mustache reads it fastest: every struct turned into a dictionary of its properties, once per
/// render. The library otherwise reflects a value (`Mirror`) for each name it looks up, walking the whole context
/// stack for names of the page seen from inside a section; that was 80% of the review page's time
/// (docs/PERFORMANCE.md). A property that is nil is left out, which mustache reads the same way.
enum MustacheTable {
    static func of(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .class:
            var table: [String: Any] = [:]
            table.reserveCapacity(mirror.children.count)
            for child in mirror.children {
                guard let label = child.label, let converted = optional(child.value) else { continue }
                table[label] = of(converted)
            }
            return table
        case .optional:
            return mirror.children.first.map { of($0.value) } ?? value
        case .collection:
            return mirror.children.map { of($0.value) }
        default:
            // Strings, numbers, Booleans, and the dictionaries of words (`t`), which mustache reads as they are.
            return value
        }
    }

    /// The value inside an optional, nil for none; any other value as it is.
    static func optional(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
