/// One problem found in a listing's values or in a model's reply: `{field, code, message}`.
///
/// `field` is nil for problems that concern the whole reply or listing (a reply with no envelope).
public struct Issue: Sendable, Hashable, Codable {
    public var field: FieldName?
    public var code: IssueCode
    public var message: String

    public init(field: FieldName?, code: IssueCode, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    /// Whether this issue stops a listing from being published.
    public var blocksPublishing: Bool { code.blocksPublishing }
}

/// The stable, machine-readable name of an issue. New codes can be added without breaking stored runs.
public struct IssueCode: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }

    // Validation: these stop publishing.
    /// A field the publishing rules require is absent.
    public static let missingRequired: IssueCode = "missing_required"
    /// The value cannot be read as the field's type or is not one of its allowed values.
    public static let invalidValue: IssueCode = "invalid_value"
    /// The value has the right type but is implausible (a monthly rent of 5 won).
    public static let outOfRange: IssueCode = "out_of_range"
    /// Two fields contradict each other (floor above the building's top floor).
    public static let inconsistent: IssueCode = "inconsistent"
    /// The kind cannot be published at all (a not-a-listing paste).
    public static let notPublishable: IssueCode = "not_publishable"

    // Extraction: recorded on the run and shown to the person, but they do not stop publishing.
    /// The value's evidence is not in the listing text, or does not state that number.
    public static let unsupported: IssueCode = "unsupported"
    /// A value read from words that do not state it outright (`EvidenceGrade.inferred`): worth a look.
    public static let inferred: IssueCode = "inferred"
    /// The reply had no envelope at all: nothing could be read.
    public static let noEnvelope: IssueCode = "no_envelope"
    /// The reply was cut off; fields after the cut are lost.
    public static let truncatedReply: IssueCode = "truncated_reply"
    /// A tag was not closed, or closed with another name.
    public static let unclosedTag: IssueCode = "unclosed_tag"
    /// The classification was missing or unreadable.
    public static let missingClassification: IssueCode = "missing_classification"
    /// A field was given twice with different values; the first non-empty one was kept.
    public static let duplicateField: IssueCode = "duplicate_field"
    /// A field that belongs to the other kind; it was dropped.
    public static let wrongKindField: IssueCode = "wrong_kind_field"
    /// A tag that is not a field of ours; it was ignored.
    public static let unknownField: IssueCode = "unknown_field"
    /// The value was written the human way (`50만원`) and was normalised.
    public static let nonCanonical: IssueCode = "non_canonical"
    /// The reply's envelope deviated from docs/REPLY.md in form (wrapper, fence, missing `<fields>`, tag spelling).
    public static let formatDeviation: IssueCode = "format_deviation"
    /// The model call failed (network, timeout, API error).
    public static let modelError: IssueCode = "model_error"
    /// A text value was longer than allowed and was shortened.
    public static let shortened: IssueCode = "shortened"

    /// Whether issues with this code stop publishing.
    public var blocksPublishing: Bool {
        switch self {
        case .missingRequired, .invalidValue, .outOfRange, .inconsistent, .notPublishable: true
        default: false
        }
    }
}
