import LLM
import Synchronization

/// Runs `operation`, abandoning it with `timeoutError` when `limit` passes first. Nothing slow is waited on
/// without one: the model, and the database when it is down (its pool would wait for a connection forever).
///
/// Abandoning means cancelling, then waiting up to `grace` for the operation to end: an operation that finishes
/// anyway (a database transaction whose commit was already under way) returns its result, so that the answer says
/// what happened. Writes check for cancellation before they commit (`PostgresListingRepository`), so an abandoned
/// save is rolled back rather than done behind the person's back. An operation still running after the grace is
/// deaf to its cancellation (a PostgresNIO query on a connection the server never answers again): it is left to
/// end on its own, still cancelled, and the caller gets `timeoutError` rather than waiting on it.
public func withDeadline<T: Sendable>(
    _ limit: Duration, grace: Duration = .seconds(2),
    timeoutError: @autoclosure @escaping @Sendable () -> any Error = ChatModelError(.timeout, "No answer in time."),
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withDeadline(limit, grace: grace, timeoutError: timeoutError(), alarms: .shared, operation)
}

/// `withDeadline` on the given clock (a test's own).
func withDeadline<T: Sendable>(
    _ limit: Duration, grace: Duration, timeoutError: @autoclosure @escaping @Sendable () -> any Error,
    alarms: DeadlineAlarms, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    // The operation answers the race itself, and the deadline is an alarm of the shared clock: a call costs one task
    // (the operation's, which can be abandoned) rather than three and a timer.
    let race = DeadlineRace<T>()
    let work = Task {
        do {
            let value = try await operation()
            race.finish(.success(value))
            return value
        } catch {
            race.finish(.failure(error))
            throw error
        }
    }
    return try await withTaskCancellationHandler {
        let alarm = alarms.set(after: limit) { race.finish(nil) }
        let first = await withCheckedContinuation { race.wait($0) }
        alarm.clear()
        if let first { return try first.get() }
        work.cancel()
        guard let late = await firstOf(work, orAfter: grace) else { throw timeoutError() }
        switch late {
        case .success(let value): return value
        case .failure: throw timeoutError()
        }
    } onCancel: {
        race.finish(nil)
        work.cancel()
    }
}

/// The result of `work` if it ends within `limit`, else nil, leaving it running (the grace after a deadline).
private func firstOf<T: Sendable>(
    _ work: Task<T, any Error>, orAfter limit: Duration
) async -> Result<T, any Error>? {
    let race = DeadlineRace<T>()
    let timer = Task {
        try? await Task.sleep(for: limit)
        race.finish(nil)
    }
    Task {
        race.finish(await work.result)
        timer.cancel()
    }
    return await withCheckedContinuation { race.wait($0) }
}

/// One answer out of several racers: the first `finish` is the answer, given to the waiting continuation whether
/// it came before or after the wait began; the others are dropped.
private final class DeadlineRace<T: Sendable>: Sendable {
    private enum State {
        case open
        case waiting(CheckedContinuation<Result<T, any Error>?, Never>)
        case finished(Result<T, any Error>?)
        case answered
    }
    private let state = Mutex<State>(.open)

    func wait(_ continuation: CheckedContinuation<Result<T, any Error>?, Never>) {
        state.withLock { state in
            if case .finished(let result) = state {
                continuation.resume(returning: result)
                state = .answered
            } else {
                state = .waiting(continuation)
            }
        }
    }

    func finish(_ result: Result<T, any Error>?) {
        state.withLock { state in
            switch state {
            case .open:
                state = .finished(result)
            case .waiting(let continuation):
                continuation.resume(returning: result)
                state = .answered
            case .finished, .answered:
                break
            }
        }
    }
}
