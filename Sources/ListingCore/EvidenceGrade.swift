/// How well the listing's own words back a value (docs/FIELDS.md, "Evidence grades"): the review page marks the
/// values that are not plainly stated, for a look before publishing.
public enum EvidenceGrade: String, Sendable, Hashable, Codable, CaseIterable {
    /// The quoted words are in the text and say it: the number, the word or the name is there.
    case stated
    /// The words are there, and the value is a reading of them (a condition from "5 years of use", a brand from
    /// the product's name).
    case inferred
    /// The words are not in the text, or they do not say it.
    case unsupported
}
