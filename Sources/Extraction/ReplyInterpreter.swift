import Foundation
import ListingCore

/// Turns a parsed reply into canonical, validated values: names checked against the kind, values normalised,
/// evidence checked against the listing, repeats resolved. Every decision that drops or changes something is an issue.
public enum ReplyInterpreter {
    public static func interpret(
        _ reply: ParsedReply, listingText: String, pastedOn: LocalDate, fallbackKind: ListingKind
    ) -> ExtractedListing {
        var listing = readValues(reply, listingText: listingText, pastedOn: pastedOn, fallbackKind: fallbackKind)
        listing.issues += validation(of: listing)
        return listing
    }

    /// `interpret` without the validation: the values read, normalised and graded against the text, with the
    /// issues of reading them.
    static func readValues(
        _ reply: ParsedReply, listingText: String, pastedOn: LocalDate, fallbackKind: ListingKind
    ) -> ExtractedListing {
        var issues = reply.issues
        let kind = reply.kind ?? inferKind(reply) ?? fallbackKind
        var result = ExtractedListing(kind: kind)
        let context = NormalizationContext(pastedOn: pastedOn)
        let grader = EvidenceGrader(listingText: listingText)

        for field in reply.fields {
            let name = field.name
            guard FieldSchema.spec(named: name) != nil else {
                issues.append(
                    Issue(field: name, code: .unknownField, message: "<\(field.writtenName)> is not a field; ignored."))
                continue
            }
            guard let spec = FieldSchema.spec(name, in: kind) else {
                issues.append(
                    Issue(
                        field: name, code: .wrongKindField,
                        message: "\(name) is not a field of \(kind.label.lowercased()); dropped."))
                continue
            }
            if field.name.rawValue != field.writtenName {
                issues.append(
                    Issue(field: name, code: .formatDeviation, message: "Tag written as <\(field.writtenName)>."))
            }
            if result.writtenValues[name] == nil || result.writtenValues[name]?.isEmpty == true {
                result.writtenValues[name] = field.value
            }
            let normalized = ValueNormalizer.normalize(field.value, as: spec, context: context)
            switch normalized {
            case .absent:
                continue
            case .invalid(let message):
                if result.fields[name] == nil {
                    issues.append(Issue(field: name, code: .invalidValue, message: message))
                }
            case .value(let value, let wasCanonical):
                if let existing = result.fields[name] {
                    if existing != value {
                        issues.append(
                            Issue(
                                field: name, code: .duplicateField,
                                message: "Given twice (\(existing) and \(value)); the first was kept."))
                    }
                    continue
                }
                result.fields[name] = value
                if !wasCanonical {
                    issues.append(
                        Issue(field: name, code: .nonCanonical, message: "“\(field.value)” was read as \(value)."))
                }
                if name == .floor, case .integer = spec.type, result.fields[.totalFloors] == nil,
                    let total = MeasureParser.floor(field.value)?.total
                {
                    result.fields[.totalFloors] = .integer(total)
                }
                let evidence = field.evidence.map(TextNormalization.trimmed).flatMap { $0.isEmpty ? nil : $0 }
                let graded = grader.grade(value, spec: spec, evidence: evidence)
                result.grades[name] = graded.grade
                if let evidence, graded.grade == .stated || grader.check.occurs(evidence) {
                    result.evidence[name] = evidence
                }
                if let reason = graded.reason, graded.grade != .stated {
                    issues.append(
                        Issue(
                            field: name, code: graded.grade == .unsupported ? .unsupported : .inferred,
                            message: "\(reason) Check it."))
                }
            }
        }
        CurrencyRule.applyDefault(to: &result.fields, kind: result.kind, sourceText: listingText)
        result.issues = issues
        return result
    }

    /// What the validator finds in the values read (`interpret`'s last step).
    static func validation(of listing: ExtractedListing) -> [Issue] {
        ListingValidator.validate(kind: listing.kind, fields: listing.fields)
    }

    /// When the classification is missing, the fields given say which kind was meant.
    static func inferKind(_ reply: ParsedReply) -> ListingKind? {
        var scores: [ListingKind: Int] = [:]
        for field in reply.fields {
            let kinds = FieldSchema.kinds(having: field.name)
            if kinds.count == 1 { scores[kinds[0], default: 0] += 1 }
        }
        return scores.max { $0.value < $1.value }?.key
    }
}
