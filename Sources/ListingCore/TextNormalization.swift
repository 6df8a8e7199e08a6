import Foundation

/// Width and whitespace folding shared by the parsers, the evidence check and the scorer.
public enum TextNormalization {
    /// NFKC (full-width digits become ASCII, `㎡` becomes `m2`), with runs of whitespace folded to one space.
    /// With `keepLines`, line breaks survive (a run of them becomes one `\n`), so that line-based rules still work.
    public static func fold(_ text: String, keepLines: Bool = false) -> String {
        let nfkc = text.precomposedStringWithCompatibilityMapping
        var result = ""
        result.reserveCapacity(nfkc.utf8.count)
        var pending: Character?
        for scalar in nfkc.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "\u{00A0}" {
                guard !result.isEmpty else { continue }
                let isBreak = keepLines && (scalar == "\n" || scalar == "\r" || scalar == "\u{2028}")
                if isBreak { pending = "\n" } else if pending == nil { pending = " " }
            } else {
                if let pending { result.append(pending) }
                pending = nil
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `fold`, lower-cased: for comparisons.
    public static func key(_ text: String) -> String {
        fold(text).lowercased()
    }

    /// A trimmed, single-line version of a text value.
    public static func singleLine(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Words that mean "no value" in a reply or a form: `N/A`, `null`, `unknown`, `없음`, `-`.
    public static func isAbsentMarker(_ text: String) -> Bool {
        let key = key(text).trimmingCharacters(in: .whitespaces)
        return absentMarkers.contains(key)
    }

    static let absentMarkers: Set<String> = [
        "", "n/a", "na", "null", "nil", "none", "unknown", "없음", "-", "--", "—", "미상", "모름", "?", "not stated",
        "not specified", "unspecified", "not given", "not mentioned", "해당없음", "정보없음",
    ]
}
