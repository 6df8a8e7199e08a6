import Extraction
import ListingCore
import Storage

/// `GET /listings/{id}/review`: the form of the listing's kind beside its source text, each value marked by where
/// it came from, what still blocks publishing, and (after a conflicting save) the other person's values.
struct ReviewPage: PageView {
    static let template = "review"

    /// What still blocks publishing, with the field to jump to.
    struct Blocker: Sendable {
        let field: String
        let label: String
        /// Empty when the field shows the same message by itself (each message is said once).
        let message: String
        let hasMessage: Bool

        init(field: String, label: String, message: String) {
            self.field = field
            self.label = label
            self.message = message
            hasMessage = !message.isEmpty
        }
    }

    /// A value marked for a look (needs a fix, not stated, or read rather than stated), linked to its input.
    struct Look: Sendable {
        let field: String
        let label: String
        let last: Bool
    }

    /// A value someone else saved, and whether it differs from the one in the form.
    struct TheirValue: Sendable {
        let label: String
        let value: String
        let differs: String
    }

    let site = SiteLinks()
    let title: String
    let id: Int64
    let saveAction: String
    let changeKindAction: String
    let publishAction: String
    let version: Int
    let status: String
    let kind: String
    let kindLabel: String
    let kinds: [ChoiceView]
    let isNotListing: Bool
    /// Who read the draft, said plainly ("Read by gpt-4.1-mini."), or empty when unknown.
    let provenance: String
    let hasProvenance: Bool
    /// The paste is stored and still being read: the page says so and reloads, with no form to save over it.
    let isExtracting: Bool
    let reason: String
    /// The source text, escaped, with the evidence marked: rendered unescaped by the template.
    let source: String
    /// The fields that have a value, something to say, or are needed to publish; the rest fold away.
    let fields: [FieldView]
    let moreFields: [FieldView]
    let hasMoreFields: Bool
    let moreFieldsText: String
    let look: [Look]
    let hasLook: Bool
    let lookText: String
    let firstLook: String
    let errorLinks: [Blocker]
    let hasErrorLinks: Bool
    let hasSaved: Bool
    /// Publishing was asked for with values that need a look: the next Publish goes ahead.
    let confirmPublishing: Bool
    let publishLabel: String
    let message: String
    let hasMessage: Bool
    let blockerCount: Int
    let hasBlockers: Bool
    let blockerText: String
    let firstBlocker: String
    let blockers: [Blocker]
    let hasConflict: Bool
    let theirs: [TheirValue]
    let generalIssues: [String]
    /// This browser's form token (`FormTokens`), posted back with both forms.
    let formToken: String

