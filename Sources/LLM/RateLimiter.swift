import Synchronization

/// Client-side pacing for one key and model: requests per minute and tokens per minute, spread evenly over time
/// (providers enforce limits over short windows, so a client that sends a minute's budget in its first second gets
/// 429s for the rest of the minute), at most `maxConcurrent` calls in flight, and adapting to what the server says
/// (`x-ratelimit-remaining-*`, `x-ratelimit-reset-*`, 429s).
public actor RateLimiter {
    public struct Limits: Sendable, Hashable {
        public var requestsPerMinute: Int?
        public var tokensPerMinute: Int?
        public var maxConcurrent: Int
        /// Pace at this share of the stated limits, leaving room for clock skew and network jitter.
        public var headroom: Double

        public init(
            requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, maxConcurrent: Int = 16, headroom: Double = 0.95
        ) {
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
            self.maxConcurrent = max(1, maxConcurrent)
            self.headroom = min(1, max(0.1, headroom))
        }
    }

    /// A granted slot; give it back with `release`.
    public struct Permit: Sendable {
        let estimatedTokens: Int
    }

    public let limits: Limits
    private let clock = ContinuousClock()
    /// The earliest time the next request may start.
    private var nextRequestAt: ContinuousClock.Instant
    /// Until when the server said nothing more is allowed (its remaining count hit zero, or a 429). Requests already
    /// scheduled check this again when they wake, so a late server signal still holds them back.
    private var serverBlockedUntil: ContinuousClock.Instant
    /// Virtual time up to which the tokens granted so far are paid for at the token rate.
    private var tokensPaidUntil: ContinuousClock.Instant
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limits: Limits) {
        self.limits = limits
        let now = ContinuousClock.now
        nextRequestAt = now
        tokensPaidUntil = now
        serverBlockedUntil = now
    }

    var requestInterval: Duration? {
        limits.requestsPerMinute.map { .nanoseconds(Int64(60e9 / (Double(max(1, $0)) * limits.headroom))) }
    }

    var tokensPerSecond: Double? {
        limits.tokensPerMinute.map { Double(max(1, $0)) * limits.headroom / 60 }
    }

    /// Tokens may run ahead of the even pace by this much time (a small burst, never a minute's worth).
    let tokenBurst: Duration = .seconds(1)

    /// Waits for a slot within the concurrency bound and the paced schedule.
    public func acquire(tokens: Int) async throws -> Permit {
        while inFlight >= limits.maxConcurrent {
            await withCheckedContinuation { waiting.append($0) }
        }
        inFlight += 1
        let now = clock.now
        var start = max(now, nextRequestAt)
        if let perSecond = tokensPerSecond {
            start = max(start, tokensPaidUntil - tokenBurst)
            tokensPaidUntil = max(tokensPaidUntil, start) + .nanoseconds(Int64(Double(tokens) / perSecond * 1e9))
        }
        if let interval = requestInterval { nextRequestAt = start + interval }
        do {
            if start > now { try await Task.sleep(until: start, clock: clock) }
            while clock.now < serverBlockedUntil {
                try await Task.sleep(until: serverBlockedUntil, clock: clock)
            }
        } catch {
            release(Permit(estimatedTokens: tokens), actualTokens: 0)
            throw error
        }
        return Permit(estimatedTokens: tokens)
    }

    /// Gives a slot back; with the real token count, corrects the estimate (a refund when it was lower).
    public func release(_ permit: Permit, actualTokens: Int?) {
        inFlight -= 1
        if !waiting.isEmpty { waiting.removeFirst().resume() }
        if let actualTokens, let perSecond = tokensPerSecond {
            let correction = Double(actualTokens - permit.estimatedTokens) / perSecond
            tokensPaidUntil = max(clock.now - tokenBurst, tokensPaidUntil + .nanoseconds(Int64(correction * 1e9)))
        }
    }

    /// The server's view: when it says nothing is left, wait for its reset before the next request.
    public func observe(
        remainingRequests: Int?, resetRequests: Duration?, remainingTokens: Int?, resetTokens: Duration?
    ) {
        let now = clock.now
        if remainingRequests == 0, let reset = resetRequests { block(until: now + reset) }
        if remainingTokens == 0, let reset = resetTokens { block(until: now + reset) }
    }

    private func block(until instant: ContinuousClock.Instant) {
        nextRequestAt = max(nextRequestAt, instant)
        serverBlockedUntil = max(serverBlockedUntil, instant)
    }

    /// A 429: nothing more is sent until the wait the server asked for (or a short pause) has passed.
    public func backOff(_ wait: Duration) {
        block(until: clock.now + wait)
    }

    /// Reads OpenAI's reset durations: `1s`, `20ms`, `6m0s`, `1h2m3.5s`.
    public static func parseReset(_ text: String?) -> Duration? {
        guard var rest = text?.trimmingWhitespace, !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += value / 1_000
            case "s", "": total += value
            case "m": total += value * 60
            case "h": total += value * 3_600
            default: return nil
            }
        }
        return .milliseconds(Int(total * 1_000))
    }
}

extension StringProtocol {
    var trimmingWhitespace: Substring {
        let text = self[...]
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return Substring(text[first...last])
    }
}

/// One limiter per base URL, key and model: everything that calls the same endpoint with the same key and model
/// shares one budget. Made once by the program and handed to each client (no process-wide state), so that tests
/// made of separate registries stay apart.
public final class RateLimiterRegistry: Sendable {
    private let limiters = Mutex<[String: RateLimiter]>([:])

    public init() {}

    public func limiter(for key: String, limits: RateLimiter.Limits) -> RateLimiter {
        limiters.withLock { limiters in
            if let existing = limiters[key] { return existing }
            let limiter = RateLimiter(limits: limits)
            limiters[key] = limiter
            return limiter
        }
    }
}
