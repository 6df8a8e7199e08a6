import ListingCore

/// Exponential backoff with full jitter, bounded in attempts and total time; the server's `Retry-After` wins.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// No retry starts after this much time has passed since the first attempt.
    public var maxTotalTime: Duration

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20),
        maxTotalTime: Duration = .seconds(90)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalTime = maxTotalTime
    }

    /// How long to wait before attempt `attempt + 1` (attempts count from 1), or nil when it should not be made.
    public func delay(
        after error: ChatModelError, attempt: Int, elapsed: Duration,
        random: (Double) -> Double = { Double.random(in: 0...$0) }
    ) -> Duration? {
        guard error.isRetryable, attempt < maxAttempts else { return nil }
        let wait: Duration
        if let asked = error.retryAfter {
            wait = min(asked, maxDelay)
        } else {
            // Full jitter: a random wait between zero and the exponential ceiling.
            let ceiling = min(Self.seconds(maxDelay), Self.seconds(baseDelay) * Double(1 << min(attempt - 1, 20)))
            wait = .milliseconds(Int(random(ceiling) * 1_000))
        }
        guard elapsed + wait < maxTotalTime else { return nil }
        return wait
    }

    /// A duration in seconds, as a `Double`.
    public static func secondsOf(_ duration: Duration) -> Double { seconds(duration) }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    /// Reads `retry-after-ms` (milliseconds) or `Retry-After` (seconds; an HTTP date is not honoured).
    public static func retryAfter(milliseconds: String?, seconds: String?) -> Duration? {
        if let text = milliseconds, let value = Double(text), value >= 0 { return .milliseconds(Int(value)) }
        if let text = seconds, let value = Double(text), value >= 0 { return .milliseconds(Int(value * 1_000)) }
        return nil
    }
}
