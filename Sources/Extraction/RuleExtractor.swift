import Foundation
import ListingCore
import Synchronization

/// Rule-based reading of a listing into docs/REPLY.md fields, with the listing's own words as evidence.
/// Korean and English; real estate and second-hand goods.
public enum RuleExtractor {
    /// The docs/REPLY.md envelope for a step: classify only, extract a given kind, or both. `classification` is the
    /// keyword classifier's reading when the caller has made it already.
    public static func reply(
        for text: String, pastedOn: LocalDate, step: ExtractionTask.Step = .classifyAndExtract,
        classification: Classification? = nil
    ) -> String {
        let decision = classification ?? KindClassifier.classify(text)
        let text = CafeBoilerplate.removed(from: text)
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
        case .notListing:
            fields = [
                ReplyWriter.Field(
                    .reason, decision.kind == .notListing ? decision.reason : "Judged not to be a listing.")
            ]
        }
        return ReplyWriter.write(thinking: decision.reason, kind: kind, fields: fields)
    }

    // MARK: Shared helpers

    /// The fields found so far, in order; the first value found for a field is the one kept.
    struct FieldCollector {
        private(set) var fields: [ReplyWriter.Field] = []
        private var names = Set<FieldName>()

        mutating func add(_ name: FieldName, _ value: String, _ evidence: String?) {
            guard names.insert(name).inserted else { return }
            fields.append(ReplyWriter.Field(name, value, evidence: evidence))
        }

        func has(_ name: FieldName) -> Bool { names.contains(name) }

        func evidence(of name: FieldName) -> String? { fields.first { $0.name == name }?.evidence }
    }

    /// What holds emoji together and means nothing once they are gone: the zero-width joiner, variation selectors,
    /// the keycap mark and tag characters (flag sequences).
    static let emojiGlue: Set<UInt32> = Set([0x200D, 0xFE0E, 0xFE0F, 0x20E3]).union(0xE0020...0xE007F)

    /// Emoji, their glue, and the boxes and stars posts frame a title with. Letters below U+2000 and Hangul
    /// syllables, most of a title, are none of these and are told so without looking up their properties.
    static func isDecoration(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x2000 || (0xAC00...0xD7A3).contains(scalar.value) { return false }
        return scalar.properties.isEmojiPresentation || scalar.properties.isEmoji || emojiGlue.contains(scalar.value)
            || titleDecorations.contains(scalar)
    }

    /// What a title is trimmed of at both ends: spaces and the rules drawn around it.
    static func isTitleTrim(_ scalar: Unicode.Scalar) -> Bool {
        TextEditing.isHorizontalSpace(scalar) || "-=━~*#|".unicodeScalars.contains(scalar)
    }

    static let titleDecorations = Set("【】■□★☆◆◇●○✔✅📢📍".unicodeScalars)

    /// The first line that has letters in it, cut to 80 characters, without decoration.
    static func title(_ text: String) -> String? {
        // Line by line from the top, no further than the title's line (most of a listing is never split).
        var rest = text[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
            let line = rest[..<end]
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            // Most lines have no decoration: only those are rebuilt without it.
            let undecorated =
                line.unicodeScalars.contains(where: isDecoration)
                ? String(String.UnicodeScalarView(line.unicodeScalars.filter { !isDecoration($0) })) : String(line)
            let cleaned = TextEditing.trimming(undecorated, where: isTitleTrim)
            guard cleaned.contains(where: \.isLetter) else { continue }
            // Removed emoji leave their spaces behind: one space between words.
            let words = cleaned.split(whereSeparator: { $0 == " " }).joined(separator: " ")
            return shortened(words)
        }
        return nil
    }

    /// A title line within the title's 80 code points: cut after its last whole word when one ends in the second
    /// half (`… minor scratches.`, not `… minor scratches. $`), else where the limit falls.
    static func shortened(_ line: String) -> String {
        let cut = TextNormalization.prefix(line, codePoints: 80)
        guard cut.utf8.count < line.utf8.count,
            line.utf8[line.utf8.index(line.startIndex, offsetBy: cut.utf8.count)] != 0x20,
            let space = cut.lastIndex(of: " "), cut.unicodeScalars[..<space].count >= 40
        else { return TextEditing.trimmingSpaces(cut) }
        return TextEditing.trimming(cut[..<space]) { scalar in
            TextEditing.isHorizontalSpace(scalar) || ",;:-–—/(+&$₩".unicodeScalars.contains(scalar)
        }
    }

    /// The first match of a pattern, with the whole match as evidence.
    static func first(_ text: String, _ pattern: Pattern) -> (match: RuleMatch, evidence: String)? {
        guard let match = pattern.firstMatch(in: text) else { return nil }
        return (match, TextEditing.trimmingSpaces(text[match.range]))
    }

    /// Compiled once per pattern. Patterns are constants of these files; a bad one is a programming error that the
    /// golden tests over the dev set catch at once.
    static func regex(_ pattern: String, caseSensitive: Bool = false) -> Pattern {
        let key = PatternKey(pattern: pattern, caseSensitive: caseSensitive)
        if let cached = regexCache.withLock({ $0[key] }) { return cached }
        let compiled = Pattern(pattern, caseSensitive: caseSensitive)
        regexCache.withLock { $0[key] = compiled }
        return compiled
    }

    static let regexCache = Mutex<[PatternKey: Pattern]>([:])

    /// A pattern's text as the cache's key, hashed and compared as UTF-8 bytes: a `String` key is hashed by its
    /// normalised form, which for a Korean pattern costs more than the lookup saves (every rule asks for its
    /// pattern on every listing).
    struct PatternKey: Hashable {
        let pattern: String
        let caseSensitive: Bool

        /// The length and the first and last 32 bytes: patterns differ there, and the rest (up to 600 bytes) is
        /// left to the comparison.
        func hash(into hasher: inout Hasher) {
            var text = pattern
            text.withUTF8 { bytes in
                hasher.combine(bytes.count)
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(32))))
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(32))))
            }
            hasher.combine(caseSensitive)
        }

        /// The bytes compared at once (every rule looks its pattern up on every listing).
        static func == (left: PatternKey, right: PatternKey) -> Bool {
            left.caseSensitive == right.caseSensitive && TextNormalization.sameBytes(left.pattern, right.pattern)
        }
    }

    /// The lower-cased text of the listing being read: every pattern's prefilter needs it, so it is made once,
    /// for the last few texts: one paste's reading asks in turn for its text, the text without a marketplace's
    /// lines and a line of it (a single entry thrashed between them), and pastes read at once share it.
    enum LowercaseCache {
        private static let recent = RecentTexts<String>(size: 8)

        static func lowercased(_ text: String) -> String {
            recent.value(for: text) { TextEditing.lowercased($0) }
        }
    }

    /// A match: its range in the text and its capture groups' (nil for a group that did not take part).
    struct RuleMatch {
        let text: String
        let range: Range<String.Index>
        let captures: [Range<String.Index>?]
    }

    /// A compiled pattern (ICU, through NSRegularExpression: many times faster than Swift's Regex on these
    /// patterns), and the literals one of which any match must start with, when the pattern opens with them, so
    /// that a byte search can rule it out before the regex engine runs.
    final class Pattern: @unchecked Sendable {
        // NSRegularExpression is immutable and documented as safe to share between threads.
        let expression: NSRegularExpression
        /// `expression` in a form that finds its first match faster (`lookbehindForm`), when there is one.
        let lookbehind: NSRegularExpression?
        /// Words one of which every match holds, lower-cased, looked for in the lower-cased text.
        let anchors: [String]
        /// The same, as written, looked for in the text as it is: for a case-sensitive pattern whose words have
        /// letters with case (`Austin, TX`: the states' codes).
        let casedAnchors: [String]
        /// The pattern's top-level alternatives compiled apart, with the number of groups before each, when it has
        /// more than one (`branches`); else empty.
        let branches: [(pattern: Pattern, groupsBefore: Int)]

        init(_ pattern: String, caseSensitive: Bool = false) {
            // Case folding costs ICU dearly at every position it tries; a pattern with no letter that has a case
            // (Korean, digits, signs) matches the same without it.
            let folds = !caseSensitive && Self.hasCasedLetters(pattern)
            expression = try! NSRegularExpression(pattern: pattern, options: folds ? [.caseInsensitive] : [])
            lookbehind = Self.lookbehindForm(pattern, options: expression.options)
            // The anchors are looked for in the lower-cased text; a case-sensitive pattern's words with a letter
            // with case, in the text as written.
            let found = Self.anchors(pattern)
            let cased = caseSensitive && found.contains(where: Self.hasCasedLetters)
            anchors = cased ? [] : found.map { TextEditing.lowercased($0) }
            casedAnchors = cased ? found : []
            branches = Self.branches(pattern, caseSensitive: caseSensitive)
        }

        /// `a|b|c` as three patterns, each with its own words to rule it out and its own case folding: the first
        /// match of the whole is the leftmost of theirs, the earlier alternative where two start together, as ICU
        /// tries the alternatives in turn at each position. So a listing runs only the alternatives whose words it
        /// has (`주차…없|no parking|street parking only` runs its Korean part alone on a Korean listing, and
        /// `거의\s*새` of `거의\s*새|…|like new` without case folding).
        /// None for a pattern with one alternative, a back-reference, a quoted run (`\Q…\E`) or an inline option,
        /// whose alternatives do not stand alone, or one an alternative of which ICU does not take alone (never a
        /// crash for a split).
        static func branches(_ pattern: String, caseSensitive: Bool) -> [(pattern: Pattern, groupsBefore: Int)] {
            let alternatives = topLevelAlternatives(pattern)
            guard alternatives.count > 1,
                pattern.range(of: #"\\[1-9kQ]|\(\?[imsxwu-]"#, options: .regularExpression) == nil,
                alternatives.allSatisfy({ (try? NSRegularExpression(pattern: $0)) != nil })
            else { return [] }
            var branches: [(pattern: Pattern, groupsBefore: Int)] = []
            var groups = 0
            for alternative in alternatives {
                let branch = Pattern(alternative, caseSensitive: caseSensitive)
                branches.append((branch, groups))
                groups += branch.expression.numberOfCaptureGroups
            }
            return branches
        }

        /// Whether the pattern has a letter that case-insensitive matching would fold: an ASCII letter or any
        /// letter outside Hangul, escapes (`\d`, `\s`, `\b`, `\n`, `\p{…}`) aside.
        static func hasCasedLetters(_ pattern: String) -> Bool {
            var scalars = pattern.unicodeScalars.makeIterator()
            while let scalar = scalars.next() {
                if scalar == "\\" {
                    guard let escaped = scalars.next() else { return false }
                    // `\p{…}` and `\P{…}` name a property: letters, but no literal to fold. Others are one letter.
                    if escaped == "p" || escaped == "P" {
                        while let inner = scalars.next(), inner != "}" {}
                    }
                    continue
                }
                if scalar.isASCII {
                    if scalar.properties.isAlphabetic { return true }
                } else if scalar.properties.changesWhenCaseFolded {
                    return true
                }
            }
            return false
        }

        /// Words one of which every match contains: for each top-level alternative, its leading words, else the
        /// literal it requires, else the words that open each branch of a group it requires; none when an
        /// alternative has none of these (then the pattern always runs).
        static func anchors(_ pattern: String) -> [String] {
            var found: [String] = []
            for alternative in topLevelAlternatives(pattern) {
                let leading = leadingLiterals(alternative)
                if !leading.isEmpty {
                    found += leading
                } else if let literal = requiredLiteral(alternative) {
                    found.append(literal)
                } else if let words = requiredGroupWords(alternative) {
                    found += words
                } else {
                    return []
                }
            }
            return found
        }

        /// The pattern split at its top-level `|` (outside groups and classes).
        static func topLevelAlternatives(_ pattern: String) -> [String] {
            var alternatives: [String] = []
            var current = ""
            var depth = 0
            var inClass = false
            var escaped = false
            for character in pattern {
                if escaped {
                    escaped = false
                    current.append(character)
                    continue
                }
                switch character {
                case "\\": escaped = true
                case "[": inClass = true
                case "]": inClass = false
                case "(" where !inClass: depth += 1
                case ")" where !inClass: depth -= 1
                case "|" where depth == 0 && !inClass:
                    alternatives.append(current)
                    current = ""
                    continue
                default: break
                }
                current.append(character)
            }
            alternatives.append(current)
            return alternatives
        }

        func mightMatch(_ text: String) -> Bool {
            if !casedAnchors.isEmpty {
                let pairs = BytePairs.of(text)
                return casedAnchors.contains { pairs.mayContain($0) && TextNormalization.contains(text, $0) }
            }
            guard !anchors.isEmpty else { return true }
            let lower = LowercaseCache.lowercased(text)
            let pairs = BytePairs.of(lower)
            return anchors.contains { pairs.mayContain($0) && TextNormalization.contains(lower, $0) }
        }

        /// The first match; nil at once, without ICU, when the text has none of the pattern's words.
        func firstMatch(in text: String) -> RuleMatch? {
            guard mightMatch(text) else { return nil }
            guard branches.isEmpty else { return firstBranchMatch(in: text) }
            let whole = NSRange(text.startIndex..., in: text)
            guard let lookbehind else {
                guard let result = expression.firstMatch(in: text, range: whole) else { return nil }
                return Self.match(result, in: text)
            }
            // The same first match as `expression`'s: the rest of the pattern where the character before is not in
            // the class, the match then taking that character in as `(?:^|[^…])` does.
            guard let result = lookbehind.firstMatch(in: text, range: whole),
                var match = Self.match(result, in: text)
            else { return nil }
            if match.range.lowerBound > text.startIndex {
                let start = text.unicodeScalars.index(before: match.range.lowerBound)
                match = RuleMatch(
                    text: text, range: start..<match.range.upperBound,
                    captures: [start..<match.range.upperBound] + match.captures.dropFirst())
            }
            return match
        }

        /// The leftmost of the branches' first matches (the earliest branch's where two start together), its
        /// groups numbered as in the whole pattern.
        private func firstBranchMatch(in text: String) -> RuleMatch? {
            var best: (match: RuleMatch, groupsBefore: Int)?
            for branch in branches {
                guard let match = branch.pattern.firstMatch(in: text) else { continue }
                if let found = best, found.match.range.lowerBound <= match.range.lowerBound { continue }
                best = (match, branch.groupsBefore)
            }
            guard let (match, groupsBefore) = best else { return nil }
            var captures = [Range<String.Index>?](repeating: nil, count: expression.numberOfCaptureGroups + 1)
            for (index, capture) in match.captures.enumerated() {
                captures[index == 0 ? 0 : groupsBefore + index] = capture
            }
            return RuleMatch(text: text, range: match.range, captures: captures)
        }

        /// For a pattern that opens with `(?:^|[^…])` (a number not preceded by a digit, say), the same pattern
        /// opening with the lookbehind `(?<![…])` instead: ICU then starts only where the rest of the pattern can
        /// (a digit, say), rather than trying every position of the text. Nil for any other pattern.
        static func lookbehindForm(_ pattern: String, options: NSRegularExpression.Options) -> NSRegularExpression? {
            let opening = "(?:^|[^"
            guard pattern.hasPrefix(opening) else { return nil }
            let rest = pattern.dropFirst(opening.count)
            guard let close = rest.range(of: "])") else { return nil }
            let excluded = rest[..<close.lowerBound]
            guard !excluded.isEmpty, !excluded.contains("["), !excluded.contains("]"), !excluded.hasSuffix("\\")
            else { return nil }
            return try? NSRegularExpression(
                pattern: "(?<![" + excluded + "])" + rest[close.upperBound...], options: options)
        }

        func matches(in text: String) -> [RuleMatch] {
            guard mightMatch(text) else { return [] }
            return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Self.match($0, in: text)
            }
        }

        static func match(_ result: NSTextCheckingResult, in text: String) -> RuleMatch? {
            guard let range = Range(result.range, in: text) else { return nil }
            let captures = (0..<result.numberOfRanges).map { index -> Range<String.Index>? in
                let nsRange = result.range(at: index)
                return nsRange.location == NSNotFound ? nil : Range(nsRange, in: text)
            }
            return RuleMatch(text: text, range: range, captures: captures)
        }

        /// The longest run of plain characters that every match contains: outside any group or class, not made
        /// optional by a quantifier, in a pattern with no alternation at the top (`(\d+)\s*층` → 층). Without it
        /// ICU ran every pattern over every listing, most of the offline extractor's time (docs/PERFORMANCE.md).
        static func requiredLiteral(_ pattern: String) -> String? {
            let characters = Array(pattern)
            var depth = 0
            var inClass = false
            var best = ""
            var run = ""
            func endRun(quantified: Bool) {
                if quantified && !run.isEmpty { run.removeLast() }
                if run.count > best.count { best = run }
                run = ""
            }
            var index = 0
            while index < characters.count {
                let character = characters[index]
                if inClass {
                    if character == "\\" { index += 1 } else if character == "]" { inClass = false }
                    index += 1
                    continue
                }
                switch character {
                case "\\":
                    endRun(quantified: false)
                    index += 1
                case "[":
                    endRun(quantified: false)
                    inClass = true
                case "(":
                    endRun(quantified: false)
                    depth += 1
                case ")":
                    endRun(quantified: false)
                    depth -= 1
                case "|":
                    if depth == 0 { return nil }
                    endRun(quantified: false)
                case "?", "*", "+", "{":
                    endRun(quantified: true)
                    if character == "{" {
                        while index < characters.count && characters[index] != "}" { index += 1 }
                    }
                case ".", "^", "$":
                    endRun(quantified: false)
                default:
                    if depth == 0 { run.append(character) } else { endRun(quantified: false) }
                }
                index += 1
            }
            endRun(quantified: false)
            let literal = best.trimmingCharacters(in: .whitespaces)
            return literal.isEmpty ? nil : literal
        }

        /// The words one of which every match contains through a group the pattern requires: a group at the top
        /// level (`(…)` or `(?:…)`, not a lookaround, not made optional by `?`, `*` or `{0,…}`) each of whose
        /// branches opens with a plain word (`\d\s?(?:br|bd|bed)s?\b` → br, bd, bed; `[가-힣]{1,5}(?:동|읍)` → 동, 읍).
        /// The first such group; nil when there is none. A word that holds another of the list is left out: a text
        /// without `bd` has no `bdr` either.
        static func requiredGroupWords(_ pattern: String) -> [String]? {
            let characters = Array(pattern)
            var index = 0
            var depth = 0
            var inClass = false
            var groupStart: Int?
            while index < characters.count {
                let character = characters[index]
                if character == "\\" {
                    index += 2
                    continue
                }
                if inClass {
                    if character == "]" { inClass = false }
                    index += 1
                    continue
                }
                switch character {
                case "[": inClass = true
                case "(":
                    if depth == 0 { groupStart = index }
                    depth += 1
                case ")":
                    depth -= 1
                    if depth == 0, let start = groupStart,
                        let words = groupWords(characters[start...index], then: characters[(index + 1)...])
                    {
                        return words
                    }
                default: break
                }
                index += 1
            }
            return nil
        }

        /// The opening words of a group's branches, when the group is required and every branch opens with one; for
        /// a group of one branch, first the words of a group it requires.
        private static func groupWords(_ group: ArraySlice<Character>, then rest: ArraySlice<Character>) -> [String]? {
            let text = String(group)
            let body: Substring
            if text.hasPrefix("(?:") {
                body = text.dropFirst(3).dropLast()
            } else if text.hasPrefix("(?") {
                return nil  // a lookaround, a flag or a named group
            } else {
                body = text.dropFirst().dropLast()
            }
            if let next = rest.first, next == "?" || next == "*" { return nil }
            if rest.first == "{", rest.dropFirst().first == "0" { return nil }
            let branches = topLevelAlternatives(String(body))
            // A required group of one branch: a group it requires in turn (`([A-Z][a-z]+,?\s+(?:CA|NY))`).
            if branches.count == 1, let inner = requiredGroupWords(String(body)) { return inner }
            let special = Set("\\()[]{}.*+?^$| ")
            var words: [String] = []
            for branch in branches {
                var word = branch.prefix { !special.contains($0) }
                // A letter made optional by the quantifier after it is not part of the word.
                if let next = branch.dropFirst(word.count).first, next == "?" || next == "*" || next == "{" {
                    word = word.dropLast()
                }
                guard !word.isEmpty else { return nil }
                words.append(String(word))
            }
            let distinct = Set(words)
            return distinct.filter { word in !distinct.contains { $0 != word && word.contains($0) } }.sorted()
        }

        /// `(?:월세|보증금)…` → [월세, 보증금]; `관리비…` → [관리비]; anything else → none (no filtering).
        static func leadingLiterals(_ pattern: String) -> [String] {
            let special = Set("\\()[]{}.*+?^$|")
            // An alternation at the top level (`a…|b…`) has more than one start: no anchors then.
            guard topLevelAlternatives(pattern).count == 1 else { return [] }
            if pattern.hasPrefix("(?:") {
                guard let close = pattern.firstIndex(of: ")") else { return [] }
                let body = pattern[pattern.index(pattern.startIndex, offsetBy: 3)..<close]
                let after = pattern[pattern.index(after: close)...]
                if after.first == "?" || after.first == "*" || after.first == "{" { return [] }
                let alternatives = body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard !alternatives.isEmpty,
                    alternatives.allSatisfy({ !$0.isEmpty && !$0.contains(where: special.contains) })
                else { return [] }
                return alternatives
            }
            // Spaces too: `no parking` is ruled out by its words, not by `no`.
            var literal = String(pattern.prefix { !special.contains($0) })
            // A literal followed by a quantifier is not required whole: its last character is not.
            let next = pattern.dropFirst(literal.count).first
            if !literal.isEmpty, next == "?" || next == "*" || next == "{" { literal.removeLast() }
            guard literal.count >= 2, !literal.hasPrefix(" ") else { return [] }
            return [literal]
        }
    }

    static func capture(_ match: RuleMatch, _ index: Int) -> String? {
        guard index < match.captures.count, let range = match.captures[index] else { return nil }
        return String(match.text[range])
    }

    /// Which words of a vocabulary the text uses, in the text's order, with the words as evidence.
    /// English words match whole words only (`apt` is not in `aptly`).
    static func vocabulary(
        _ text: String, _ words: [(String, String)], skippingDenied: Bool = false
    ) -> [(value: String, word: String)] {
        let lower = LowercaseCache.lowercased(text)
        let pairs = BytePairs.of(lower)
        let lowerBytes = skippingDenied ? Array(lower.utf8) : []
        // Lower-casing keeps UTF-8 offsets for nearly all text; when it does not, the word itself is the evidence.
        let sameOffsets = lower.utf8.count == text.utf8.count
        let bytes = Array(text.utf8)
        var found: [(value: String, word: String, position: Int)] = []
        for (word, value) in words {
            let key = TextNormalization.lowercasedIfNeeded(word)
            guard pairs.mayContain(key) else { continue }
            let english = key.utf8.first.map { $0 < 0x80 } ?? false
            guard !found.contains(where: { $0.value == value }),
                let offset = TextNormalization.firstOffset(of: key, in: lower, wholeWord: english, plural: english)
            else { continue }
            let length = key.utf8.count
            // `세탁기x`, `no dishwasher`: the text says it is not there.
            if skippingDenied, Negation.denies(lowerBytes, start: offset, end: offset + length) { continue }
            let evidence = sameOffsets ? String(decoding: bytes[offset..<(offset + length)], as: UTF8.self) : word
            found.append((value, evidence, offset))
        }
        return found.sorted { $0.position < $1.position }.map { ($0.value, $0.word) }
    }

    static func money(_ figure: String, bareUnit: Int) -> Int? {
        // A figure ending a clause (`500/45,`) carries the comma or full stop that follows it.
        let trimmed = TextEditing.trimming(figure, of: ",. ")
        return MoneyParser.parse(trimmed, bareUnit: bareUnit)?.amount
    }
}
