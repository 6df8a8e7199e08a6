/// One problem found in a listing's values or in a model's reply: `{field, code, message}`.
///
/// `field` is nil for problems that concern the whole reply or listing (a reply with no envelope).
public struct Issue: Sendable, Hashable, Codable {
    public var field: FieldName?
    public var code: IssueCode
    public var message: String
    /// Values the text offers instead, each a one-tap choice: one field's value, or several fields' together (a
    /// deposit and its rent), as canonical strings. Nil for an issue that offers none.
    public var candidates: [[FieldName: String]]?

    public init(field: FieldName?, code: IssueCode, message: String, candidates: [[FieldName: String]]? = nil) {
        self.field = field
        self.code = code
        self.message = message
        self.candidates = candidates
    }

    /// The field a kind doubt names (`IssueCode.kindDoubt`): the kind is the value in doubt.
    public static let kindField: FieldName = "kind"

    /// Whether the issue marks its field for a look before publishing (docs/REVIEW.md): every issue that names a
    /// field is a mark, except notes on how the reply was written, which a person need not act on.
    public var isMark: Bool {
        guard field != nil else { return false }
        return !IssueCode.notes.contains(code)
    }

    /// Whether this issue stops a listing from being published.
    public var blocksPublishing: Bool { code.blocksPublishing }

    /// Whether this issue says the reply itself failed (no envelope, or a value the validator refused): the kind
    /// of problem for which a model is asked again.
    public var isReplyProblem: Bool { code == .noEnvelope || code == .invalidValue }
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
    /// The two readers (the model and the offline rules) read different values: both are offered.
    public static let readersDisagree: IssueCode = "readers_disagree"
    /// The text gives several values for the field, or one that is not the value read: they are offered.
    public static let textOffersOther: IssueCode = "text_offers_other"
    /// The field is empty, but the text may state it: what it may say is offered.
    public static let mayBeStated: IssueCode = "may_be_stated"
    /// The text may not be a listing of this kind at all (a question, a wanted ad, news): field `kind`.
    public static let kindDoubt: IssueCode = "kind_doubt"
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

    /// The codes that stop publishing.
    public static let blocking: [IssueCode] = [
        .missingRequired, .invalidValue, .outOfRange, .inconsistent, .notPublishable,
    ]

    /// The codes of notes on how a reply was written: they name a field but mark nothing (`Issue.isMark`).
    public static let notes: [IssueCode] = [
        .nonCanonical, .formatDeviation, .duplicateField, .wrongKindField, .unknownField, .shortened,
    ]

    /// Whether issues with this code stop publishing.
    public var blocksPublishing: Bool { Self.blocking.contains(self) }
}
