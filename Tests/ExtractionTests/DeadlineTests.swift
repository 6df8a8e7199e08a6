import LLM
import Synchronization
import Testing

@testable import Extraction

/// `withDeadline` answers in time even when what it waits on cannot be cancelled (a PostgresNIO query on a
/// connection the server never answers again: a save during a database restart once got no answer for a minute).
@Suite struct DeadlineTests {
    struct Late: Error {}

    @Test func anOperationThatFinishesInTimeGivesItsResult() async throws {
        let value = try await withDeadline(.seconds(30)) { 42 }
        #expect(value == 42)
    }

    @Test func aCancellableOperationPastItsDeadlineIsCancelledAndAwaited() async throws {
        let ended = Mutex(false)
        await #expect(throws: Late.self) {
            try await withDeadline(.milliseconds(50), timeoutError: Late()) {
                defer { ended.withLock { $0 = true } }
                try await Task.sleep(for: .seconds(30))
            }
        }
        #expect(ended.withLock { $0 }, "a cancelled operation that ends at once is awaited (a commit under way)")
    }

    @Test func anOperationThatIgnoresCancellationIsAbandonedAfterTheGrace() async throws {
        let ended = Mutex(false)
        let release = Mutex(false)
        await #expect(throws: Late.self) {
            try await withDeadline(.milliseconds(50), timeoutError: Late()) {
                // Deaf to cancellation, as a query waiting on a silent connection is; ends when the test lets it
                // (or after 20 s, so that a withDeadline that waits for it fails this test rather than hangs).
                let until = ContinuousClock.now + .seconds(20)
                while !release.withLock({ $0 }) && ContinuousClock.now < until { await Self.pause() }
                ended.withLock { $0 = true }
            }
        }
        #expect(!ended.withLock { $0 }, "the answer did not wait for an operation that ignores its cancellation")
        release.withLock { $0 = true }
    }

    @Test func anOperationEndingWithinTheGraceAfterItsDeadlineStillSaysItTimedOut() async throws {
        await #expect(throws: Late.self) {
            try await withDeadline(.milliseconds(20), timeoutError: Late()) {
                let until = ContinuousClock.now + .milliseconds(200)
                while ContinuousClock.now < until { await Self.pause() }
                throw CancellationError()
            }
        }
    }

    @Test func aCancelledCallerStopsWaitingLongBeforeTheDeadline() async throws {
        let ended = Mutex(false)
        let release = Mutex(false)
        let started = AsyncStream<Void>.makeStream()
        let caller = Task {
            try await withDeadline(.seconds(60), grace: .milliseconds(100), timeoutError: Late()) {
                started.continuation.finish()
                let until = ContinuousClock.now + .seconds(20)
                while !release.withLock({ $0 }) && ContinuousClock.now < until { await Self.pause() }
                ended.withLock { $0 = true }
            }
        }
        for await _ in started.stream {}
        caller.cancel()
        await #expect(throws: Late.self) { try await caller.value }
        #expect(!ended.withLock { $0 }, "neither the 60 s deadline nor the deaf operation was waited out")
        release.withLock { $0 = true }
    }

    /// A pause that cancellation does not cut short.
    static func pause() async {
        await withCheckedContinuation { continuation in
            Task.detached {
                try? await Task.sleep(for: .milliseconds(10))
                continuation.resume()
            }
        }
    }
}

/// The shared clock behind every deadline: an alarm rings once, never before its time, a cleared one never, and a
/// deadline that was met leaves nothing set.
@Suite struct DeadlineAlarmsTests {
    @Test func anAlarmRingsOnceNeverEarlyAndAClearedOneNever() async throws {
        let alarms = DeadlineAlarms(tick: .milliseconds(5))
        let rings = Mutex<[String]>([])
        let start = ContinuousClock.now
        let rang = AsyncStream<Duration>.makeStream()
        _ = alarms.set(after: .milliseconds(60)) {
            rings.withLock { $0.append("kept") }
            rang.continuation.yield(ContinuousClock.now - start)
            rang.continuation.finish()
        }
        alarms.set(after: .milliseconds(30)) { rings.withLock { $0.append("cleared") } }.clear()
        var waited: Duration?
        for await elapsed in rang.stream { waited = elapsed }
        #expect(try #require(waited) >= .milliseconds(60), "an alarm never rings before its time")
        // Long enough for the cleared alarm and any second ring to have come, had they been going to.
        try await Task.sleep(for: .milliseconds(100))
        #expect(rings.withLock { $0 } == ["kept"])
        #expect(alarms.state.set == 0 && !alarms.state.watched, "the watching task ends with the last alarm")
    }

    @Test func deadlinesMetOrMissedLeaveNoAlarmSet() async throws {
        let alarms = DeadlineAlarms(tick: .milliseconds(5))
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await withDeadline(
                        .seconds(30), grace: .seconds(1), timeoutError: DeadlineTests.Late(), alarms: alarms
                    ) {
                        index
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(sum == (0..<200).reduce(0, +))
        #expect(alarms.state.set == 0, "a deadline that was met clears its alarm")
        await #expect(throws: DeadlineTests.Late.self) {
            try await withDeadline(
                .milliseconds(10), grace: .milliseconds(50), timeoutError: DeadlineTests.Late(), alarms: alarms
            ) {
                try await Task.sleep(for: .seconds(30))
            }
        }
        #expect(alarms.state.set == 0, "an alarm that rang is no longer set")
    }
}
