/// A canonical field value, typed as docs/FIELDS.md defines it.
///
/// Money and other whole numbers are `.integer` (money is never a floating-point number);
/// areas are `.decimal` with one decimal place; enums, dates, currencies and text are `.text`.
public enum FieldValue: Sendable, Hashable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    case decimal(Double)
    case boolean(Bool)
    case list([String])

    /// The value as the canonical string the reply envelope and CSV use (`true`, `82.6`, `a;b` for lists with `;`).
    public func canonicalString(listSeparator: String = ", ") -> String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .decimal(let number): return Self.format(decimal: number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .list(let items): return items.joined(separator: listSeparator)
        }
    }

    public var description: String { canonicalString() }

    /// A canonical string (`canonicalString(listSeparator: ";")`, as issue candidates keep values) back as a value of
    /// the field's type; a string that is not one stays text.
    public init(canonical: String, type: FieldType) {
        switch type {
        case .money, .integer: self = Int(canonical).map(FieldValue.integer) ?? .text(canonical)
        case .area, .halves: self = Double(canonical).map(FieldValue.decimal) ?? .text(canonical)
        case .boolean:
            self = canonical == "true" ? .boolean(true) : canonical == "false" ? .boolean(false) : .text(canonical)
        case .options: self = .list(canonical.split(separator: ";").map(String.init))
        default: self = .text(canonical)
        }
    }

    public var integerValue: Int? {
        if case .integer(let number) = self { return number }
        return nil
    }

    public var decimalValue: Double? {
        switch self {
        case .decimal(let number): return number
        case .integer(let number): return Double(number)
        default: return nil
        }
    }

    public var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// Formats a decimal with one place, as areas are stored (`82.6`, `84.0`). Any Double is accepted: one too
    /// large for a whole number, or not finite, is written as Swift writes it (it is never a valid value, but a
    /// message may need to show it).
    public static func format(decimal: Double) -> String {
        let tenths = (decimal * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return "\(decimal)" }
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return "\(sign)\(whole).\(fraction)"
    }
}
