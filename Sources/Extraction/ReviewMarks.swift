import Foundation
import ListingCore

/// The marks a draft carries to the review page beyond its evidence grades (docs/REVIEW.md): where a second
/// reading of the text disagrees with the draft, where the text offers other values, where a field left empty may
/// be stated after all, and where the text may not be a listing of this kind. Each is an `Issue` naming its field,
/// with the values to choose from as candidates; the page, the API, the CSV and `/stats` read the same issues.
public enum ReviewMarks {
    /// Adds the marks to a draft. `readBy` says who read it: a model's draft is read again by the offline rules
    /// (well under a millisecond) and the two compared; the offline reader's own draft is marked where its rules
    /// found several values or trust little what they found. `classification` and `assessment`: the keyword
    /// classifier's reading of the text, when the caller already made it (`KindClassifier.assess`).
    public static func mark(
        _ draft: inout ExtractedListing, text: String, pastedOn: LocalDate, readBy reader: Reader,
        classification: Classification? = nil, assessment: KindClassifier.Assessment? = nil
    ) {
        // The marks read the seller's words: a marketplace's own lines would be quoted as hints on every post.
        let text = assessment?.text ?? CafeBoilerplate.removed(from: text)
        let decision = classification ?? KindClassifier.classify(text)
        if let doubt = kindDoubt(draft.kind, text: text, decision: decision, assessment: assessment) {
            draft.issues.append(doubt)
        }
        guard draft.kind != .notListing else { return }
        var marks: [Issue] = []
        var supply: Double?
        if case .decimal(let area) = draft.fields[.supplyAreaM2] { supply = area }
        let rivals = RuleExtractor.rivalReadings(text, kind: draft.kind, supply: supply)
        if reader == .model {
            let second = secondReading(text, pastedOn: pastedOn, as: draft.kind, decision: decision)
            marks += compare(draft, with: second)
        }
        offerEvidenceReadings(&draft)
        marks += currencyDoubt(draft)
        marks += fittedDeviceDoubt(draft, text: text)
        marks += hedgeDoubts(draft, text: text)
        marks += flawDoubt(draft, text: text)
        marks += sharedHomeDoubt(draft, text: text)
        marks += unitMixDoubt(draft, text: text)
        if reader == .offline { marks += ruleDoubts(draft, text: text) }
        marks += offers(draft, text: text, pastedOn: pastedOn, readBy: reader)
        marks += rivalMarks(draft, rivals: rivals, readBy: reader)
        marks += hints(draft, text: text)
        // One mark a field, the first found; a later one's candidates go to a first that offers none (a grade of
        // "unsupported" takes the other reader's value as its choice).
        for var mark in marks {
            guard let field = mark.field else { continue }
            let choices = (mark.candidates ?? []).filter { storable($0, in: draft.kind) }
            mark.candidates = choices.isEmpty ? nil : choices
            if let index = draft.issues.firstIndex(where: { $0.field == field && $0.isMark }) {
                if draft.issues[index].candidates == nil { draft.issues[index].candidates = mark.candidates }
            } else {
                draft.issues.append(mark)
            }
        }
    }

    /// Whether every value of a candidate is one its field can hold (the kind's are kinds).
    static func storable(_ choice: [FieldName: String], in kind: ListingKind) -> Bool {
        choice.allSatisfy { name, canonical in
            if name == Issue.kindField { return ListingKind(rawValue: canonical) != nil }
            guard let spec = FieldSchema.spec(name, in: kind) else { return false }
            return ValueNormalizer.check(FieldValue(canonical: canonical, type: spec.type), as: spec) == nil
        }
    }

    /// Who read a draft.
    public enum Reader: Sendable {
        /// A language model: the offline rules read the text again, as a second reader.
        case model
        /// The offline rules themselves.
        case offline
    }

    /// The offline reader's draft of the text as the given kind.
    public static func secondReading(
        _ text: String, pastedOn: LocalDate, as kind: ListingKind, decision: Classification
    ) -> ExtractedListing {
        let reply = RuleExtractor.reply(for: text, pastedOn: pastedOn, step: .extract(kind), classification: decision)
        return ReplyInterpreter.interpret(
            ReplyParser.parse(reply), listingText: text, pastedOn: pastedOn, fallbackKind: kind)
    }

