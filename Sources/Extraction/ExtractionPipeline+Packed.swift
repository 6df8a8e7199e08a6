import Foundation
import LLM
import ListingCore

/// One of a batch's listings as a packed request carries it: its id (the listing's, which its envelope in the reply
/// must repeat), its text, and the day it was pasted (a back-fill's listings each have their own).
public struct PackItem: Sendable, Hashable {
    public var id: String
    public var text: String
    public var pastedOn: LocalDate

    public init(id: String, text: String, pastedOn: LocalDate) {
        self.id = id
        self.text = text
        self.pastedOn = pastedOn
    }
}

/// What a packed request made of one of its listings.
public enum PackResult: Sendable {
    /// Read from its envelope: the draft and its run (its share of the request).
    case read(ExtractionOutcome)
    /// Not read: its envelope was missing, repeated with different contents, cut, or unusable, or the request
    /// failed. The run records its share of the request and why; the listing is to be read alone.
    case alone(ExtractionRun, reason: String)

    public var run: ExtractionRun {
        switch self {
        case .read(let outcome): outcome.runs[0]
        case .alone(let run, _): run
        }
    }
}

/// Several of a batch's listings in one request, when the request limit, not the token limit, is what paces the
/// calls: the cookbook's "batch several tasks into one request" for rate limits. Only the first model of the chain
/// is asked; whatever its reply does not answer usably is read alone afterwards, where the chain, re-asks and
/// fallbacks apply as for any paste.
extension ExtractionPipeline {
    /// Groups listings into requests, in order: up to `settings.pack` listings each, as many as the tokens one
    /// request may spend allow (a minute's tokens over a minute's requests, so that packing never makes the token
    /// limit the one that binds) and `maxPackTokens` (the reply must never be cut); everything alone when the first
    /// model answers locally or nothing limits its requests.
    public func packs(_ items: [PackItem]) async -> [[PackItem]] {
        // Tokens a request may spend: what the limits allow, unbounded while they are still to be learned (the
        // first pack is held to `maxPackTokens` alone).
        let learning = await chain[0].awaitsLimits()
        guard items.count > 1, await packLimit() > 1,
            let perRequest = await chain[0].rateBudget()?.tokensPerRequest ?? (learning ? Int.max : nil)
        else { return items.map { [$0] } }
        let shared = TokenUsage.estimate(prompts.systemPrompt(.classifyAndExtract)) + 250
        let maxListings = min(settings.pack, max(1, settings.maxPackTokens / max(1, settings.maxTokens)))
        var packs: [[PackItem]] = []
        var tokens = 0
        for item in items {
            let cost = TokenUsage.estimate(item.text) + 30 + settings.maxTokens
            if let last = packs.last, last.count < maxListings, tokens + cost <= perRequest {
                packs[packs.count - 1].append(item)
                tokens += cost
            } else {
                packs.append([item])
                tokens = shared + cost
            }
        }
        return packs
    }

    /// How many listings a request may hold now: `settings.pack` when the first model is remote and a request
    /// limit paces it, or its limits are still to be learned (the first request, which learns them, is a pack
    /// already); else 1.
    public func packLimit() async -> Int {
        guard settings.pack > 1, !answersLocally else { return 1 }
        if await chain[0].awaitsLimits() { return settings.pack }
        guard await chain[0].rateBudget()?.tokensPerRequest != nil else { return 1 }
        return settings.pack
    }

    /// Waits for the first model's next turn to call, before the request it is for is made (a worker takes its
    /// turn, then leases the jobs it sends in it: a worker that dies holds only what it was sending). Nil when
    /// nothing paces the calls (the offline reader), or when the wait was cancelled.
    public func takeTurn() async -> RateLimiter.Turn? {
        guard !answersLocally else { return nil }
        let listings = await packLimit()
        let tokens =
            TokenUsage.estimate(prompts.systemPrompt(.classifyAndExtract))
            + listings * (200 + settings.maxTokens)
        return try? await chain[0].takeTurn(tokens: tokens)
    }

