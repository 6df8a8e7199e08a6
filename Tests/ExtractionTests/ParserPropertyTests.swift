import Extraction
import ListingCore
import PropertyBased
import Testing

/// The parser never crashes, hangs or throws on arbitrary input: built from reply-like fragments (tags, quotes,
/// entities, CDATA, Hangul, stray brackets) so that the odd corners are actually reached.
@Suite struct ParserPropertyTests {
    static let fragments = [
        "<", ">", "</", "/>", "<fields>", "</fields>", "<classification>", "</classification>", "real_estate",
        "<thinking>", "</thinking>", "<deposit", " evidence=\"", "\"", "'", "=", "<monthly_rent>", "</monthly_rent>",
        "<Monthly-Rent>", "&amp;", "&#50900;", "&", "&#x;", "<![CDATA[", "]]>", "<!--", "-->", "월세", "500/45", "1억 2천",
        "\n", " ", "```", "<reply>", "</answer>", "<floor>", "B1", "고층", "N/A", "<options>", "에어컨, tv", "\u{0}", "🏠",
        "<a b c d", "evidence=x", ">>>", "<<<", "</ fields >",
    ]

    @Test func arbitraryRepliesNeverCrashTheParser() async {
        let reply = Gen.element(of: Self.fragments).array(of: 0...60).map { parts in parts.compactMap { $0 }.joined() }
        await propertyCheck(count: 2_000, input: reply) { text in
            let parsed = ReplyParser.parse(text)
            let listing = ReplyInterpreter.interpret(
                parsed, listingText: "월세 500/45", pastedOn: LocalDate(year: 2026, month: 11, day: 20)!,
                fallbackKind: .realEstate)
            #expect(
                parsed.hasEnvelope || parsed.issues.contains { $0.code == .noEnvelope || $0.code == .truncatedReply })
            for (name, value) in listing.fields {
                #expect(ValueNormalizer.check(value, as: FieldSchema.spec(name, in: listing.kind)!) == nil, "\(name)")
            }
        }
    }

    @Test func arbitraryBytesNeverCrashTheParser() async {
        // Any scalar of the basic plane; surrogate code points (not scalars) become U+FFFD.
        let scalars = Gen.int(in: 0...0xFFFF).array(of: 0...200).map { codes in
            String(String.UnicodeScalarView(codes.map { Unicode.Scalar(UInt32($0)) ?? "\u{FFFD}" }))
        }
        await propertyCheck(count: 1_000, input: scalars) { text in
            _ = ReplyParser.parse(text)
            _ = ReplyParser.parse("<classification>real_estate</classification><fields><title>" + text)
        }
    }
}
