import Desk
import Foundation
import ListingCore
import Storage

/// A form field on the review page, with its state shown by icon and word, not colour alone.
struct FieldView: Sendable {
    let name: String
    let label: String
    let value: String
    let isSelect: Bool
    let isOptions: Bool
    let isInput: Bool
    let choices: [ChoiceView]
    /// The state's name, for the stylesheet (`state-…`) and the summary of values to check.
    let state: String
    let stateIcon: String
    let stateLabel: String
    let messages: [String]
    let hasMessages: Bool
    let hint: String
    let hasHint: Bool
    let evidence: String
    let describedBy: String
    /// The values the marks offer (another reading, several prices, a date, rent pairs): one click saves the one
    /// chosen.
    let alternatives: [Alternative]
    let hasAlternatives: Bool
    /// The value is marked for a look: one click keeps it as it is (`look`), an empty one empty.
    let canConfirm: Bool
    let confirmLabel: String

    struct Alternative: Sendable {
        let label: String
        /// `field=value`, or several joined by `;` (a deposit and its rent), posted as `choose`.
        let choice: String
    }

    /// Where a value stands, from worst to best.
    enum State: Sendable, Equatable {
        case invalid, missing, corrected
        /// The text gives this many different values.
        case doubtful(Int)
        /// The text gives one value, and it is not this one.
        case contradicted
        /// A second reader read another value.
        case disagreeing
        /// Empty, but the text may state it.
        case hinted
        case unsupported, inferred, stated, filled

        var name: String {
            switch self {
            case .invalid: "invalid"
            case .missing: "missing"
            case .corrected: "corrected"
            case .doubtful, .contradicted, .disagreeing: "doubtful"
            case .hinted: "hinted"
            case .unsupported: "unsupported"
            case .inferred: "inferred"
            case .stated, .filled: "filled"
            }
        }

        var icon: String {
            switch self {
            case .invalid: "✖"
            case .missing: "○"
            case .corrected: "✎"
            case .doubtful, .contradicted, .disagreeing, .inferred: "◐"
            case .hinted: "◌"
            case .unsupported: "▲"
            case .stated, .filled: "●"
            }
        }

        /// Whether the value is counted among those that need a look.
        var needsLook: Bool {
            switch self {
            case .invalid, .doubtful, .contradicted, .disagreeing, .hinted, .unsupported, .inferred: true
            default: false
            }
        }
    }
}

extension FieldView {
    /// Every field of the kind, prefilled, with its state: needing a fix, missing, corrected by the person, or by its
    /// mark (docs/REVIEW.md: another reading, other values in the text, a value not stated, a hint for an empty
    /// field) and else its evidence grade. A mark's candidates are one-click choices.
    static func all(
        kind: ListingKind, values: [FieldName: FieldValue], typed: [FieldName: String], issues: [Issue],
        corrected: Set<FieldName>, evidence: [FieldName: String], grades: [FieldName: EvidenceGrade] = [:],
        labels: Labels
    ) -> [FieldView] {
        let currency = values[.currency]?.textValue ?? "KRW"
        return FieldSchema.fields(for: kind).map { spec in
            let value = values[spec.name]
            let mine = issues.filter { $0.field == spec.name && $0.isMark }
            let marks = mine.filter { !$0.blocksPublishing }
            let state: State
            if mine.contains(where: \.blocksPublishing) {
                state = .invalid
            } else if value == nil && typed[spec.name] == nil {
                state = marks.isEmpty ? .missing : .hinted
            } else if corrected.contains(spec.name) && marks.isEmpty {
                state = .corrected
            } else if let mark = marks.first {
                switch mark.code {
                case .readersDisagree: state = .disagreeing
                case .textOffersOther, .mayBeStated:
                    let count = mark.candidates?.count ?? 0
                    state = count > 1 ? .doubtful(count) : .contradicted
                case .unsupported: state = .unsupported
                default: state = .inferred
                }
            } else if grades[spec.name] == .stated {
                state = .stated
            } else {
                state = .filled
            }
            let shown = typed[spec.name] ?? value.map { $0.canonicalString() } ?? ""
            var choices: [ChoiceView] = []
            switch spec.type {
            case .enumeration(let allowed):
                choices =
                    [ChoiceView(value: "", label: "—", selected: value == nil)]
                    + allowed.map {
                        ChoiceView(value: $0, label: labels.choice($0), selected: value?.textValue == $0)
                    }
            case .boolean:
                let flag: Bool? = {
                    if case .boolean(let b)? = value { return b }
                    return nil
                }()
                choices = [
                    ChoiceView(value: "", label: labels.notStated, selected: flag == nil),
                    ChoiceView(value: "true", label: labels.yes, selected: flag == true),
                    ChoiceView(value: "false", label: labels.no, selected: flag == false),
                ]
            case .options(let allowed):
                let selected: [String] = {
                    if case .list(let items)? = value { return items }
                    return []
                }()
                choices = allowed.map {
                    ChoiceView(value: $0, label: labels.choice($0), selected: selected.contains($0))
                }
            default:
                break
            }
            let isSelect = {
                if case .enumeration = spec.type { return true }
                return spec.type == .boolean
            }()
            let isOptions = {
                if case .options = spec.type { return true }
                return false
            }()
            // A hint only where formatting tells the reader more than the input does (money, areas, dates in words).
            let hint =
                value.flatMap { value -> String? in
                    switch spec.type {
                    case .money, .area, .availability:
                        let words = Formatting.value(value, spec: spec, currency: currency, labels: labels)
                        return words == value.canonicalString() ? nil : words
                    default: return nil
                    }
                } ?? ""
            // The marks' candidates, each once, but not the value the form already shows.
            var offered: [Alternative] = []
            for choice in marks.flatMap({ $0.candidates ?? [] }) {
                let assignment = choice.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }
                    .joined(separator: ";")
                guard !offered.contains(where: { $0.choice == assignment }),
                    choice.contains(where: { values[$0.key]?.canonicalString(listSeparator: ";") != $0.value })
                else { continue }
                offered.append(
                    Alternative(label: Self.label(choice, currency: currency, labels: labels), choice: assignment))
            }
            return FieldView(
                name: spec.name.rawValue, label: labels.field(spec), value: shown, isSelect: isSelect,
                isOptions: isOptions, isInput: !isSelect && !isOptions, choices: choices, state: state.name,
                stateIcon: state.icon, stateLabel: labels.state(state), messages: mine.map(labels.message),
                hasMessages: !mine.isEmpty, hint: hint, hasHint: !hint.isEmpty, evidence: evidence[spec.name] ?? "",
                describedBy: "state-\(spec.name)", alternatives: offered, hasAlternatives: !offered.isEmpty,
                canConfirm: !marks.isEmpty, confirmLabel: value == nil ? labels.leaveEmpty : labels.looksRight)
        }
    }

    /// A candidate as the person reads it: its value in words, or each field's when it sets several.
    static func label(_ choice: [FieldName: String], currency: String, labels: Labels) -> String {
        let named = choice.count > 1
        return choice.sorted { $0.key < $1.key }.compactMap { name, canonical -> String? in
            guard let spec = FieldSchema.spec(named: name) else { return nil }
            let value = FieldValue(canonical: canonical, type: spec.type)
            let words = Formatting.value(value, spec: spec, currency: currency, labels: labels)
            return named ? "\(labels.field(spec)) \(words)" : words
        }.joined(separator: " / ")
    }
}
