import Foundation

/// The languages the interface speaks. A page speaks one of them throughout; the listing's own text is shown as
/// written, whatever the interface's language.
enum Language: String, CaseIterable, Sendable {
    case english = "en"
    case korean = "ko"

    /// The language's name in itself, for the switch (`한국어`, `English`).
    var name: String {
        switch self {
        case .english: "English"
        case .korean: "한국어"
        }
    }

    /// Where a person reading this language most likely is, until their browser says (`Viewer.timeZone`).
    var defaultTimeZone: TimeZone {
        switch self {
        case .english: TimeZone(identifier: "UTC")!
        case .korean: TimeZone(identifier: "Asia/Seoul")!
        }
    }

    /// The other language: the one the switch offers.
    var other: Language { self == .english ? .korean : .english }

    /// The language a text is written in, for its `lang` attribute: Korean when it has Hangul, English otherwise.
    static func of(_ text: String) -> Language {
        text.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) || (0x1100...0x11FF).contains($0.value) }
            ? .korean : .english
    }

    /// The language a browser prefers among ours, from its `Accept-Language` header (RFC 9110 §12.5.4): the
    /// highest-weighted range that names one of them (`ko-KR` is Korean, `*` is our default), English when none.
    static func preferred(acceptLanguage header: String?) -> Language {
        guard let header else { return .english }
        var best: (language: Language, weight: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first?.lowercased(), !range.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            let primary = range.split(separator: "-").first.map(String.init) ?? range
            let language: Language? = primary == "*" ? .english : Language(rawValue: primary)
            // Of equal weights, the first written wins.
            if let language, weight > (best?.weight ?? 0) {
                best = (language, weight)
            }
        }
        return best?.language ?? .english
    }
}
