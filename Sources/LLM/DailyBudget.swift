import Foundation

/// A day's allowance for one model: tokens (prompt and completion), cost in USD, or both. Past either, the model
/// is not called until the next day (UTC), and the next model of the chain (in the end the offline extractor)
/// answers instead.
public struct DailyBudget: Sendable, Hashable {
    public var tokens: Int?
    public var costUSD: Double?

    public init(tokens: Int? = nil, costUSD: Double? = nil) {
        self.tokens = tokens
        self.costUSD = costUSD
    }

    public var isLimited: Bool { tokens != nil || costUSD != nil }
}

/// What each model has spent today (UTC), shared by every call of the process. Seeded at start from what the
/// database recorded today, so that a restart does not reset the day.
public actor BudgetLedger {
    public struct Spent: Sendable, Hashable {
        public var tokens = 0
        public var costUSD = 0.0
    }

    private var day: String
    private var spent: [String: Spent] = [:]
    private let today: @Sendable () -> String

    public init(today: @escaping @Sendable () -> String = BudgetLedger.utcDay) {
        self.today = today
        self.day = today()
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    @Sendable public static func utcDay() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    private func rollOver() {
        let now = today()
        if now != day {
            day = now
            spent = [:]
        }
    }

    public func spent(by model: String) -> Spent {
        rollOver()
        return spent[model] ?? Spent()
    }

    public func record(model: String, tokens: Int, costUSD: Double?) {
        rollOver()
        var entry = spent[model] ?? Spent()
        entry.tokens += tokens
        entry.costUSD += costUSD ?? 0
        spent[model] = entry
    }

    /// Why the model may not be called now, or nil when it may.
    public func refusal(for model: String, budget: DailyBudget) -> String? {
        let entry = spent(by: model)
        if let tokens = budget.tokens, entry.tokens >= tokens {
            return "its daily budget of \(tokens) tokens is spent (\(entry.tokens) today)"
        }
        if let cost = budget.costUSD, entry.costUSD >= cost {
            return String(format: "its daily budget of $%.2f is spent ($%.2f today)", cost, entry.costUSD)
        }
        return nil
    }
}

/// A model under a daily budget: refused without a call once the day's allowance is spent (a `refused` error,
/// which the pipeline records and passes on to the next model), and every answer's tokens and cost counted.
public struct BudgetedChatModel: ChatModel {
    let inner: any ChatModel
    let budget: DailyBudget
    let ledger: BudgetLedger
    /// Told each time the budget turns a call away (for a metric).
    let onRefusal: @Sendable (String) -> Void

    public init(
        _ inner: any ChatModel, budget: DailyBudget, ledger: BudgetLedger,
        onRefusal: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.inner = inner
        self.budget = budget
        self.ledger = ledger
        self.onRefusal = onRefusal
    }

    public var name: String { inner.name }
    public var answersFollowUps: Bool { inner.answersFollowUps }
    public func rateBudget() async -> RateBudget? { await inner.rateBudget() }

    public func complete(_ request: ChatRequest) async throws -> ChatReply {
        if let reason = await ledger.refusal(for: name, budget: budget) {
            onRefusal(name)
            throw ChatModelError(.refused, "Not called: \(reason).")
        }
        let reply = try await inner.complete(request)
        await ledger.record(
            model: name, tokens: reply.usage.promptTokens + reply.usage.completionTokens, costUSD: reply.costUSD)
        return reply
    }
}
