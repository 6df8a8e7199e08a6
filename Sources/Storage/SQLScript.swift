import Foundation

/// Splits a SQL file into statements the way PostgreSQL reads it: semicolons inside quotes, dollar-quoted bodies
/// (`$$ … $$`, `$fn$ … $fn$`), quoted identifiers and comments do not end a statement.
public enum SQLScript {
    public static func statements(_ sql: String) -> [String] {
        let scalars = Array(sql.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        var hasContent = false

        func finish() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if hasContent, !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasContent = false
        }
        func copy(until end: Int) {
            while index < min(end, scalars.count) {
                current.append(scalars[index])
                index += 1
            }
        }
        func find(_ pattern: [Unicode.Scalar], from start: Int) -> Int? {
            var cursor = start
            while cursor + pattern.count <= scalars.count {
                if Array(scalars[cursor..<(cursor + pattern.count)]) == pattern { return cursor }
                cursor += 1
            }
            return nil
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "-" where next == "-":
                // A line comment: dropped.
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            case "/" where next == "*":
                // A block comment; PostgreSQL nests them.
                var depth = 0
                while index < scalars.count {
                    if scalars[index] == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                        depth += 1
                        index += 2
                    } else if scalars[index] == "*", index + 1 < scalars.count, scalars[index + 1] == "/" {
                        depth -= 1
                        index += 2
                        if depth == 0 { break }
                    } else {
                        index += 1
                    }
                }
                current.append(" ")
            case "'", "\"":
                // A string or quoted identifier; a doubled quote is an escaped quote. E'' strings escape with \.
                let escapes = scalar == "'" && index > 0 && (scalars[index - 1] == "E" || scalars[index - 1] == "e")
                hasContent = true
                current.append(scalar)
                index += 1
                while index < scalars.count {
                    let character = scalars[index]
                    current.append(character)
                    index += 1
                    if escapes && character == "\\" && index < scalars.count {
                        current.append(scalars[index])
                        index += 1
                    } else if character == scalar {
                        if index < scalars.count, scalars[index] == scalar {
                            current.append(scalars[index])
                            index += 1
                        } else {
                            break
                        }
                    }
                }
            case "$":
                // A dollar quote `$tag$`: the body runs to the same tag.
                var end = index + 1
                while end < scalars.count,
                    scalars[end] == "_" || scalars[end].properties.isAlphabetic
                        || (end > index + 1 && ("0"..."9").contains(scalars[end]))
                {
                    end += 1
                }
                if end < scalars.count, scalars[end] == "$" {
                    let tag = Array(scalars[index...end])
                    hasContent = true
                    let close = find(tag, from: end + 1).map { $0 + tag.count } ?? scalars.count
                    copy(until: close)
                } else {
                    hasContent = true
                    current.append(scalar)
                    index += 1
                }
            case ";":
                index += 1
                finish()
            default:
                if !scalar.properties.isWhitespace { hasContent = true }
                current.append(scalar)
                index += 1
            }
        }
        finish()
        return statements
    }
}
