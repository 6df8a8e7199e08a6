import Foundation
import ListingCore

/// Numbers and dates as a person reads them, wherever they are shown: in a message, a page, a CSV cell.
public enum Formatting {
    public static func grouped(_ number: Int) -> String {
        let digits = String(abs(number))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return number < 0 ? "-" + result : result
    }

    /// A count in halves as people write it: `2`, `1.5`.
    public static func halves(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : FieldValue.format(decimal: number)
    }

    /// `2026-11-23T08:05:15Z`. ISO8601FormatStyle is a value type, safe to use from concurrent requests (the old
    /// formatter classes are not documented as such).
    public static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// The text with `&`, `<`, `>`, `"` and `'` as entities: safe inside an element or a quoted attribute.
    public static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
