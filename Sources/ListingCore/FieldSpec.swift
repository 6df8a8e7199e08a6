/// One canonical field: its docs/FIELDS.md name, type, human labels and plausible range.
public struct FieldSpec: Sendable, Hashable, Identifiable {
    public let name: FieldName
    public let type: FieldType
    /// English label for forms.
    public let label: String
    /// Korean label, shown beside the English one.
    public let koreanLabel: String
    /// A narrower range than the type's hard bounds: values outside it are flagged `out_of_range`.
    public let plausible: ClosedRange<Double>?

    public var id: FieldName { name }

    public init(
        _ name: FieldName, _ type: FieldType, label: String, koreanLabel: String = "",
        plausible: ClosedRange<Double>? = nil
    ) {
        self.name = name
        self.type = type
        self.label = label
        self.koreanLabel = koreanLabel
        self.plausible = plausible
    }

    /// The allowed values of an enum or options field.
    public var allowedValues: [String] {
        switch type {
        case .enumeration(let values), .options(let values): values
        case .boolean: ["true", "false"]
        default: []
        }
    }
}
