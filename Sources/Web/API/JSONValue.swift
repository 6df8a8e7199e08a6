import ListingCore

/// Any JSON value, for bodies whose fields have several types (`PATCH` fields) and for answers built by hand.
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .double(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }

    /// A field value as JSON: numbers for money, counts (bathrooms in halves) and areas, booleans, arrays for
    /// options.
    init(_ value: FieldValue) {
        switch value {
        case .text(let text): self = .string(text)
        case .integer(let number): self = .int(number)
        case .decimal(let number): self = .double(number)
        case .boolean(let flag): self = .bool(flag)
        case .list(let items): self = .array(items.map { .string($0) })
        }
    }

    /// A submitted JSON value for a field: strings are read like typed text (`"500만"`); other values must have the
    /// field's own JSON type (a number for money, areas and counts, `true`/`false`, an array of strings for
    /// options), or the field refuses them.
    func submitted(for spec: FieldSpec) -> SubmittedValue {
        switch (self, spec.type) {
        case (.null, _): return .clear
        case (.string(let text), _): return .typed(text)
        case (.bool(let flag), .boolean): return .exact(.boolean(flag))
        case (.int(let number), .area), (.int(let number), .halves): return .exact(.decimal(Double(number)))
        // A count in halves is checked as it is (1.25 bathrooms is refused, not rounded).
        case (.double(let number), .halves): return .exact(.decimal(number))
        case (.int(let number), .money), (.int(let number), .integer): return .exact(.integer(number))
        case (.double(let number), .area):
            return .exact(.decimal(MeasureParser.roundedToTenth(number)))
        case (.double(let number), .money), (.double(let number), .integer):
            if number.rounded() == number, abs(number) < 9e15 { return .exact(.integer(Int(number))) }
            return .wrongType("\(number), not a whole number,")
        case (.array(let items), .options):
            let strings = items.compactMap { item -> String? in
                if case .string(let text) = item { return text }
                return nil
            }
            if strings.count != items.count { return .wrongType("A list with something other than text") }
            return .typed(strings.joined(separator: ", "))
        case (.bool, _): return .wrongType("true or false")
        case (.int, _), (.double, _): return .wrongType("A number")
        case (.array, _): return .wrongType("A list")
        case (.object, _): return .wrongType("An object")
        }
    }
}
