import Foundation

/// An email address as the accounts keep and compare it, one rule for Swift and SQL alike.
///
/// Stored: trimmed of whitespace and in Unicode's composed form (NFC). Compared by its key: the stored form with the
/// ASCII letters `A`–`Z` lowercased and nothing else, exactly what migration 0014's `accounts.email_key` computes
/// with `translate`. Unicode's full case mapping is not used on either side: Swift and PostgreSQL disagree on some
/// letters (`İ` lowercases to `i̇` in Swift and to `i` in PostgreSQL), and every such letter would have let one
/// address be looked up under a spelling whose sign-in throttle is another's.
public enum EmailAddress {
    public static func stored(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
    }

    public static func key(_ raw: String) -> String {
        var bytes = Array(stored(raw).utf8)
        for index in bytes.indices where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[index]) {
            bytes[index] += 32
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
