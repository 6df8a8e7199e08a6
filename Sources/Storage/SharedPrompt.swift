/// A run's prompt in two parts (migrations/0017_shared_prompts.sql): the system part, the same for every run of a
/// prompt version and strategy, stored once in `prompts`; and the listing's own part, from the line break before
/// `[user]`, stored with the run. The two joined give the prompt back, character for character.
struct SharedPrompt: Equatable {
    /// The system part: from `[system]` up to the line break before the first `[user]`.
    var text: String
    /// The SHA-256 of `text`'s UTF-8 bytes, in lower-case hex: its key in `prompts`.
    var digest: String
    /// The rest of the prompt, from that line break.
    var own: String

    static let marker = Array("\n\n[user]\n".utf8)
    static let start = Array("[system]\n".utf8)

    /// The parts of a prompt with a system message followed by a user message; nil for any other prompt (kept
    /// whole). Cut on bytes, at an ASCII line break: both parts stay valid UTF-8, as PostgreSQL's `position` cuts.
    init?(_ prompt: String) {
        let bytes = Array(prompt.utf8)
        guard bytes.starts(with: Self.start), let cut = Self.firstIndex(of: Self.marker, in: bytes) else { return nil }
        text = String(decoding: bytes[..<cut], as: UTF8.self)
        own = String(decoding: bytes[cut...], as: UTF8.self)
        digest = HexDigest.sha256(bytes[..<cut])
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for index in 0...(bytes.count - needle.count) where bytes[index] == needle[0] {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}
