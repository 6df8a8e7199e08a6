import Foundation
import ListingCore

/// The rules for a pasted text: not empty, not over the limit, real text (valid UTF-8, no NUL bytes).
public enum TextInput {
    /// The most characters a paste may have. Generous for the longest real ads, small enough to bound the prompt.
    public static let maxCharacters = 20_000

    /// Checks a paste; returns the text to store, or the error to show (with the status to answer).
    public static func check(_ text: String) -> Result<String, WebError> {
        if text.unicodeScalars.contains("\u{0}") {
            return .failure(
                WebError(
                    .unprocessableContent, code: "binary_text",
                    "The text contains NUL bytes: it looks like a binary file, not a listing. Paste the listing's text."
                ))
        }
        if text.unicodeScalars.contains("\u{FFFD}")
            && text.unicodeScalars.filter({ $0 == "\u{FFFD}" }).count * 20 > max(text.unicodeScalars.count, 20)
        {
            return .failure(
                WebError(
                    .unprocessableContent, code: "binary_text",
                    "The text is mostly unreadable characters: it looks like a binary file, not a listing."))
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            return .failure(
                WebError(.unprocessableContent, code: "empty_text", "Paste a listing first: the text is empty."))
        }
        if text.count > maxCharacters {
            return .failure(
                WebError(
                    .contentTooLarge, code: "text_too_long",
                    "The text is \(text.count) characters long; the limit is \(maxCharacters). Paste just the listing.")
            )
        }
        return .success(text)
    }
}
