import Extraction
import ListingCore

/// The fields the offline reader's reply gives a text, read as the pipeline reads any reply.
func offlineFields(
    _ text: String, pastedOn day: LocalDate, fallbackKind: ListingKind = .realEstate
) -> [FieldName: FieldValue] {
    let reply = RuleExtractor.reply(for: text, pastedOn: day)
    return ReplyInterpreter.interpret(
        ReplyParser.parse(reply), listingText: text, pastedOn: day, fallbackKind: fallbackKind
    ).fields
}
