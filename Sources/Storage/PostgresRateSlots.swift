import Crypto
import Foundation
import ListingCore
import PostgresNIO

/// The request pace shared through PostgreSQL (migrations/0010): a row per key holding the next free start. A
/// reservation moves it on by one interval and answers how long the caller waits for its turn, by the database's
/// clock (the one every instance shares, whatever their own clocks say).
public struct PostgresRateSlots: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func reserve(key: String, interval: Duration) async throws -> Duration {
        let digest = SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
        let seconds = interval.inSeconds
        let rows = try await client.query(
            """
            INSERT INTO rate_slots AS slot (key, next_at)
            VALUES (\(digest), clock_timestamp() + make_interval(secs => \(seconds)::float8))
            ON CONFLICT (key) DO UPDATE
                SET next_at = greatest(slot.next_at, clock_timestamp()) + make_interval(secs => \(seconds)::float8)
            RETURNING extract(epoch FROM slot.next_at - clock_timestamp())::float8 - \(seconds)::float8
            """, logger: logger)
        for try await wait in rows.decode(Double.self) {
            return .milliseconds(Int64(max(0, wait) * 1_000))
        }
        return .zero
    }
}
