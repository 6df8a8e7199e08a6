/// What a model call is doing while the person waits, for a live display: waiting for the rate limit, retrying
/// after a failure, or (said by the extraction pipeline) handing over to the next model of the chain. Reported to
/// the observer of the current task, if any: the paths that show nothing pay nothing.
public enum CallProgress: Sendable, Equatable {
    /// Waiting this long for the rate limit before the call goes out.
    case waitingForRateLimit(Duration)
    /// The call failed (`reason`, an error code) and is tried again after `wait`, as attempt `attempt`.
    case retrying(model: String, attempt: Int, reason: String, wait: Duration)
    /// `failed` could not answer: `next` reads the listing instead.
    case fellBack(failed: String, next: String)

    /// Who hears the progress of calls made by the current task (set around a paste's extraction, with
    /// `observing`).
    @TaskLocal static var observer: Observer?

    /// The listener, in a class: a task-local holding a closure directly crashed release builds when set from
    /// another module (Swift 6.3, `swift_task_localValuePush` on a bad pointer; scripts/bench-first-byte with
    /// BUILD=release streams pastes and is the check).
    final class Observer: Sendable {
        let hear: @Sendable (CallProgress) -> Void
        init(_ hear: @escaping @Sendable (CallProgress) -> Void) { self.hear = hear }
    }

    /// Runs `body` with `listener` told of the progress of every model call it makes.
    public static func observing<T: Sendable>(
        _ listener: @escaping @Sendable (CallProgress) -> Void, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await $observer.withValue(Observer(listener)) { try await body() }
    }

    /// Runs `body` with `listener` told as well as whoever listens already (a live display and a trace alike).
    public static func alsoObserving<T: Sendable>(
        _ listener: @escaping @Sendable (CallProgress) -> Void, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let outer = observer
        return try await $observer.withValue(
            Observer { progress in
                outer?.hear(progress)
                listener(progress)
            }
        ) { try await body() }
    }

    public static func report(_ progress: CallProgress) {
        observer?.hear(progress)
    }
}
