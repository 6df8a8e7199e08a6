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

    /// Who hears the progress of calls made by the current task (set around a paste's extraction).
    @TaskLocal public static var observer: (@Sendable (CallProgress) -> Void)?

    public static func report(_ progress: CallProgress) {
        observer?(progress)
    }
}
