import Foundation

/// What the simulator saw: requests, rate-limit refusals, faults, and the busiest window.
public actor SimulatorStats {
    public private(set) var requests = 0
    public private(set) var completed = 0
    public private(set) var rateLimited = 0
    public private(set) var faults: [String: Int] = [:]
    /// Requests admitted per window index.
    public private(set) var admittedPerWindow: [Int: Int] = [:]
    private var tokensPerWindow: [Int: Int] = [:]

    public init() {}

    /// When each request arrived, relative to the simulator's start.
    public private(set) var arrivals: [Duration] = []

    func arrived(at offset: Duration) -> Int {
        requests += 1
        arrivals.append(offset)
        return requests
    }
    func finished() { completed += 1 }
    /// When the last streamed reply's first token went out (microseconds since 1970), to time what follows it.
    public private(set) var lastFirstTokenMicroseconds = 0
    func sentFirstToken() { lastFirstTokenMicroseconds = Int(Date().timeIntervalSince1970 * 1_000_000) }
    func refused() { rateLimited += 1 }
    /// Requests refused for carrying `max_tokens` to a model that takes only `max_completion_tokens`.
    public private(set) var lengthFieldRefusals = 0
    func refusedLengthField() { lengthFieldRefusals += 1 }
    func injected(_ fault: Fault) { faults[fault.rawValue, default: 0] += 1 }

    /// Admits a request into `window` unless it would pass a limit; returns what is left after it.
    func admit(
        window: Int, tokens: Int, requestLimit: Int?, tokenLimit: Int?
    ) -> (admitted: Bool, requestsLeft: Int?, tokensLeft: Int?) {
        let requestsSoFar = admittedPerWindow[window, default: 0]
        let tokensSoFar = tokensPerWindow[window, default: 0]
        if let requestLimit, requestsSoFar >= requestLimit {
            return (false, 0, tokenLimit.map { max(0, $0 - tokensSoFar) })
        }
        if let tokenLimit, tokensSoFar + tokens > tokenLimit, tokensSoFar > 0 {
            return (false, requestLimit.map { max(0, $0 - requestsSoFar) }, 0)
        }
        admittedPerWindow[window] = requestsSoFar + 1
        tokensPerWindow[window] = tokensSoFar + tokens
        return (
            true, requestLimit.map { max(0, $0 - requestsSoFar - 1) },
            tokenLimit.map { max(0, $0 - tokensSoFar - tokens) }
        )
    }

    /// A JSON-friendly snapshot.
    public func snapshot() -> [String: Int] {
        var result = [
            "requests": requests, "completed": completed, "rate_limited": rateLimited,
            "max_admitted_per_window": admittedPerWindow.values.max() ?? 0,
            "last_first_token_us": lastFirstTokenMicroseconds, "length_field_refusals": lengthFieldRefusals,
        ]
        for (fault, count) in faults { result["fault_\(fault)"] = count }
        return result
    }
}
