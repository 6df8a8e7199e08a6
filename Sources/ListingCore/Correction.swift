/// A value as a person submitted it: typed text (a form, or a JSON string), an exact JSON value, an explicit clear,
/// or a value of a type the field cannot hold (a JSON object for a title), with what it was.
public enum SubmittedValue: Sendable, Hashable {
    case typed(String)
    case exact(FieldValue)
    case clear
    case wrongType(String)
}

/// A person's correction of a listing, read into canonical values: the same rules for the review form and the JSON
/// API. Typed text is read the human way (`46만`, `25평`); exact values are checked against the field's type; the
/// currency default applies; a value the validator would refuse is an error, and nothing of the correction is saved
/// while there is one.
public struct Correction: Sendable {
    public var kind: ListingKind
    public var fields: [FieldName: FieldValue]
    /// What the person typed, by field, to show back when something is wrong.
    public var typed: [FieldName: String]
    public var errors: [Issue]

    /// Fields left out keep their stored value when `keepUnsent` (a JSON PATCH, a kind change); a form sends every
    /// field, so a blank one clears it.
    public init(
        kind: ListingKind, submitted: [FieldName: SubmittedValue], stored: [FieldName: FieldValue], pastedOn: LocalDate,
        sourceText: String, keepUnsent: Bool
    ) {
        var fields: [FieldName: FieldValue] = [:]
        var typed: [FieldName: String] = [:]
        var errors: [Issue] = []
        let context = NormalizationContext(pastedOn: pastedOn)
        for name in submitted.keys.sorted() where FieldSchema.spec(name, in: kind) == nil {
            let code: IssueCode = FieldSchema.spec(named: name) == nil ? .unknownField : .wrongKindField
            errors.append(
                Issue(field: name, code: code, message: "\(name) is not a field of \(kind.label.lowercased())."))
        }
        for spec in FieldSchema.fields(for: kind) {
            guard let value = submitted[spec.name] else {
                if keepUnsent, let kept = stored[spec.name] { fields[spec.name] = kept }
                continue
            }
            switch value {
            case .clear:
                continue
            case .wrongType(let what):
                errors.append(
                    Issue(field: spec.name, code: .invalidValue, message: "\(what) is not a value for this field."))
            case .typed(let text):
                typed[spec.name] = text
                switch ValueNormalizer.normalize(text, as: spec, context: context) {
                case .absent: continue
                case .invalid(let message):
                    errors.append(Issue(field: spec.name, code: .invalidValue, message: message))
                case .value(let canonical, _): fields[spec.name] = Self.keepingOrder(canonical, of: stored[spec.name])
                }
            case .exact(let exact):
                typed[spec.name] = exact.canonicalString()
                if let problem = ValueNormalizer.check(exact, as: spec) {
                    errors.append(Issue(field: spec.name, code: .invalidValue, message: problem))
                } else {
                    fields[spec.name] = Self.keepingOrder(exact, of: stored[spec.name])
                }
            }
        }
        CurrencyRule.applyDefault(to: &fields, kind: kind, sourceText: sourceText)
        let refused = ListingValidator.validate(kind: kind, fields: fields).filter { issue in
            issue.blocksPublishing && !errors.contains { $0.field == issue.field }
        }
        self.kind = kind
        self.fields = fields
        self.typed = typed
        self.errors = errors + refused
    }

    /// A list (the options) is a set: the same items in another order (a form lists them in the schema's order,
    /// extraction in the text's) are the stored value, unchanged, and no correction.
    static func keepingOrder(_ value: FieldValue, of stored: FieldValue?) -> FieldValue {
        guard case .list(let items) = value, case .list(let kept)? = stored, Set(items) == Set(kept),
            items.count == kept.count
        else { return value }
        return .list(kept)
    }
}
