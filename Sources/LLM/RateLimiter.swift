import Synchronization

/// Client-side pacing for one key and model: requests per minute and tokens per minute, spread evenly over time
/// (providers enforce limits over short windows, so a client that sends a minute's budget in its first second gets
/// 429s for the rest of the minute), at most `maxConcurrent` calls in flight, and adapting to what the server says
/// (`x-ratelimit-remaining-*`, `x-ratelimit-reset-*`, 429s). Limits not configured are learned from the server's
/// `x-ratelimit-limit-*` headers: until its first answer the limiter sends one request at a time, then paces to
/// what the server states and keeps following it. A 429 slows the whole pace (by a fifth, down to half), which
/// then recovers a little with each success.
public actor RateLimiter {
    public struct Limits: Sendable, Hashable {
        public var requestsPerMinute: Int?
        public var tokensPerMinute: Int?
        public var maxConcurrent: Int
        /// Pace at this share of the stated limits, leaving room for clock skew and network jitter.
        public var headroom: Double
        /// Whether limits not configured are taken from the server's `x-ratelimit-limit-*` headers.
        public var learnsFromServer: Bool

        public init(
            requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, maxConcurrent: Int = 16,
            headroom: Double = 0.98,
            learnsFromServer: Bool = true
        ) {
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
            self.maxConcurrent = max(1, maxConcurrent)
            self.headroom = min(1, max(0.1, headroom))
            self.learnsFromServer = learnsFromServer
        }
    }

    /// A granted slot; give it back with `release`.
    public struct Permit: Sendable {
        let estimatedTokens: Int
    }

    /// A turn taken before the work it is for exists (a worker takes its turn, then leases the jobs it sends in
    /// it): the first `acquire` of this limiter in the task that holds it (`RateLimiter.$turn`) uses it instead of
    /// waiting again. A turn no call used is given back with `giveBack`.
    public final class Turn: Sendable {
        let limiter: RateLimiter
        let permit = Mutex<Permit?>(nil)

        init(limiter: RateLimiter, permit: Permit) {
            self.limiter = limiter
            self.permit.withLock { $0 = permit }
        }

        func take(for limiter: RateLimiter) -> Permit? {
            guard limiter === self.limiter else { return nil }
            return permit.withLock { permit in
                defer { permit = nil }
                return permit
            }
        }

        /// Gives the turn back if no call used it.
        public func giveBack() async {
            guard let unused = take(for: limiter) else { return }
            await limiter.release(unused, actualTokens: 0)
        }
    }

    /// The turn the current task holds, if any.
    @TaskLocal public static var turn: Turn?

    /// Waits for a turn as a call would, for work still to be found; see `Turn`.
    public func takeTurn(tokens: Int) async throws -> Turn {
        Turn(limiter: self, permit: try await acquire(tokens: tokens))
    }

    public let limits: Limits
    /// Where the request pace is shared with other processes, under `key`; nil paces this process alone.
    let shared: (any SharedPace)?
    let key: String
    private let clock = ContinuousClock()
    /// The earliest time the next request may start.
    private var nextRequestAt: ContinuousClock.Instant
    /// When the last request granted starts.
    private var lastRequestAt: ContinuousClock.Instant
    /// Until when the server said nothing more is allowed (its remaining count hit zero, or a 429). Requests already
    /// scheduled check this again when they wake, so a late server signal still holds them back.
    private var serverBlockedUntil: ContinuousClock.Instant
    /// Virtual time up to which the tokens granted so far are paid for at the token rate.
    private var tokensPaidUntil: ContinuousClock.Instant
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// The limits the server last stated, used where none is configured.
    private(set) var learnedRequestsPerMinute: Int?
    private(set) var learnedTokensPerMinute: Int?
    /// Whether the server has answered yet. Until it has, a limiter that is to learn its limits sends one request
    /// at a time, so that a first burst cannot overrun limits it does not know yet.
    private var heardFromServer = false
    /// The share of the limits paced at: cut at each 429, grown back with each success.
    private(set) var pace = 1.0

    public init(limits: Limits, shared: (any SharedPace)? = nil, key: String = "") {
        self.limits = limits
        self.shared = shared
        self.key = key
        let now = ContinuousClock.now
        nextRequestAt = now
        lastRequestAt = now
        tokensPaidUntil = now
        serverBlockedUntil = now
    }

    var requestsPerMinute: Int? {
        limits.requestsPerMinute ?? (limits.learnsFromServer ? learnedRequestsPerMinute : nil)
    }

    var tokensPerMinute: Int? {
        limits.tokensPerMinute ?? (limits.learnsFromServer ? learnedTokensPerMinute : nil)
    }

    /// The limits paced by now (configured, else learned), at the headroom kept below them.
    public var budget: RateBudget? {
        guard requestsPerMinute != nil || tokensPerMinute != nil else { return nil }
        return RateBudget(
            requestsPerMinute: requestsPerMinute.map { Int(Double($0) * limits.headroom) },
            tokensPerMinute: tokensPerMinute.map { Int(Double($0) * limits.headroom) })
    }

    var requestInterval: Duration? {
        requestsPerMinute.map { .nanoseconds(Int64(60e9 / (Double(max(1, $0)) * limits.headroom * pace))) }
    }

    var tokensPerSecond: Double? {
        tokensPerMinute.map { Double(max(1, $0)) * limits.headroom * pace / 60 }
    }

    /// Whether the limits are still to be learned: none configured, and the server has not answered yet.
    public var awaitsLimits: Bool {
        limits.learnsFromServer && limits.requestsPerMinute == nil && limits.tokensPerMinute == nil
            && !heardFromServer
    }

    /// How many calls may be in flight now: one while the limits are still to be learned.
    var concurrency: Int {
        limits.learnsFromServer && limits.requestsPerMinute == nil && !heardFromServer ? 1 : limits.maxConcurrent
    }

    /// Tokens may run ahead of the even pace by this much time (a small burst, never a minute's worth).
    let tokenBurst: Duration = .seconds(1)

    /// Waits for a slot within the concurrency bound and the paced schedule.
    public func acquire(tokens: Int) async throws -> Permit {
        if let permit = Self.turn?.take(for: self) { return permit }
        while inFlight >= concurrency {
            await withCheckedContinuation { waiting.append($0) }
        }
        inFlight += 1
        if let shared, let interval = requestInterval {
            return try await acquireShared(shared, interval: interval, tokens: tokens)
        }
        let now = clock.now
        var start = max(now, nextRequestAt, serverBlockedUntil)
        if let perSecond = tokensPerSecond {
            start = max(start, tokensPaidUntil - tokenBurst)
            tokensPaidUntil = max(tokensPaidUntil, start) + .nanoseconds(Int64(Double(tokens) / perSecond * 1e9))
        }
        if let interval = requestInterval { nextRequestAt = start + interval }
        lastRequestAt = start
        do {
            // A wait a person would notice is said (a live paste shows it).
            if start - now > .milliseconds(500) { CallProgress.report(.waitingForRateLimit(start - now)) }
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

    /// The request pace kept with every process that shares it: this one waits for the turn it reserved (and for
    /// any block the server asked for). A pace that cannot be reached (the database away) falls back to this
    /// process's own.
    private func acquireShared(_ shared: any SharedPace, interval: Duration, tokens: Int) async throws -> Permit {
        do {
            let wait = try await shared.reserve(key: key, interval: interval)
            if wait > .milliseconds(500) { CallProgress.report(.waitingForRateLimit(wait)) }
            if wait > .zero { try await Task.sleep(for: wait) }
            while clock.now < serverBlockedUntil {
                try await Task.sleep(until: serverBlockedUntil, clock: clock)
            }
            lastRequestAt = clock.now
            return Permit(estimatedTokens: tokens)
        } catch is CancellationError {
            release(Permit(estimatedTokens: tokens), actualTokens: 0)
            throw CancellationError()
        } catch {
            let start = max(clock.now, nextRequestAt)
            nextRequestAt = start + interval
            lastRequestAt = start
            if start > clock.now { try? await Task.sleep(until: start, clock: clock) }
            return Permit(estimatedTokens: tokens)
        }
    }

    /// Gives a slot back; with the real token count, corrects the estimate (a refund when it was lower).
    public func release(_ permit: Permit, actualTokens: Int?) {
        inFlight -= 1
        if !waiting.isEmpty { waiting.removeFirst().resume() }
        if actualTokens != nil { pace = min(1, pace + 0.02) }
        if let actualTokens, let perSecond = tokensPerSecond {
            let correction = Double(actualTokens - permit.estimatedTokens) / perSecond
            tokensPaidUntil = max(clock.now - tokenBurst, tokensPaidUntil + .nanoseconds(Int64(correction * 1e9)))
        }
    }

    /// The server's view: the limits it states (learned where none is configured), and when it says nothing is
    /// left, wait for its reset before the next request. Called with every answer, headers or not.
    public func observe(
        limitRequests: Int? = nil, limitTokens: Int? = nil, remainingRequests: Int?, resetRequests: Duration?,
        remainingTokens: Int?, resetTokens: Duration?
    ) {
        if let limitRequests, limitRequests > 0 {
            let first = learnedRequestsPerMinute == nil
            learnedRequestsPerMinute = limitRequests
            // The requests sent before the pace was known count against it.
            if first, let interval = requestInterval { nextRequestAt = max(nextRequestAt, lastRequestAt + interval) }
        }
        if let limitTokens, limitTokens > 0 { learnedTokensPerMinute = limitTokens }
        if !heardFromServer {
            heardFromServer = true
            // The calls held back while the limits were unknown now go by the pace.
            let held = waiting
            waiting.removeAll()
            for waiter in held { waiter.resume() }
        }
        let now = clock.now
        if remainingRequests == 0, let reset = resetRequests { block(until: now + reset) }
        if remainingTokens == 0, let reset = resetTokens { block(until: now + reset) }
    }

    private func block(until instant: ContinuousClock.Instant) {
        nextRequestAt = max(nextRequestAt, instant)
        serverBlockedUntil = max(serverBlockedUntil, instant)
    }

    /// A 429: nothing more is sent until the wait the server asked for (or a short pause) has passed, and the
    /// whole pace slows by a fifth (to half at most), since the limits were not what the pace assumed.
    public func backOff(_ wait: Duration) {
        pace = max(0.5, pace * 0.8)
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
    /// Shared with other processes, when given: their limiters of the same key keep one pace.
    let shared: (any SharedPace)?

    public init(shared: (any SharedPace)? = nil) {
        self.shared = shared
    }

    public func limiter(for key: String, limits: RateLimiter.Limits) -> RateLimiter {
        limiters.withLock { limiters in
            if let existing = limiters[key] { return existing }
            let limiter = RateLimiter(limits: limits, shared: shared, key: key)
            limiters[key] = limiter
            return limiter
        }
    }
}
