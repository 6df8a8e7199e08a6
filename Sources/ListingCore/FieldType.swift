/// The type of a listing field, with what it allows (docs/FIELDS.md, "Value types").
public enum FieldType: Sendable, Hashable {
    /// A trimmed single-line string. Publishing wants at most `maxLength` code points; the column stores at most
    /// `storageLimit` (a draft may sit between the two, flagged). Code points, because PostgreSQL's `char_length`
    /// counts them: a grapheme count would let combining marks through.
    case text(maxLength: Int, storageLimit: Int)
    /// One of a fixed set of values.
    case enumeration([String])
    /// A whole number of units of the listing's currency.
    case money
    /// An ISO 4217 code.
    case currency
    /// Square metres with one decimal place.
    case area
    /// A whole number within hard bounds.
    case integer(ClosedRange<Int>)
    /// A count in halves within whole bounds: a half bath (a toilet and a basin) is 0.5, so `1.5 baths` is 1.5.
    case halves(ClosedRange<Int>)
    /// `true` or `false`.
    case boolean
    /// `YYYY-MM-DD`, `YYYY-MM`, `immediate` or `negotiable`.
    case availability
    /// A list drawn from a fixed vocabulary.
    case options([String])
}
