/// Stops sending to a provider that keeps failing, and probes it again after a cool-down: closed → open after
/// `threshold` failures in a row → half-open after `coolDown` (one probe) → closed on success, open on failure.
public actor CircuitBreaker {
    public enum State: Sendable, Equatable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen
    }

    public let threshold: Int
    public let coolDown: Duration
    public private(set) var state: State = .closed
    private var failures = 0
    private var probing = false

    public init(threshold: Int = 5, coolDown: Duration = .seconds(30)) {
        self.threshold = max(1, threshold)
        self.coolDown = coolDown
    }

    /// Whether a call may go out now.
    public func allow() -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard ContinuousClock.now >= until else { return false }
            state = .halfOpen
            probing = true
            return true
        case .halfOpen:
            // One probe at a time.
            guard !probing else { return false }
            probing = true
            return true
        }
    }

    public func recordSuccess() {
        failures = 0
        probing = false
        state = .closed
    }

    public func recordFailure() {
        failures += 1
        probing = false
        if state == .halfOpen || failures >= threshold {
            state = .open(until: ContinuousClock.now + coolDown)
        }
    }
}