    /// `values`, `typed` and `issues` are what the form shows: the stored ones, or the ones a refused save sent.
    init(
        _ listing: Listing, kind: ListingKind, values: [FieldName: FieldValue], typed: [FieldName: String],
        issues: [Issue],
        message: String?, conflict: Listing? = nil, version: Int? = nil, formToken: String, saved: Bool = false,
        confirmPublishing: Bool = false
    ) {
        hasSaved = saved
        self.confirmPublishing = confirmPublishing
        publishLabel = confirmPublishing ? "Publish anyway" : "Publish"
        self.formToken = formToken
        let blockers = ListingValidator.publishingIssues(kind: kind, fields: values)
        title = "Review listing #\(listing.id)"
        id = listing.id
        saveAction = SiteURL.listing(.value(listing.id)).path
        changeKindAction = SiteURL.kind(.value(listing.id)).path
        publishAction = SiteURL.publish(.value(listing.id)).path
        self.version = version ?? listing.version
        status = listing.status.rawValue
        self.kind = kind.rawValue
        kindLabel = kind.label
        kinds = ListingKind.allCases.map { ChoiceView(value: $0.rawValue, label: $0.label, selected: $0 == kind) }
        isNotListing = kind == .notListing
        isExtracting = listing.status == .extracting
        provenance = Self.describe(listing.provenance)
        hasProvenance = !provenance.isEmpty
        reason = listing.fields[.reason]?.textValue ?? ""
        let options: [String] = {
            if case .list(let items)? = listing.fields[.options] { return items }
            return []
        }()
        source = Formatting.highlighted(listing.sourceText, evidence: listing.evidence, options: options)
        // A post that gives several prices (155만 → 95만 → 오늘만 89만원): the person chooses.
        var alternatives: [FieldName: [FieldValue]] = [:]
        if kind == .secondHand {
            let prices = RuleExtractor.priceCandidates(listing.sourceText)
            if prices.count > 1 { alternatives[.price] = prices.map { .integer($0) } }
        }
        let all = FieldView.all(
            kind: kind, values: values, typed: typed, issues: issues, corrected: listing.correctedFields,
            evidence: listing.evidence, grades: listing.grades, alternatives: alternatives)
        let needed = Set(blockers.compactMap { $0.field?.rawValue })
        let inapplicable = Self.inapplicable(dealType: values[.dealType]?.textValue)
        let shown: (FieldView) -> Bool = { field in
            (field.state != "missing" || field.hasMessages || needed.contains(field.name))
                && !(field.state == "missing" && inapplicable.contains(FieldName(field.name)))
        }
        fields = all.filter(shown)
        moreFields = all.filter { !shown($0) }
        hasMoreFields = !moreFields.isEmpty
        moreFieldsText = "More fields (\(moreFields.count) not stated in the text)"
        let marked = all.filter { ["invalid", "unsupported", "inferred", "doubtful"].contains($0.state) }
        look = marked.enumerated().map { index, field in
            Look(field: field.name, label: field.label, last: index == marked.count - 1)
        }
        hasLook = !marked.isEmpty
        lookText = marked.count == 1 ? "1 value needs a look" : "\(marked.count) values need a look"
        firstLook = marked.first?.name ?? ""
        let labels = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0.label) })
        let shownByField = Set(all.flatMap { field in field.messages.map { "\(field.name)\u{0}\($0)" } })
        func once(_ field: String, _ message: String) -> String {
            shownByField.contains("\(field)\u{0}\(message)") ? "" : message
        }
        var linked: Set<String> = []
        errorLinks = issues.filter(\.blocksPublishing).compactMap { issue in
            guard let name = issue.field?.rawValue, linked.insert(name).inserted else { return nil }
            return Blocker(field: name, label: labels[name] ?? name, message: once(name, issue.message))
        }
        hasErrorLinks = message != nil && !errorLinks.isEmpty
        self.message = message ?? ""
        hasMessage = message != nil
        blockerCount = blockers.count
        hasBlockers = !blockers.isEmpty
        blockerText = blockers.count == 1 ? "1 field needs a look" : "\(blockers.count) fields need a look"
        firstBlocker = blockers.first?.field?.rawValue ?? ""
        self.blockers = blockers.map { blocker in
            let name = blocker.field?.rawValue ?? ""
            return Blocker(field: name, label: labels[name] ?? name, message: once(name, blocker.message))
        }
        hasConflict = conflict != nil
        var theirs: [TheirValue] = []
        if let conflict {
            let currency = conflict.fields[.currency]?.textValue ?? "KRW"
            for spec in FieldSchema.fields(for: conflict.kind) {
                let theirValue = conflict.fields[spec.name]
                theirs.append(
                    TheirValue(
                        label: spec.label,
                        value: theirValue.map { Formatting.value($0, spec: spec, currency: currency) } ?? "—",
                        differs: values[spec.name] != theirValue ? "differs" : ""))
            }
        }
        self.theirs = theirs
        generalIssues = issues.filter { $0.field == nil }.map(\.message)
    }

    /// Fields a deal type has no use for: a 월세 has no sale price, a 전세 no monthly rent, a sale neither.
    static func inapplicable(dealType: String?) -> Set<FieldName> {
        switch dealType {
        case "monthly_rent"?, "short_term"?: [.price]
        case "jeonse"?: [.price, .monthlyRent]
        case "sale"?: [.deposit, .monthlyRent]
        default: []
        }
    }

    static func describe(_ provenance: Provenance) -> String {
        func name(_ model: String) -> String { model == "offline" ? "the offline reader (rules, no model)" : model }
        switch (provenance.extractedBy, provenance.fallbackFrom) {
        case (let model?, nil): return "Read by \(name(model))."
        case (let model?, let failed?): return "Read by \(name(model)), because \(name(failed)) could not be used."
        case (nil, let failed?): return "No model could read it (\(name(failed)) failed first): fill in the values."
        case (nil, nil): return ""
        }
    }
}
