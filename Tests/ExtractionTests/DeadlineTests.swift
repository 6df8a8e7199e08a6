import Extraction
import LLM
import Synchronization
import Testing

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
