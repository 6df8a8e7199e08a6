import Foundation
import ListingCore

/// Values the rest of the text speaks against, whoever read them: a condition read as good beside a flaw the post
/// names, and a room count of a home of which one room is let.
extension ReviewMarks {
    /// A condition of `new`, `like_new` or `good` while the text names a flaw it does not deny (`소매에 얼룩이
    /// 있어요`, `small tear in the lining`; not `하자 없어요`, `no stains or tears`).
    static func flawDoubt(_ draft: ExtractedListing, text: String) -> [Issue] {
        guard draft.kind == .secondHand, let condition = draft.fields[.condition]?.textValue,
            ["new", "like_new", "good"].contains(condition), let flaw = undeniedFlaw(in: text)
        else { return [] }
        return [
            Issue(
                field: .condition, code: .inferred,
                message: "\(condition) while the text also names a flaw (“\(flaw)”): check it.")
        ]
    }

    /// The first flaw the text names and does not deny, in its own words.
    static func undeniedFlaw(in text: String) -> String? {
        for match in flawPattern.matches(in: text) {
            let before = text[..<match.range.lowerBound].suffix(24)
            let after = text[match.range.upperBound...].prefix(10)
            if RuleExtractor.first(String(before), flawDeniedBefore) != nil
                || RuleExtractor.first(String(after), flawDeniedAfter) != nil
            {
                continue
            }
            return String(text[match.range])
        }
        return nil
    }

    static let flawPattern = RuleExtractor.regex(
        #"얼룩|이염|오염|하자|찢어|찢김|구멍|스크래치|흠집|기스|찍힘|파손|변색|보풀|까짐|\bstain(?:s|ed)?\b|\bscratch(?:es|ed)?\b|\bdent(?:s|ed)?\b|\bcrack(?:s|ed)?\b|\btears?\b|\brip(?:s|ped)?\b|\bscuff(?:s|ed)?\b|\bdamage[ds]?\b|\bbroken\b|\bflaws?\b|\bdefects?\b"#
    )
    /// `no stains or tears`, `without a scratch`, `free of damage`, `wear and tear`.
    static let flawDeniedBefore = RuleExtractor.regex(
        #"(?:\bno|\bwithout|\bnot any|\bfree of|\bzero|\bnever|\bwear and)\b[^.,;\n]{0,16}$"#)
    /// `하자 없어요`, `기스 거의 없음`, `얼룩x`, `scratch-free`.
    static let flawDeniedAfter = RuleExtractor.regex(#"^[^.,;\n]{0,8}?(?:없|x(?![a-z])|×|-free\b|\bfree\b)"#)

    /// A room count above one where the text lets one room of a larger home (`furnished room in a 4BR house`,
    /// `private room in our 3 bedroom apartment`, `방 한 칸 셰어`): the count is the home's, not the listing's.
    static func sharedHomeDoubt(_ draft: ExtractedListing, text: String) -> [Issue] {
        guard draft.kind == .realEstate, case .integer(let rooms)? = draft.fields[.rooms], rooms > 1,
            let words = RuleExtractor.first(text, oneRoomOfAHome)?.evidence
        else { return [] }
        return [
            Issue(
                field: .rooms, code: .inferred,
                message: "The text may let one room of a larger home (“\(words)”): \(rooms) may count the home's rooms."
            )
        ]
    }

    /// The unit sizes said in words, each with the size it counts as (a studio apart from a one-bedroom).
    private static let namedUnitSizes: [(word: String, size: String)] = [
        ("studio", "1s"), ("원룸", "1s"), ("투룸", "2"), ("쓰리룸", "3"),
    ]

    /// A room count where the text offers three or more unit sizes (`Studio … 1BR … 2BR`, `원룸/투룸/쓰리룸`): a
    /// building's or a complex's post, and one count is one of its units, not the listing's.
    static func unitMixDoubt(_ draft: ExtractedListing, text: String) -> [Issue] {
        guard draft.kind == .realEstate, case .integer(let rooms)? = draft.fields[.rooms] else { return [] }
        var sizes: Set<String> = []
        for match in unitSize.matches(in: text) {
            let words = text[match.range].lowercased()
            let named = namedUnitSizes.first { words.hasPrefix($0.word) }?.size
            sizes.insert(named ?? String(words.prefix { $0.isNumber }))
            if sizes.count >= 3 { break }
        }
        guard sizes.count >= 3 else { return [] }
        return [
            Issue(
                field: .rooms, code: .inferred,
                message: "The text offers units of several sizes: \(rooms) is one of them, maybe not this listing's.")
        ]
    }

    static let unitSize = RuleExtractor.regex(
        #"(?i)\bstudio\b|\b\d\s*-?\s*(?:br|bd|bed(?:room)?s?)\b|원룸|투룸|쓰리룸"#
    )

    static let oneRoomOfAHome = RuleExtractor.regex(
        #"\broom\b[^.\n]{0,24}?\bin (?:a|an|our|my|the|this)\b[^.\n]{0,16}?\b(?:\d|one|two|three|four|five)\s*-?\s*(?:br|bd|bed(?:room)?s?)\b|방\s*(?:한|1)\s*칸|셰어\s*(?:하우스|합니다|해요)?|쉐어\s*(?:하우스|합니다|해요)?|룸\s*메이트|하우스\s*메이트|\broom ?mates?\b|\bhouse ?mates?\b|\bshared (?:house|home|apartment|flat)\b"#
    )
}
