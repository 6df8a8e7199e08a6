import Foundation
import LLM
import PostgresNIO
import Storage
import TestSupport
import Testing

@testable import Desk

/// Several instances calling with one API key keep one pace through the database: each request reserves the next
/// start after the last one reserved by any of them.
@Suite struct SharedPaceTests {
    /// How far ahead the key's next free start is, by the database's clock.
    static func reservedAhead(_ client: PostgresClient) async throws -> Double {
        let rows = try await client.query(
            "SELECT extract(epoch FROM max(next_at) - clock_timestamp())::float8 FROM rate_slots",
            logger: TestDatabase.logger)
        for try await ahead in rows.decode(Double.self) { return ahead }
        return 0
    }

    @Test func twoInstancesWithOneKeyShareOnePace() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let pace = DatabasePace(PostgresRateSlots(client: client, logger: TestDatabase.logger))
            // Two processes' limiters for the same key, each paced at 600 a minute (one every 100 ms).
            let limits = RateLimiter.Limits(requestsPerMinute: 600, maxConcurrent: 64, headroom: 1)
            let first = RateLimiter(limits: limits, shared: pace, key: "https://api.example/v1|m|k")
            let second = RateLimiter(limits: limits, shared: pace, key: "https://api.example/v1|m|k")
            let started = ContinuousClock.now
            // Ten requests each, all at once: reserved, they line up one interval apart across both.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for limiter in [first, second] {
                    for _ in 0..<10 {
                        group.addTask {
                            let permit = try await limiter.acquire(tokens: 1)
                            await limiter.release(permit, actualTokens: 1)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            // Twenty starts 100 ms apart take 1.9 s from the first to the last, whoever sent them.
            #expect(seconds >= 1.85, "two processes together kept one pace (\(seconds) s)")
            let rows = try await client.query("SELECT count(*) FROM rate_slots", logger: TestDatabase.logger)
            for try await count in rows.decode(Int64.self) { #expect(count == 1, "one row per key, not per process") }
        }
    }

    @Test func theKeyIsStoredAsADigestOnly() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let slots = PostgresRateSlots(client: client, logger: TestDatabase.logger)
            // A long interval, so that however slow the machine, the second reservation comes within it.
            let key = "https://api.example/v1|m|sk-secret"
            let first = try await slots.reserve(key: key, interval: .seconds(10))
            let second = try await slots.reserve(key: key, interval: .seconds(10))
            #expect(first == .zero, "the first goes at once")
            #expect(second > .seconds(5), "the second waits for its turn")
            let rows = try await client.query("SELECT key FROM rate_slots", logger: TestDatabase.logger)
            for try await key in rows.decode(String.self) {
                #expect(key.count == 64 && !key.contains("secret"))
            }
            #expect(try await Self.reservedAhead(client) > 10, "two turns reserved ahead")
        }
    }
}
