import Desk
import Foundation
import Hummingbird
import ListingCore
import Storage

/// How many batch event streams may be open: per account, and in all on this process.
public struct EventStreamLimits: Sendable {
    public var perAccount: Int
    public var total: Int

    public init(perAccount: Int = 6, total: Int = 200) {
        self.perAccount = perAccount
        self.total = total
    }
}

/// What a batch's event streams cost, bounded: streams are counted per account and in all (past either limit a
/// new one is refused with 429), all the streams of a batch share one progress reading a second, and a stream
/// asks every few seconds whether the session or token that opened it still signs its account in (a sign-out, a
/// disable, a revoked token ends it). One account opening 200 streams on a 3,000-listing batch recounted the batch
/// 200 times a second on 200 connections and starved everyone else's requests.
final class BatchEventStreams: Sendable {
    let limits: EventStreamLimits
    let metrics: AppMetrics
    /// How often a stream checks that its sign-in still holds.
    let recheckEvery: Duration
    private let open: AccountPlaces
    private let readings: SharedReadings<Int64, BatchProgress?>
    private let signIns: SharedReadings<[UInt8], Bool>

    init(limits: EventStreamLimits, metrics: AppMetrics, recheckEvery: Duration = .seconds(2)) {
        self.limits = limits
        self.metrics = metrics
        self.recheckEvery = recheckEvery
        open = AccountPlaces(perAccount: limits.perAccount, total: limits.total) {
            metrics.eventStreamsOpen.decrement()
        }
        readings = SharedReadings(maxAge: .seconds(1))
        signIns = SharedReadings(maxAge: recheckEvery)
    }

    /// A place for one more stream of `accountID`, or nil when a limit is reached. The place is given back when
    /// it goes (the stream ended, or its answer was dropped before it began).
    func admit(_ accountID: Int64) -> AccountPlaces.Place? {
        guard let place = open.take(accountID) else {
            metrics.eventStreamsRefused.increment()
            return nil
        }
        metrics.eventStreamsOpen.increment()
        return place
    }

    /// The batch's progress, read at most once a second whatever the number of streams asking.
    func progress(
        of batchID: Int64, read: @escaping @Sendable () async throws -> BatchProgress?
    ) async throws -> BatchProgress? {
        try await readings.value(for: batchID) {
            self.metrics.batchProgressReadings.increment()
            return try await read()
        }
    }

    /// Whether the credential named by `key` still signs in, asked at most once per `recheckEvery` per credential.
    func stillSignedIn(_ key: [UInt8], check: @escaping @Sendable () async throws -> Bool) async -> Bool {
        // A database that cannot say keeps the stream (its next reading fails and ends it if the outage lasts).
        (try? await signIns.value(for: key, read: check)) ?? true
    }
}

/// Values read at most once per `maxAge` per key: callers asking meanwhile share the reading in flight or the last
/// one, so that the cost of a reading does not grow with the number of callers.
actor SharedReadings<Key: Hashable & Sendable, Value: Sendable> {
    private struct Entry {
        let task: Task<Value, any Error>
        let started: ContinuousClock.Instant
    }

    let maxAge: Duration
    private var entries: [Key: Entry] = [:]

    init(maxAge: Duration) { self.maxAge = maxAge }

    func value(for key: Key, read: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        if let entry = entries[key], now - entry.started < maxAge { return try await entry.task.value }
        // Old entries go as new ones come, so that the table holds only what was asked for lately.
        entries = entries.filter { now - $0.value.started < maxAge * 4 }
        let task = Task { try await read() }
        entries[key] = Entry(task: task, started: now)
        return try await task.value
    }
}
