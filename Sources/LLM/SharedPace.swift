/// A pace shared by every process that calls with the same key: several instances, on several machines, together
/// stay within the key's limit. Each request reserves the next start, one interval after the previous one of any
/// process; the answer is how long this one waits for its turn.
public protocol SharedPace: Sendable {
    func reserve(key: String, interval: Duration) async throws -> Duration
}
