import LLM
import ListingCore

/// One listing of a packed request: its id (the listing's, which the reply's envelope must repeat) and its text.
public struct PackedListing: Sendable, Hashable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// Several listings in one request. The system prompt is the one-call prompt, byte for byte (so that providers'
/// prompt caching applies to packed and single requests alike); the user message holds each listing in its own
/// `<listing id="…">`, escaped as a single listing is, and asks for one envelope per listing tagged with that id.
extension PromptBuilder {
    public func packedMessages(_ listings: [PackedListing], pastedOn: LocalDate) -> [ChatMessage] {
        [
            ChatMessage(.system, systemPrompt(.classifyAndExtract)),
            ChatMessage(.user, packedUserPrompt(listings, pastedOn: pastedOn)),
        ]
    }

    func packedUserPrompt(_ listings: [PackedListing], pastedOn: LocalDate) -> String {
        var prompt = """
            <step>\(Step.classifyAndExtract.tag)</step>
            <pasted_on>\(pastedOn)</pasted_on>
            <listings count="\(listings.count)">

            """
        for listing in listings {
            prompt += "<listing id=\"\(ListingEscaping.escapeAttribute(listing.id))\">\n"
            prompt += ListingEscaping.escape(listing.text)
            prompt += "\n</listing>\n"
        }
        prompt += """
            </listings>

            <output_format>
            These are \(listings.count) separate texts, each inside its own <listing>. Read each one on its own, as if \
            it were the only one: never carry a value from one listing to another. Reply with one envelope per \
            listing, each tagged with that listing's id, and nothing else:
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
    public static func packedListings(in prompt: String) -> [PackedListing] {
        guard prompt.contains("<listings count=") else { return [] }
        var found: [PackedListing] = []
        var rest = prompt[...]
        while let open = rest.range(of: "<listing id=\"") {
            guard let quote = rest[open.upperBound...].firstIndex(of: "\""),
                let bodyStart = rest[quote...].range(of: ">\n")?.upperBound,
                let close = rest[bodyStart...].range(of: "\n</listing>")
            else { break }
            let id = ListingEscaping.unescape(String(rest[open.upperBound..<quote]))
            found.append(
                PackedListing(id: id, text: ListingEscaping.unescape(String(rest[bodyStart..<close.lowerBound]))))
            rest = rest[close.upperBound...]
        }
        return found
    }
}
