import LLM
import Storage

/// The rate limiters' shared pace (`SharedPace`) kept in the database every instance uses, so that several
/// instances calling with one API key stay, together, within its limit. No server to run besides PostgreSQL.
public struct DatabasePace: SharedPace {
    let slots: PostgresRateSlots

    public init(_ slots: PostgresRateSlots) {
        self.slots = slots
    }

    public func reserve(key: String, interval: Duration) async throws -> Duration {
        try await slots.reserve(key: key, interval: interval)
    }
}
