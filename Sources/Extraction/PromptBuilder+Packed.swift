import LLM
import ListingCore

/// Several listings in one request. The system prompt is the one-call prompt, byte for byte (so that providers'
/// prompt caching applies to packed and single requests alike); the user message holds each listing in its own
/// `<listing id="…" pasted_on="…">`, escaped as a single listing is, and asks for one envelope per listing tagged
/// with that id.
extension PromptBuilder {
    public func packedMessages(_ listings: [PackItem]) -> [ChatMessage] {
        [
            ChatMessage(.system, systemPrompt(.classifyAndExtract)),
            ChatMessage(.user, packedUserPrompt(listings)),
        ]
    }

    func packedUserPrompt(_ listings: [PackItem]) -> String {
        var prompt = """
            <step>\(Step.classifyAndExtract.tag)</step>
            <listings count="\(listings.count)">

            """
        for listing in listings {
            prompt +=
                "<listing id=\"\(ListingEscaping.escapeAttribute(listing.id))\" pasted_on=\"\(listing.pastedOn)\">\n"
            prompt += ListingEscaping.escape(listing.text)
            prompt += "\n</listing>\n"
        }
        prompt += """
            </listings>

            <output_format>
            These are \(listings.count) separate texts, each inside its own <listing>. Read each one on its own, as if \
            it were the only one: never carry a value from one listing to another, and resolve its relative dates \
            against its own pasted_on. Reply with one envelope per listing, each tagged with that listing's id, and \
            nothing else:
            <envelope id="the listing's id">
            <thinking>one or two sentences</thinking>
            <classification>real_estate | second_hand | not_listing</classification>
            <fields>
            <field_name evidence="the listing's own words">canonical value</field_name>
            </fields>
            </envelope>
            One element per stated field, named exactly as in the field list; integers for money; true/false; \
            YYYY-MM-DD dates; options comma-separated. For not_listing: <fields><reason>…</reason></fields>.
            </output_format>
            """
        return prompt
    }

    /// The listings of a packed user message, read back out by id (for a model that reads only the messages: the
    /// simulator's). Empty when the message is not a packed one.
    public static func packedListings(in prompt: String) -> [PackItem] {
        guard prompt.contains("<listings count=") else { return [] }
        var found: [PackItem] = []
        var rest = prompt[...]
        while let open = rest.range(of: "<listing id=\""),
            let idEnd = rest[open.upperBound...].firstIndex(of: "\""),
            let dateStart = rest[idEnd...].range(of: "pasted_on=\"")?.upperBound,
            let dateEnd = rest[dateStart...].firstIndex(of: "\""),
            let bodyStart = rest[dateEnd...].range(of: ">\n")?.upperBound,
            let close = rest[bodyStart...].range(of: "\n</listing>"),
            let pastedOn = LocalDate(iso: String(rest[dateStart..<dateEnd]))
        {
            found.append(
                PackItem(
                    id: ListingEscaping.unescape(String(rest[open.upperBound..<idEnd])),
                    text: ListingEscaping.unescape(String(rest[bodyStart..<close.lowerBound])), pastedOn: pastedOn))
            rest = rest[close.upperBound...]
        }
        return found
    }
}
