import Foundation
import ListingCore

/// The rules for a pasted text: not empty, not over the limit, real text (valid UTF-8, no NUL bytes). The text is
/// put in Unicode's composed form (NFC) first, so that a Korean paste in decomposed jamo (as some Mac apps copy it)
/// reads and counts like any other; the limit is counted in Unicode scalars, the unit that costs (the prompt's
/// tokens and the extractor's work grow with it; a grapheme count would let 450,000 combining marks through).
public enum TextInput {
    /// The most Unicode scalars a paste may have. Generous for the longest real ads, small enough to bound the prompt.
    public static let maxCharacters = 20_000

    /// Checks a paste; returns the text to store (in NFC), or the error to show (with the status to answer).
    public static func check(_ raw: String) -> Result<String, ServiceError> {
        if raw.unicodeScalars.contains("\u{0}") {
            return .failure(
                ServiceError(
                    .unprocessable, code: "binary_text",
                    "The text contains NUL bytes: it looks like a binary file, not a listing. Paste the listing's text."
                ))
        }
        // Counted before normalising too: composing a huge paste is itself work worth refusing. A decomposed Hangul
        // syllable is up to three scalars of three bytes, hence the margins.
        if raw.utf8.count > maxCharacters * 9 || raw.unicodeScalars.count > maxCharacters * 3 {
            return .failure(tooLong(raw.unicodeScalars.count))
        }
        // One line ending: a browser posts a textarea's lines with CR LF, a script with LF, an old Mac file with CR.
        // The same text is the same listing (its digest, its duplicate check, its evidence) whichever carried it.
        let unified = Self.unifyingLineEndings(raw)
        let text = isSurelyNFC(unified) ? unified : unified.precomposedStringWithCanonicalMapping
        let replacements = text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        if replacements > 0 && replacements * 20 > max(text.unicodeScalars.count, 20) {
            return .failure(
                ServiceError(
                    .unprocessable, code: "binary_text",
                    "The text is mostly unreadable characters: it looks like a binary file, not a listing."))
        }
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            return .failure(
                ServiceError(.unprocessable, code: "empty_text", "Paste a listing first: the text is empty."))
        }
        if text.unicodeScalars.count > maxCharacters {
            return .failure(tooLong(text.unicodeScalars.count))
        }
        return .success(text)
    }

    /// The text without the whitespace (Unicode's White_Space, line breaks included) at its ends: what Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives, without its copy through NSString (a third of an
    /// import's time).
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Whether every scalar is one that NFC leaves as it is and that composes with no neighbour: ASCII and Latin
    /// below U+0300 (the combining marks start there), Hangul syllables and compatibility jamo, CJK ideographs,
    /// full-width forms, emoji. A Korean or English ad is almost always all of these, and then Foundation's
    /// normalisation (an eighth of an import's CPU) is skipped; anything else is normalised.
    public static func isSurelyNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0..<0x300, 0x3131...0x318E, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF60, 0x1F300...0x1FAFF:
                return true
            default:
                return false
            }
        }
    }

    /// CR LF and a lone CR become LF.
    static func unifyingLineEndings(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                afterCR = true
                continue
            }
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    static func tooLong(_ length: Int) -> ServiceError {
        ServiceError(
            .tooLarge, code: "text_too_long",
            "The text is \(Formatting.grouped(length)) characters long; the limit is "
                + "\(Formatting.grouped(maxCharacters)). Paste just the listing.")
    }
}