    /// Asks the first model of the chain about every listing in one request and reads each one's envelope by its
    /// id. Every listing gets a run, with its share of the request's tokens and cost (the shares add up to the
    /// request's), marked packed.
    public func extractPacked(_ items: [PackItem]) async -> [String: PackResult] {
        guard !items.isEmpty else { return [:] }
        let chatModel = chain[0]
        let messages = prompts.packedMessages(items)
        let maxTokens = min(settings.maxPackTokens, settings.maxTokens * items.count)
        let (run, reply) = await call(chatModel, messages, task: nil, strategy: "packed", maxTokens: maxTokens)
        var shared = run
        shared.delivery = .packed
        shared.packSize = items.count
        shared.requestRef = "pack-" + UUID().uuidString.lowercased()

        guard let reply else {
            let runs = Self.split(shared, among: items, envelopes: [:], replyBytes: 0)
            let reason = "the packed request failed (\(run.error ?? "no reply"))"
            return Dictionary(
                uniqueKeysWithValues: zip(items, runs).map { item, run in
                    var run = run
                    run.error = "Not read: \(reason); read again alone."
                    return (item.id, PackResult.alone(run, reason: reason))
                })
        }
        let split = PackedReply.split(reply.text)
        let asked = Set(items.map { PackedReply.key($0.id) })
        let unknown = Array(Set(split.written.filter { !asked.contains($0) })).sorted()
        let envelopes = Dictionary(
            uniqueKeysWithValues: items.map { ($0.id, split.envelopes[PackedReply.key($0.id)]) })
        let runs = Self.split(shared, among: items, envelopes: envelopes, replyBytes: reply.text.utf8.count)
        var results: [String: PackResult] = [:]
        for (item, var run) in zip(items, runs) {
            if !unknown.isEmpty {
                run.issues.append(
                    Issue(
                        field: nil, code: .formatDeviation,
                        message:
                            "The packed reply also answered ids it was not asked about (\(unknown.joined(separator: ", ")))."
                    ))
            }
            let key = PackedReply.key(item.id)
            guard let body = envelopes[item.id] ?? nil else {
                let reason =
                    split.conflicting.contains(key)
                    ? "the packed reply had two different envelopes for it"
                    : reply.finishReason == .length || split.truncated
                        ? "the packed reply was cut before its envelope was whole"
                        : "the packed reply had no envelope for it"
                run.rawReply = reply.text
                run.error = "Not read: \(reason); read again alone."
                results[item.id] = .alone(run, reason: reason)
                continue
            }
            results[item.id] = Self.read(body, for: item, run: run, from: "its envelope in the packed reply")
        }
        return results
    }

    /// One listing's answer read outside the chain (an envelope of a packed reply, a Batch API answer) as a single
    /// reply is read: parsed, normalised, validated and graded. What would make a single reply worth a re-ask (no
    /// envelope, a cut one, values that cannot be read) makes it worth reading alone instead. `source` names the
    /// answer in the run's error ("its envelope in the packed reply").
    static func read(_ body: String, for item: PackItem, run: ExtractionRun, from source: String) -> PackResult {
        ExtractionTracing.readReply { reading in read(body, for: item, run: run, from: source, reading: reading) }
    }

    private static func read(
        _ body: String, for item: PackItem, run: ExtractionRun, from source: String,
        reading: ExtractionTracing.ReplyReading
    ) -> PackResult {
        var run = run
        let assessment = KindClassifier.assess(item.text)
        let decision = assessment.decision
        let parsed = reading.parse(body)
        var listing = reading.interpret(
            parsed, listingText: item.text, pastedOn: item.pastedOn, fallbackKind: decision.kind)
        if listing.kind == .notListing && listing.fields[.reason] == nil {
            listing.fields[.reason] = .text(decision.reason)
        }
        run.rawReply = body
        run.kind = listing.kind
        run.writtenValues = listing.writtenValues
        run.issues += listing.issues
        reading.mark(
            &listing, text: item.text, pastedOn: item.pastedOn, readBy: .model, classification: decision,
            assessment: assessment)
        let problems = listing.issues.filter(\.isReplyProblem)
        guard parsed.hasEnvelope, !parsed.truncated, problems.isEmpty else {
            let reason =
                parsed.truncated || !parsed.hasEnvelope
                ? "\(source) was incomplete" : "\(source) had values that could not be read"
            run.error = "Not read: \(reason); read again alone."
            return .alone(run, reason: reason)
        }
        return .read(ExtractionOutcome(listing: listing, runs: [run], answeredBy: run.model))
    }

    /// The request's run, one per listing: the prompt tokens in proportion to each listing's text (the shared
    /// instructions evenly), the completion tokens to each envelope's length (what no envelope holds evenly), the
    /// cost as the tokens. Each share is a whole number and the shares add up to the request's.
    static func split(
        _ run: ExtractionRun, among items: [PackItem], envelopes: [String: String?], replyBytes: Int
    ) -> [ExtractionRun] {
        let count = Double(items.count)
        let own = items.map { Double(TokenUsage.estimate($0.text)) }
        let sharedPrompt = max(0, Double(run.promptTokens) - own.reduce(0, +))
        let prompt = apportion(run.promptTokens, weights: own.map { $0 + sharedPrompt / count })
        let bodies = items.map { Double((envelopes[$0.id] ?? nil)?.utf8.count ?? 0) }
        let unattributed = max(0, Double(replyBytes) - bodies.reduce(0, +))
        let completion = apportion(run.completionTokens, weights: bodies.map { $0 + unattributed / count })
        let total = Double(run.promptTokens + run.completionTokens)
        return items.indices.map { index in
            var share = run
            share.promptTokens = prompt[index]
            share.completionTokens = completion[index]
            share.costUSD = run.costUSD.map { cost in
                total > 0 ? cost * Double(prompt[index] + completion[index]) / total : cost / count
            }
            return share
        }
    }

    /// `total` in whole parts proportional to `weights` (largest remainders), adding up to `total` exactly.
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        guard !weights.isEmpty else { return [] }
        let sum = weights.reduce(0, +)
        let exact = weights.map { sum > 0 ? Double(total) * $0 / sum : Double(total) / Double(weights.count) }
        var parts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { exact[$0] - Double(parts[$0]) > exact[$1] - Double(parts[$1]) }
        for index in order.prefix(total - parts.reduce(0, +)) { parts[index] += 1 }
        return parts
    }
}
