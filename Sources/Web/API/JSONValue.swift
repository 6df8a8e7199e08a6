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

    /// A field value as JSON: numbers for money, ints and areas, booleans, arrays for options.
    init(_ value: FieldValue) {
        switch value {
        case .text(let text): self = .string(text)
        case .integer(let number): self = .int(number)
        case .decimal(let number): self = .double(number)
        case .boolean(let flag): self = .bool(flag)
        case .list(let items): self = .array(items.map { .string($0) })
        }
    }

    /// A submitted JSON value for a field: strings are read like typed text (`"500만"`), other values must have
    /// the field's own type.
    func submitted(for spec: FieldSpec) -> SubmittedValue {
        switch self {
        case .null: return .clear
        case .string(let text): return .typed(text)
        case .bool(let flag): return .exact(.boolean(flag))
        case .int(let number): return spec.type == .area ? .exact(.decimal(Double(number))) : .exact(.integer(number))
        case .double(let number):
            if spec.type == .area { return .exact(.decimal(MeasureParser.roundedToTenth(number))) }
            if number.rounded() == number, abs(number) < 9e15 { return .exact(.integer(Int(number))) }
            return .typed(String(number))
        case .array(let items):
            let strings = items.compactMap { item -> String? in
                if case .string(let text) = item { return text }
                return nil
            }
            if strings.count != items.count { return .typed("[not a list of strings]") }
            return .typed(strings.joined(separator: ", "))
        case .object: return .typed("[an object]")
        }
    }
}
