import Extraction
import Foundation
import ListingCore
import Storage

/// Published listings as chat-format fine-tuning examples (`{"messages": [system, user, assistant]}`): the prompt
/// the app sends for the listing, and as the answer the reply envelope rebuilt from the values a person confirmed,
/// with the listing's own words as evidence where the value is the extracted one. Parsing the answer back gives
/// the confirmed values exactly (a test holds this).
public enum FineTuneExport {
    /// The JSON line of one listing.
    public static func line(_ listing: Listing, prompts: PromptBuilder = PromptBuilder()) throws -> String {
        let messages = prompts.messages(listing: listing.sourceText, pastedOn: listing.pastedOn)
        let object: [String: Any] = [
            "messages": [
                ["role": "system", "content": messages[0].content],
                ["role": "user", "content": messages[1].content],
                ["role": "assistant", "content": reply(for: listing)],
            ]
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The envelope a perfect model would have written for the listing as the person left it.
    public static func reply(for listing: Listing) -> String {
        let fields = FieldSchema.fields(for: listing.kind).compactMap { spec -> ReplyWriter.Field? in
            guard let value = listing.fields[spec.name] else { return nil }
            // Evidence only where it still backs the value: a corrected value's old words would teach a mistake.
            let evidence = listing.correctedFields.contains(spec.name) ? nil : listing.evidence[spec.name]
            return ReplyWriter.Field(spec.name, value.canonicalString(), evidence: evidence)
        }
        let thinking =
            switch listing.kind {
            case .realEstate: "A home or space offered for sale or rent; each value below is stated in the listing."
            case .secondHand: "An item offered for sale; each value below is stated in the listing."
            case .notListing: "Not a listing."
            }
        return ReplyWriter.write(thinking: thinking, kind: listing.kind, fields: fields)
    }

    /// Whether a listing belongs to the held-out share (`0.1`: about one in ten), by a hash of its id: the same
    /// listing always falls on the same side, whatever else is exported.
    public static func isHeldOut(_ id: Int64, share: Double) -> Bool {
        guard share > 0 else { return false }
        return Double(StableHash.fnv1a(String(id)) % 10_000) < share * 10_000
    }
}
