import ListingCore

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

    static let marker = "\n\n[user]\n"
    static let start = "[system]\n"
    /// The digests of the last system parts: nearly every run has one of a handful (9 kB each, hashed again for
    /// every paste before).
    static let digests = RecentTexts<String>(size: 4)

    /// The parts of a prompt with a system message followed by a user message; nil for any other prompt (kept
    /// whole). Cut on bytes, at an ASCII line break: both parts stay valid UTF-8, as PostgreSQL's `position` cuts.
    init?(_ prompt: String) {
        let utf8 = prompt.utf8
        guard utf8.starts(with: Self.start.utf8),
            let offset = TextNormalization.firstOffset(of: Self.marker, in: prompt)
        else { return nil }
        let cut = utf8.index(utf8.startIndex, offsetBy: offset)
        text = String(prompt[..<cut])
        own = String(prompt[cut...])
        digest = Self.digests.value(for: text) { HexDigest.sha256($0.utf8) }
    }
}
