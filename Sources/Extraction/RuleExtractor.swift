import Foundation
import ListingCore
import Synchronization

/// Rule-based reading of a listing into REPLY.md fields, with the listing's own words as evidence.
/// Korean and English; real estate and second-hand goods.
public enum RuleExtractor {
    /// The full envelope for a listing.
    /// Answers a step of the prompt: classify only, extract a given kind, or both.
    public static func reply(for text: String, pastedOn: LocalDate, step: PromptBuilder.Step = .classifyAndExtract) -> String {
        let decision = KindClassifier.classify(text)
        var kind = decision.kind
        switch step {
        case .classify:
            return ReplyWriter.write(thinking: decision.reason, kind: kind, fields: nil)
        case .extract(let given):
            kind = given
        case .classifyAndExtract:
            break
        }
        let folded = TextNormalization.fold(text, keepLines: true)
        let fields: [ReplyWriter.Field]
        switch kind {
        case .realEstate: fields = realEstateFields(folded, pastedOn: pastedOn)
        case .secondHand: fields = secondHandFields(folded)
        case .notListing: fields = [ReplyWriter.Field("reason", decision.kind == .notListing ? decision.reason : "Judged not to be a listing.")]
        }
        return ReplyWriter.write(thinking: decision.reason, kind: kind, fields: fields)
    }

    // MARK: Shared helpers

    /// The first line that has letters in it, cut to 80 characters, without decoration.
    static func title(_ text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let cleaned = String(line.unicodeScalars.filter { scalar in
                !(scalar.properties.isEmojiPresentation || (scalar.properties.isEmoji && scalar.value > 0x2000))
                    && !"【】■□★☆◆◇●○✔✅📢📍".unicodeScalars.contains(scalar)
            }.map(Character.init)).trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "-=━~*#|")))
            guard cleaned.contains(where: \.isLetter) else { continue }
            return cleaned.count > 80 ? String(cleaned.prefix(80)).trimmingCharacters(in: .whitespaces) : cleaned
        }
        return nil
    }

    /// The first match of a pattern, with the whole match as evidence.
    static func first(_ text: String, _ pattern: Regex<AnyRegexOutput>) -> (match: Regex<AnyRegexOutput>.Match, evidence: String)? {
        guard let match = try? pattern.firstMatch(in: text) else { return nil }
        return (match, String(text[match.range]).trimmingCharacters(in: .whitespaces))
    }

    /// Compiled once per pattern. Patterns are constants of these files; a bad one is a programming error that the
    /// golden tests over the dev set catch at once.
    static func regex(_ pattern: String) -> Regex<AnyRegexOutput> {
        if let cached = regexCache.withLock({ $0[pattern] }) { return cached.regex }
        let compiled = RegexBox(regex: try! Regex(pattern).ignoresCase())
        regexCache.withLock { $0[pattern] = compiled }
        return compiled.regex
    }

    private static let regexCache = Mutex<[String: RegexBox]>([:])

    /// A compiled regex is immutable once built; matching with it from several tasks is safe.
    final class RegexBox: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
        init(regex: Regex<AnyRegexOutput>) { self.regex = regex }
    }

    static func capture(_ match: Regex<AnyRegexOutput>.Match, _ index: Int) -> String? {
        guard index < match.output.count, let substring = match.output[index].substring else { return nil }
        return String(substring)
    }

    /// Which words of a vocabulary the text uses, in the text's order, with the words as evidence.
    static func vocabulary(_ text: String, _ words: [(String, String)]) -> [(value: String, word: String)] {
        let lower = text.lowercased()
        var found: [(value: String, word: String, position: String.Index)] = []
        for (word, value) in words {
            guard let range = lower.range(of: word.lowercased()) else { continue }
            if found.contains(where: { $0.value == value }) { continue }
            found.append((value, String(text[range]), range.lowerBound))
        }
        return found.sorted { $0.position < $1.position }.map { ($0.value, $0.word) }
    }

    static func money(_ figure: String, bareUnit: Int) -> Int? {
        // A figure ending a clause (`500/45,`) carries the comma or full stop that follows it.
        let trimmed = figure.trimmingCharacters(in: CharacterSet(charactersIn: ",. "))
        return MoneyParser.parse(trimmed, bareUnit: bareUnit)?.amount
    }
}
