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
    let work = Task { try await operation() }
    return try await withTaskCancellationHandler {
        if let result = await firstOf(work, orAfter: limit, orCancelled: true) { return try result.get() }
        work.cancel()
        guard let late = await firstOf(work, orAfter: grace) else { throw timeoutError() }
        switch late {
        case .success(let value): return value
        case .failure: throw timeoutError()
        }
    } onCancel: {
        work.cancel()
    }
}

/// The result of `work` if it ends within `limit`, else nil, leaving it running. With `orCancelled`, a caller
/// cancelled meanwhile stops waiting at once, as when the time is up.
private func firstOf<T: Sendable>(
    _ work: Task<T, any Error>, orAfter limit: Duration, orCancelled: Bool = false
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
    return await withTaskCancellationHandler {
        await withCheckedContinuation { race.wait($0) }
    } onCancel: {
        if orCancelled { race.finish(nil) }
    }
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
