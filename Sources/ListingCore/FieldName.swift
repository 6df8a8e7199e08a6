/// The name of a canonical field (docs/FIELDS.md), typed, so that a misspelt field is a compile error rather than a
/// value that silently never matches. Every name has a constant here; `FieldSchema` gives each its type and labels.
public struct FieldName: RawRepresentable, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: FieldName, rhs: FieldName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var codingKey: any CodingKey { Key(stringValue: rawValue) }
    public init?<T: CodingKey>(codingKey: T) { rawValue = codingKey.stringValue }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension FieldName {
    // Both kinds.
    public static let title: FieldName = "title"
    public static let price: FieldName = "price"
    public static let currency: FieldName = "currency"
    public static let location: FieldName = "location"
    // Real estate.
    public static let propertyType: FieldName = "property_type"
    public static let dealType: FieldName = "deal_type"
    public static let deposit: FieldName = "deposit"
    public static let monthlyRent: FieldName = "monthly_rent"
    public static let maintenanceFee: FieldName = "maintenance_fee"
    public static let areaM2: FieldName = "area_m2"
    public static let supplyAreaM2: FieldName = "supply_area_m2"
    public static let rooms: FieldName = "rooms"
    public static let bathrooms: FieldName = "bathrooms"
    public static let floor: FieldName = "floor"
    public static let totalFloors: FieldName = "total_floors"
    public static let direction: FieldName = "direction"
    public static let heating: FieldName = "heating"
    public static let builtYear: FieldName = "built_year"
    public static let loanOK: FieldName = "loan_ok"
    public static let availableFrom: FieldName = "available_from"
    public static let parking: FieldName = "parking"
    public static let elevator: FieldName = "elevator"
    public static let petsAllowed: FieldName = "pets_allowed"
    public static let options: FieldName = "options"
    // Second-hand goods.
    public static let category: FieldName = "category"
    public static let brand: FieldName = "brand"
    public static let model: FieldName = "model"
    public static let condition: FieldName = "condition"
    public static let negotiable: FieldName = "negotiable"
    public static let tradeMethod: FieldName = "trade_method"
    public static let quantity: FieldName = "quantity"
    public static let size: FieldName = "size"
    // Not a listing.
    public static let reason: FieldName = "reason"
}