    /// Fields the two readers read differently, and fields only the second reader filled (a hint, with its value).
    static func compare(_ draft: ExtractedListing, with second: ExtractedListing) -> [Issue] {
        var marks: [Issue] = []
        let inapplicable = FieldSchema.inapplicable(dealType: draft.fields[.dealType]?.textValue)
        for spec in FieldSchema.fields(for: draft.kind) where spec.name != .title {
            let name = spec.name
            guard let other = second.fields[name], !inapplicable.contains(name) else { continue }
            guard let value = draft.fields[name] else {
                marks.append(
                    Issue(
                        field: name, code: .mayBeStated,
                        message: "Not filled, but the text may say \(other.canonicalString()).",
                        candidates: [[name: other.canonicalString(listSeparator: ";")]]))
                continue
            }
            guard !agree(value, other, spec: spec) else { continue }
            marks.append(
                Issue(
                    field: name, code: .readersDisagree,
                    message: "A second reading of the text gives \(other.canonicalString()), not "
                        + "\(value.canonicalString()).",
                    candidates: [value, other].map { [name: $0.canonicalString(listSeparator: ";")] }))
        }
        return marks
    }

    /// Whether two readings of a field are the same value, as a person would see it: areas within a square metre,
    /// names when one contains the other, options when the second reader's are among the draft's.
    static func agree(_ a: FieldValue, _ b: FieldValue, spec: FieldSpec) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.decimal(let x), .decimal(let y)): return abs(x - y) <= 1
        case (.list(let x), .list(let y)): return Set(y).isSubset(of: Set(x))
        case (.text(let x), .text(let y)):
            if case .text = spec.type {} else { return false }
            let (p, q) = (looseKey(x), looseKey(y))
            if !p.isEmpty && !q.isEmpty && (p.contains(q) || q.contains(p)) { return true }
            // A brand by its other script's name (애플 and Apple).
            guard spec.name == .brand else { return false }
            return EvidenceGrader.brandNames.contains { name, others in
                let names = Set([looseKey(name)] + others.map(looseKey))
                return names.contains(p) && names.contains(q)
            }
        default: return false
        }
    }

    /// A money or area value its own words do not give (graded inferred or unsupported): the words read again
    /// with the same parsers, and the one value they give offered in its place (`월 38` read as 400,000: 380,000).
    static func offerEvidenceReadings(_ draft: inout ExtractedListing) {
        for index in draft.issues.indices {
            let issue = draft.issues[index]
            guard [.inferred, .unsupported].contains(issue.code), issue.candidates == nil, let name = issue.field,
                let spec = FieldSchema.spec(name, in: draft.kind), let evidence = draft.evidence[name],
                let value = draft.fields[name]
            else { continue }
            var readings: [FieldValue] = []
            for figure in EvidenceCheck.figures(in: evidence) {
                let reading: FieldValue?
                switch spec.type {
                case .money:
                    let bareUnit = TextNormalization.hasHangul(evidence) ? 10_000 : 1
                    reading = MoneyParser.parse(figure, bareUnit: bareUnit).map { .integer($0.amount) }
                case .area:
                    reading = MeasureParser.area(figure).map { .decimal($0) }
                default:
                    reading = nil
                }
                // Only a value the field could hold is a choice (`.99999999999999999999㎡` reads as 1e+20 m²).
                if let reading, reading != value, !readings.contains(reading),
                    ValueNormalizer.check(reading, as: spec) == nil
                {
                    readings.append(reading)
                }
            }
            guard readings.count == 1 else { continue }
            draft.issues[index].candidates = [
                [name: value.canonicalString(listSeparator: ";")], [name: readings[0].canonicalString()],
            ]
        }
    }

    /// An accessory's model that names the device it fits (`S24 울트라 투명 젤리` of a `… 케이스`): the words right
    /// after the model in the text are an accessory's, and the model names a phone, tablet or watch.
    static func fittedDeviceDoubt(_ draft: ExtractedListing, text: String) -> [Issue] {
        guard draft.kind == .secondHand, let model = draft.fields[.model]?.textValue, !model.isEmpty,
            RuleExtractor.first(model, deviceModelPattern) != nil
        else { return [] }
        let key = TextNormalization.key(text)
        let name = TextNormalization.key(model)
        var from = key.startIndex
        while let found = key.range(of: name, range: from..<key.endIndex) {
            let after = key[found.upperBound...].prefix(12).trimmingCharacters(in: .whitespaces)
            if RuleExtractor.accessoryWords.contains(where: { after.hasPrefix($0.0) }) {
                return [
                    Issue(
                        field: .model, code: .inferred,
                        message: "“\(model)” may be the device this accessory fits, not the accessory's model.")
                ]
            }
            from = found.upperBound
        }
        return []
    }

    /// A phone's, tablet's or watch's model name: `S24`, `iPhone 15`, `갤럭시 탭`, `Z Flip5`, `Pixel 8`.
    static let deviceModelPattern = RuleExtractor.regex(
        #"\b[sazn]\d{2}\b|iphone|아이폰|galaxy|갤럭시|ipad|아이패드|airpods|에어팟|애플워치|apple watch|갤럭시\s?워치|z\s?(?:flip|fold)|플립|폴드|pixel|픽셀"#
    )

    /// A yes/no or a floor read from a sentence that hedges it: what is near the home (`parking available nearby`,
    /// `근처 공영주차장`), a preference (`no pets preferred`, `선호`), a condition (`if`, `will be asked to choose a 1st
    /// floor unit`, `경우`). Whoever read it, the sentence does not say it of this home plainly.
    static func hedgeDoubts(_ draft: ExtractedListing, text: String) -> [Issue] {
        let lowered = text.lowercased()
        var marks: [Issue] = []
        for field in hedgeableFields {
            guard let value = draft.fields[field], let evidence = draft.evidence[field]?.lowercased(),
                !evidence.isEmpty, let found = lowered.range(of: evidence)
            else { continue }
            let sentence = sentence(around: found, in: lowered)
            guard let hedge = hedges.first(where: { RuleExtractor.first(String(sentence), $0.pattern) != nil }) else {
                continue
            }
            marks.append(
                Issue(
                    field: field, code: .inferred,
                    message: "\(value.canonicalString()) is read from words that \(hedge.says): check it."))
        }
        return marks
    }

    static let hedgeableFields: [FieldName] = [.parking, .elevator, .petsAllowed, .loanOK, .floor]

    static let hedges: [(pattern: RuleExtractor.Pattern, says: String)] = [
        (RuleExtractor.regex(#"\bnear ?by\b|\bclose by\b|근처|인근|주변"#), "speak of something nearby"),
        (RuleExtractor.regex(#"\bpreferred\b|\bprefer\b|선호"#), "state a preference"),
        (
            RuleExtractor.regex(#"\bif\b|\bunless\b|\basked to\b|\bmay\b|\bmight\b|\bupon request\b|경우|시에만"#),
            "set a condition"
        ),
    ]

    /// The sentence of `text` that holds `range`: from the last `.`, `!`, `?` or line break before it to the first
    /// after it (a decimal point is no full stop).
    static func sentence(around range: Range<String.Index>, in text: String) -> Substring {
        func ends(_ index: String.Index) -> Bool {
            let character = text[index]
            guard character == "." else { return "!?\n".contains(character) }
            let next = text.index(after: index)
            return next == text.endIndex || text[next].isWhitespace
        }
        var start = range.lowerBound
        while start > text.startIndex, !ends(text.index(before: start)) { start = text.index(before: start) }
        var end = range.upperBound
        while end < text.endIndex, !ends(end) { end = text.index(after: end) }
        return text[start..<end]
    }

    /// A currency with no amount in it (none, or only a fee of nothing; a free item's price of 0 is one): whoever
    /// read it, the text gives no price.
    static func currencyDoubt(_ draft: ExtractedListing) -> [Issue] {
        let amounts: [FieldName] = [.price, .deposit, .monthlyRent]
        let fee = draft.fields[.maintenanceFee]
        guard let currency = draft.fields[.currency], !amounts.contains(where: { draft.fields[$0] != nil }),
            fee == nil || fee == .integer(0)
        else { return [] }
        return [
            Issue(
                field: .currency, code: .inferred,
                message: "\(currency.canonicalString()) is the currency of no amount: the text gives no price.")
        ]
    }

    /// The offline reader's own doubts: fields its rules read poorly (a model's name: most of its guesses are
    /// wrong on labelled posts) and a place that does not read as one.
    static func ruleDoubts(_ draft: ExtractedListing, text: String) -> [Issue] {
        var marks: [Issue] = []
        if let model = draft.fields[.model] {
            marks.append(
                Issue(
                    field: .model, code: .inferred,
                    message: "“\(model.canonicalString())” is the offline reader's guess at the model: check it."))
        }
        if let place = draft.fields[.location]?.textValue, !looksLikePlace(place) {
            marks.append(
                Issue(field: .location, code: .inferred, message: "“\(place)” may not be a place: check it."))
        }
        return marks
    }

    /// Whether a location reads as a place: a Korean one has a word ending in a place's suffix (동, 구, 역, 로…)
    /// and no zoning term (계획관리지역); an English one is a few words with no sentence inside.
    static func looksLikePlace(_ place: String) -> Bool {
        let words = place.split(whereSeparator: { $0.isWhitespace || "(),".contains($0) })
        if TextNormalization.hasHangul(place) {
            let zoning = ["관리지역", "주거지역", "상업지역", "공업지역", "녹지지역", "보전지역", "개발지역"]
            let suffixes = ["동", "구", "역", "시", "군", "읍", "면", "로", "길", "리", "가", "마을", "단지", "타운"]
            return !words.contains { word in zoning.contains { word.hasSuffix($0) } }
                && words.contains { word in suffixes.contains { word.hasSuffix($0) } }
        }
        // Words for a home's features (`Microwaves Full Size`) name no place.
        let features = words.contains { word in
            let key = Synonyms.compactKey(String(word))
            return key.count > 3
                && (Synonyms.canonical(key, field: .options)
                    ?? Synonyms.canonical(String(key.dropLast()), field: .options))
                    != nil
        }
        return !words.isEmpty && words.count <= 10 && !place.contains(". ") && !place.contains(":") && !features
    }

    /// Empty fields the text may speak of (`FieldHints`): a hint with the words, for the person to read. An item's
    /// brand and model are most often in its title (`타보 미니스트라이크 팝니다`): a title that names more than the sale
    /// hints at both.
    static func hints(_ draft: ExtractedListing, text: String) -> [Issue] {
        let inapplicable = FieldSchema.inapplicable(dealType: draft.fields[.dealType]?.textValue)
        let title = draft.kind == .secondHand ? FieldHints.namingTitle(text) : nil
        return FieldSchema.fields(for: draft.kind).compactMap { spec in
            guard draft.fields[spec.name] == nil, ![.title, .currency, .category].contains(spec.name),
                !inapplicable.contains(spec.name),
                let words = FieldHints.snippet(for: spec.name, in: text)
                    ?? ([.brand, .model].contains(spec.name) ? title : nil)
            else { return nil }
            return Issue(
                field: spec.name, code: .mayBeStated, message: "Not filled, but the text may say it: “\(words)”.")
        }
    }

    /// A name compared loosely: compact, `&` read as `and`.
    static func looseKey(_ text: String) -> String {
        Synonyms.compactKey(text.replacingOccurrences(of: "&", with: "and"))
    }

    /// What the text offers besides the value read: several asking prices, move-in dates, deposit/rent pairs. The
    /// offline reader's pick among several is a guess; a model read the words around them, so its value is marked
    /// only when it is none of them.
    static func offers(_ draft: ExtractedListing, text: String, pastedOn: LocalDate, readBy reader: Reader) -> [Issue] {
        var marks: [Issue] = []
        func offer(_ name: FieldName, _ choices: [[FieldName: String]], agrees: Bool) {
            guard !choices.isEmpty, choices.count > 1 || !agrees else { return }
            if reader == .model, draft.fields[name] != nil,
                choices.contains(where: { choice in
                    choice.allSatisfy { draft.fields[$0.key]?.canonicalString(listSeparator: ";") == $0.value }
                })
            {
                return
            }
            let said = choices.map { $0.sorted { $0.key < $1.key }.map(\.value).joined(separator: " / ") }
            marks.append(
                Issue(
                    field: name, code: draft.fields[name] == nil ? .mayBeStated : .textOffersOther,
                    message: choices.count > 1
                        ? "The text gives several values: \(said.joined(separator: ", "))."
                        : "The text gives \(said[0]).",
                    candidates: choices))
        }
        switch draft.kind {
        case .secondHand:
            let prices = RuleExtractor.priceCandidates(text)
            offer(
                .price, prices.map { [.price: String($0)] },
                agrees: draft.fields[.price] == prices.first.map(FieldValue.integer))
        case .realEstate:
            let dates = RuleExtractor.availabilityCandidates(text, pastedOn: pastedOn)
            offer(
                .availableFrom, dates.map { [.availableFrom: $0] },
                agrees: draft.fields[.availableFrom] == dates.first.map(FieldValue.text))
            let deal = draft.fields[.dealType]?.textValue
            let pairs = deal == nil || deal == "monthly_rent" ? RuleExtractor.rentCandidates(text) : []
            offer(
                .monthlyRent, pairs.map { [.deposit: String($0.deposit), .monthlyRent: String($0.rent)] },
                agrees: pairs.first.map {
                    draft.fields[.deposit] == .integer($0.deposit) && draft.fields[.monthlyRent] == .integer($0.rent)
                } ?? true)
        case .notListing:
            break
        }
        return marks
    }

    /// A value picked among several the text gives for its field (`1 & 2 bedroom`, `대지 70평 … 35평`, `1·2층`):
    /// the offline reader's pick is the first it met, so it is always marked; a model's only when it is none of them.
    static func rivalMarks(_ draft: ExtractedListing, rivals: [FieldName: [String]], readBy reader: Reader) -> [Issue] {
        FieldSchema.fields(for: draft.kind).compactMap { spec in
            guard let values = rivals[spec.name], let value = draft.fields[spec.name] else { return nil }
            let readings = values.map { FieldValue(canonical: $0, type: spec.type) }
            if reader == .model, readings.contains(where: { agree(value, $0, spec: spec) }) { return nil }
            return Issue(
                field: spec.name, code: .textOffersOther,
                message: "The text gives several values: \(values.joined(separator: ", ")).",
                candidates: values.map { [spec.name: $0] })
        }
    }

    /// A kind in doubt: the draft's kind is not the keyword classifier's, or the text reads as a question about
    /// a price, a wanted ad, news or a notice rather than an offer.
    static func kindDoubt(
        _ kind: ListingKind, text: String, decision: Classification, assessment: KindClassifier.Assessment? = nil
    ) -> Issue? {
        guard kind != .notListing else { return nil }
        var reasons: [String] = []
        let doubts = assessment?.doubts ?? KindClassifier.doubts(text)
        if decision.kind != kind {
            reasons.append("the words read as \(decision.kind.rawValue)")
        } else if doubts.closeCall {
            reasons.append(
                "its words fit a \(kind == .realEstate ? "second-hand" : "real-estate") listing nearly as well")
        }
        if doubts.asksRatherThanOffers {
            reasons.append("it reads as a question or a request rather than an offer")
        }
        if doubts.readsAsMessage {
            reasons.append("it has few words of a listing, and the learned model reads it as a message")
        }
        if doubts.learnedOnly, decision.kind == kind {
            reasons.append("its words say little of a listing: the learned model's reading decided the kind")
        }
        guard !reasons.isEmpty else { return nil }
        let choices = [kind, decision.kind, kind == .realEstate ? .secondHand : .realEstate, .notListing].reduce(
            into: [ListingKind]()
        ) {
            if !$0.contains($1) { $0.append($1) }
        }
        return Issue(
            field: Issue.kindField, code: .kindDoubt,
            message: "This may not be a \(kind.rawValue) listing: \(reasons.joined(separator: "; ")).",
            candidates: choices.map { [Issue.kindField: $0.rawValue] })
    }
}
