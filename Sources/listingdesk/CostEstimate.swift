import Evaluation
import Extraction
import Foundation
import LLM
import ListingCore

/// `listingdesk eval --replies FILE --cost`: what reading a million listings like these costs at a mini-class
/// model's list prices, one listing a request, packed, and through the Batch API. The prompts are the ones the app
/// sends (`PromptBuilder`), the completions the stored real replies; tokens are counted by the app's estimate
/// (`TokenUsage.estimate`, the one a run without a provider's count stores), so the figures are as good as it is.
enum CostEstimate {
    struct Price {
        var model: String
        /// US dollars per million input tokens, per million cached input tokens, per million output tokens.
        var input: Double
        var cachedInput: Double
        var output: Double
    }

    /// List prices per million tokens (OpenAI's pricing page, 2025).
    static let prices = [
        Price(model: "gpt-4o-mini", input: 0.15, cachedInput: 0.075, output: 0.60),
        Price(model: "gpt-4.1-mini", input: 0.40, cachedInput: 0.10, output: 1.60),
        Price(model: "gpt-5-mini", input: 0.25, cachedInput: 0.025, output: 2.00),
    ]

    /// A chat message's framing (role and separators), as providers count it.
    static let messageOverhead = 4

    struct Tokens {
        var system = 0
        var user = 0
        var output = 0
        var listings = 0

        /// Dollars per million listings: the system part cached (a prefix the provider has seen) or not, and the
        /// Batch API at half the price (caching aside).
        func perMillion(_ price: Price, cached: Bool, batch: Bool) -> Double {
            let systemPrice = cached ? price.cachedInput : price.input
            let dollars =
                (Double(system) * systemPrice + Double(user) * price.input + Double(output) * price.output)
                / 1_000_000
            return dollars / Double(max(1, listings)) * 1_000_000 * (batch ? 0.5 : 1)
        }
    }

    static func report(_ listings: [DevListing], replies: [String: String], packSize: Int = 5) -> String {
        let builder = PromptBuilder()
        let items = listings.filter { replies[$0.id] != nil }
        var single = Tokens()
        var packed = Tokens()
        for item in items {
            let messages = builder.messages(listing: item.text, pastedOn: item.pastedOn)
            for message in messages {
                let count = TokenUsage.estimate(message.content) + messageOverhead
                if message.role == .system { single.system += count } else { single.user += count }
            }
            single.output += TokenUsage.estimate(replies[item.id] ?? "")
            single.listings += 1
        }
        for start in stride(from: 0, to: items.count, by: packSize) {
            let pack = items[start..<min(start + packSize, items.count)]
            let messages = builder.packedMessages(
                pack.map { PackItem(id: $0.id, text: $0.text, pastedOn: $0.pastedOn) })
            for message in messages {
                let count = TokenUsage.estimate(message.content) + messageOverhead
                if message.role == .system { packed.system += count } else { packed.user += count }
            }
            for item in pack {
                // Each reply inside its `<envelope id="…">`.
                packed.output += TokenUsage.estimate(
                    "<envelope id=\"\(item.id)\">\n\(replies[item.id] ?? "")\n</envelope>\n")
            }
            packed.listings += pack.count
        }
        var lines = [
            "cost per 1,000,000 listings (\(items.count) listings with replies; tokens by the app's estimate):",
            String(
                format: "  one a request: %d input (%d system) + %d output tokens a listing",
                (single.system + single.user) / max(1, single.listings), single.system / max(1, single.listings),
                single.output / max(1, single.listings)),
            String(
                format: "  packed %d:      %d input (%d system) + %d output tokens a listing", packSize,
                (packed.system + packed.user) / max(1, packed.listings), packed.system / max(1, packed.listings),
                packed.output / max(1, packed.listings)),
            "  model          one/request  one, cached  packed  packed, cached  Batch API  Batch API packed",
        ]
        for price in prices {
            let cells = [
                single.perMillion(price, cached: false, batch: false),
                single.perMillion(price, cached: true, batch: false),
                packed.perMillion(price, cached: false, batch: false),
                packed.perMillion(price, cached: true, batch: false),
                single.perMillion(price, cached: false, batch: true),
                packed.perMillion(price, cached: false, batch: true),
            ].map { String(format: "$%.0f", $0) }
            lines.append(
                "  " + price.model.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + cells.map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
