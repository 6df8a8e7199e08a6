import Synchronization

/// Something worked out from a text, kept for the last few texts asked about, told apart by their bytes: a listing's
/// reading asks for the same few texts (the listing, its key, its lower-cased form, a line) again and again.
/// Safe to share between threads.
///
/// Inlinable, so that a module that keeps one specialises it for its values: unspecialised, every call looked up the
/// metadata of its generic types in the runtime's tables (docs/PERFORMANCE.md, "Speed, part five").
public final class RecentTexts<Value: Sendable>: Sendable {
    @usableFromInline let recent = Mutex<[(text: String, value: Value)]>([])
    @usableFromInline let size: Int

    public init(size: Int) { self.size = size }

    /// The value kept for `text`, else `make(text)`, kept in place of the oldest.
    @inlinable
    public func value(for text: String, make: (String) -> Value) -> Value {
        if let hit = recent.withLock({ $0.first { TextNormalization.sameBytes($0.text, text) }?.value }) { return hit }
        let value = make(text)
        recent.withLock {
            if $0.count == size { $0.removeFirst() }
            $0.append((text, value))
        }
        return value
    }
}
