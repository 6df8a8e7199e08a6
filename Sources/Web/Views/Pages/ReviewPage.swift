import Desk
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

    /// A fieldset of the form: its legend and its fields.
    struct Group: Sendable {
        let legend: String
        let fields: [FieldView]
    }

    /// A value someone else saved, and whether it differs from the one in the form.
    struct TheirValue: Sendable {
        let label: String
        let value: String
        let differs: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let id: Int64
    let saveAction: String
    let changeKindAction: String
    let publishAction: String
    let version: Int
    let status: String
    let statusLabel: String
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
    /// The language the source text is written in, for its `lang`.
    let sourceLang: String
    /// The fields that have a value, something to say, or are needed to publish, in their groups (the deal type
    /// decides which prices come first); the rest fold away, grouped the same.
    let groups: [Group]
    let moreGroups: [Group]
    let hasMoreFields: Bool
    let moreFieldsText: String
    let look: [Look]
    let hasLook: Bool
    let lookText: String
    let firstLook: String
    let errorLinks: [Blocker]
    let hasErrorLinks: Bool
    let hasSaved: Bool
    /// Where this draft is in a review queue (`3 / 17`), with the way to the previous and the next; nil outside one.
    var queue: QueueBar?
    var hasQueue: Bool { queue != nil }

    struct QueueBar: Sendable {
        /// The queue, as links and the form carry it (`batch-12`).
        let parameter: String
        let position: String
        let previous: String?
        let next: String?
        let hasPrevious: Bool
        let hasNext: Bool
        let back: String
        let labels: [String: String]

        init(
            parameter: String, order: [Int64], current: Int64, back: String, viewer: Viewer
        ) {
            func link(_ id: Int64) -> String { SiteURL.review(.value(id)).path(query: [("queue", parameter)]) }
            self.parameter = parameter
            if let index = order.firstIndex(of: current) {
                position = "\(index + 1) / \(order.count)"
                previous = index > 0 ? link(order[index - 1]) : nil
                next = index + 1 < order.count ? link(order[index + 1]) : nil
            } else {
                // Looked at already: nothing left to look at here, the rest of the queue still to go.
                position = viewer.labels.pick(
                    "· this one is ready, \(order.count) left", "· 이 매물은 준비됨, \(order.count)개 남음")
                previous = nil
                next = order.first.map(link)
            }
            hasPrevious = previous != nil
            hasNext = next != nil
            self.back = back
            let words = viewer.labels
            labels = [
                "heading": words.pick("Review queue", "검토 대기열"), "previous": words.pick("Previous", "이전"),
                "next": words.pick("Skip to the next", "다음으로 건너뛰기"),
                "back": words.pick("Back to the import", "가져오기로 돌아가기"),
                "keys": words.pick(
                    "Keys: n next, p previous, m (Alt+M in a field) the next marked field, Ctrl+Enter publish",
                    "단축키: n 다음, p 이전, m (입력 중에는 Alt+M) 다음 확인할 항목, Ctrl+Enter 게시"),
            ]
        }
    }
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
    /// The kind is in doubt (a question, a wanted ad, news): why, the other kinds as one-click changes, and a
    /// one-click "it is this kind".
    let kindDoubt: String
    let hasKindDoubt: Bool
    let kindDoubtChoices: [ChoiceView]
    let kindIsRight: String

    /// `values`, `typed` and `issues` are what the form shows: the stored ones, or the ones a refused save sent.
    init(
        _ listing: Listing, kind: ListingKind, values: [FieldName: FieldValue], typed: [FieldName: String],
        issues: [Issue],
        message: String?, conflict: Listing? = nil, version: Int? = nil, formToken: String, saved: Bool = false,
        confirmPublishing: Bool = false, viewer: Viewer
    ) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        hasSaved = saved
        self.confirmPublishing = confirmPublishing
        publishLabel = labels.publish(confirming: confirmPublishing)
        self.formToken = formToken
        let blockers = ListingValidator.publishingIssues(kind: kind, fields: values)
        title = labels.reviewTitle(listing.id)
        id = listing.id
        saveAction = SiteURL.listing(.value(listing.id)).path
        changeKindAction = SiteURL.kind(.value(listing.id)).path
        publishAction = SiteURL.publish(.value(listing.id)).path
        self.version = version ?? listing.version
        status = listing.status.rawValue
        statusLabel = labels.status(listing.status)
        self.kind = kind.rawValue
        kindLabel = labels.kind(kind)
        kinds = ListingKind.allCases.map {
            ChoiceView(value: $0.rawValue, label: labels.kind($0), selected: $0 == kind)
        }
        isNotListing = kind == .notListing
        isExtracting = listing.status == .extracting
        provenance = labels.provenance(listing.provenance)
        hasProvenance = !provenance.isEmpty
        reason = listing.fields[.reason]?.textValue ?? ""
        let options: [String] = {
            if case .list(let items)? = listing.fields[.options] { return items }
            return []
        }()
        source = Formatting.highlighted(listing.sourceText, evidence: listing.evidence, options: options)
        sourceLang = Language.of(listing.sourceText).rawValue
        // The listing's marks stay on the values they were made for, whatever a refused save brings to show.
        let stored =
            kind == listing.kind
            ? listing.marks.filter { mark in
                mark.field.map { $0 == Issue.kindField || values[$0] == listing.fields[$0] } ?? false
            } : []
        let shownIssues = issues + stored.filter { !issues.contains($0) }
        let all = FieldView.all(
            kind: kind, values: values, typed: typed, issues: shownIssues, corrected: listing.correctedFields,
            evidence: listing.evidence, grades: listing.grades, labels: labels)
        let doubt = shownIssues.first { $0.code == .kindDoubt }
        kindDoubt = doubt.map(labels.message) ?? ""
        hasKindDoubt = doubt != nil
        let doubtKinds: [ListingKind] = (doubt?.candidates ?? []).compactMap { choice in
            choice[Issue.kindField].flatMap { ListingKind(rawValue: $0) }
        }
        kindDoubtChoices = doubtKinds.filter { $0 != kind }.map { other in
            ChoiceView(value: other.rawValue, label: labels.kind(other), selected: false)
        }
        kindIsRight = labels.kindIsRight(kind)
        let needed = Set(blockers.compactMap { $0.field?.rawValue })
        let inapplicable = FieldSchema.inapplicable(dealType: values[.dealType]?.textValue)
        // Only a field nothing in the text matched folds away under "not in the text": a hinted one stays open.
        let shown: (FieldView) -> Bool = { field in
            (field.state != "missing" || field.hasMessages || needed.contains(field.name))
                && !(field.state == "missing" && inapplicable.contains(FieldName(field.name)))
        }
        let layout = Self.layout(kind: kind, dealType: values[.dealType]?.textValue)
        let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
        func grouped(_ keep: @escaping (FieldView) -> Bool) -> [Group] {
            layout.compactMap { key, names in
                let fields = names.compactMap { byName[$0.rawValue] }.filter(keep)
                return fields.isEmpty ? nil : Group(legend: labels[key], fields: fields)
            }
        }
        groups = grouped(shown)
        moreGroups = grouped { !shown($0) }
        let folded = all.filter { !shown($0) }.count
        hasMoreFields = folded > 0
        moreFieldsText = labels.moreFields(folded)
        // In the order of the form.
        let marked = groups.flatMap(\.fields).filter {
            ["invalid", "unsupported", "inferred", "doubtful", "hinted"].contains($0.state)
        }
        look = marked.enumerated().map { index, field in
            Look(field: field.name, label: field.label, last: index == marked.count - 1)
        }
        hasLook = !marked.isEmpty
        lookText = labels.needLook(values: marked.count)
        firstLook = marked.first?.name ?? ""
        let fieldLabels = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0.label) })
        let shownByField = Set(all.flatMap { field in field.messages.map { "\(field.name)\u{0}\($0)" } })
        let say = labels.message as (Issue) -> String
        func once(_ field: String, _ message: String) -> String {
            shownByField.contains("\(field)\u{0}\(message)") ? "" : message
        }
        var linked: Set<String> = []
        errorLinks = issues.filter(\.blocksPublishing).compactMap { issue in
            guard let name = issue.field?.rawValue, linked.insert(name).inserted else { return nil }
            return Blocker(field: name, label: fieldLabels[name] ?? name, message: once(name, say(issue)))
        }
        hasErrorLinks = message != nil && !errorLinks.isEmpty
        self.message = message ?? ""
        hasMessage = message != nil
        blockerCount = blockers.count
        hasBlockers = !blockers.isEmpty
        blockerText = labels.needLook(fields: blockers.count)
        firstBlocker = blockers.first?.field?.rawValue ?? ""
        self.blockers = blockers.map { blocker in
            let name = blocker.field?.rawValue ?? ""
            return Blocker(field: name, label: fieldLabels[name] ?? name, message: once(name, say(blocker)))
        }
        hasConflict = conflict != nil
        var theirs: [TheirValue] = []
        if let conflict {
            let currency = conflict.fields[.currency]?.textValue ?? "KRW"
            for spec in FieldSchema.fields(for: conflict.kind) {
                let theirValue = conflict.fields[spec.name]
                theirs.append(
                    TheirValue(
                        label: labels.field(spec),
                        value: theirValue.map { Formatting.value($0, spec: spec, currency: currency, labels: labels) }
                            ?? "—",
                        differs: values[spec.name] != theirValue ? "differs" : ""))
            }
        }
        self.theirs = theirs
        generalIssues = shownIssues.filter { $0.field == nil }.map(say)
    }

    /// The form's fieldsets, in order, with their fields: for real estate the prices the deal type has come first
    /// (a sale's price; a 전세's deposit; a 월세's deposit and rent), then size, building, move-in and location.
    static func layout(kind: ListingKind, dealType: String?) -> [(Labels.Key, [FieldName])] {
        switch kind {
        case .realEstate:
            let prices: [FieldName] =
                switch dealType {
                case "sale"?: [.price, .deposit, .monthlyRent]
                case "jeonse"?: [.deposit, .price, .monthlyRent]
                case "monthly_rent"?, "short_term"?: [.deposit, .monthlyRent, .price]
                default: [.price, .deposit, .monthlyRent]
                }
            return [
                (.groupDeal, [.title, .propertyType, .dealType] + prices + [.maintenanceFee, .currency]),
                (.groupSize, [.areaM2, .supplyAreaM2, .rooms, .bathrooms]),
                (.groupBuilding, [.floor, .totalFloors, .direction, .heating, .builtYear, .elevator, .parking]),
                (.groupConditions, [.availableFrom, .loanOK, .petsAllowed, .options]),
                (.groupLocation, [.location]),
            ]
        case .secondHand:
            return [
                (.groupItem, [.title, .category, .brand, .model, .condition, .size, .quantity]),
                (.groupPrice, [.price, .currency, .negotiable]),
                (.groupTrade, [.tradeMethod, .location]),
            ]
        case .notListing:
            return [(.groupItem, FieldSchema.notListing.map(\.name))]
        }
    }
}
