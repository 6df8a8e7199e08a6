/// FNV-1a over a text's UTF-8 bytes: the same number on every machine and every run (Swift's `hashValue` is
/// seeded per process), for splits that must not move, such as an evaluation half or a fine-tuning holdout.
public enum StableHash {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
