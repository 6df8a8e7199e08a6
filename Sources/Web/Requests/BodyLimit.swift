import Desk

/// How many bytes of body a route reads, and what it says past that. Each route reads what its largest honest
/// request needs and no more, so that a flood costs little: bytes are counted while reading, before any decoding.
struct BodyLimit: Sendable {
    let bytes: Int
    /// What the person is told (with 413) when the body is larger.
    let message: String

    /// A paste (form or JSON): the text limit in its most expensive honest spelling, decomposed Hangul (three
    /// 3-byte jamo a syllable) percent-encoded (three bytes a byte), plus the form's other fields.
    static let paste = BodyLimit(
        bytes: TextInput.maxCharacters * 3 * 3 * 3 + 16_384,
        message: "The request is larger than \((TextInput.maxCharacters * 27 + 16_384) / 1_000) kB; a listing may "
            + "have at most \(Formatting.grouped(TextInput.maxCharacters)) characters.")

    /// An import: a file of listings, or many pasted at once.
    static let importFile = BodyLimit(
        bytes: 10_000_000,
        message: "The file is larger than 10 MB: split it, or import it with `listingdesk import`, which has no limit.")

    /// A correction (the review form, `PATCH`, a publish): every field at its storage limit fits many times over.
    static let correction = BodyLimit(
        bytes: 64_000,
        message: "The form is larger than 64 kB: a value is far longer than any field takes. Shorten it and save again."
    )
}
