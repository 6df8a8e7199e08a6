import Foundation
import ListingCore
import Storage

/// A form field on the review page, with its state shown by icon and word, not colour alone.
struct FieldView: Sendable {
    let name: String
    let label: String
    let koreanLabel: String
    let value: String
    let isSelect: Bool
    let isOptions: Bool
    let isInput: Bool
    let choices: [ChoiceView]
    let state: String
    let stateIcon: String
    let stateLabel: String
    let messages: [String]
    let hasMessages: Bool
    let hint: String
    let hasHint: Bool
    let evidence: String
    let describedBy: String
    /// Other values the text gives for the field (several prices): one click saves the one chosen.
    let alternatives: [Alternative]
    let hasAlternatives: Bool

    struct Alternative: Sendable {
        let label: String
        /// `field=value`, posted as `choose`.
        let choice: String
    }
}

extension FieldView {
    /// Every field of the kind, prefilled, with its state: needing a fix, missing, corrected by the person, or by
    /// its evidence grade (stated; inferred or unsupported, marked for a look).
    static func all(
        kind: ListingKind, values: [FieldName: FieldValue], typed: [FieldName: String], issues: [Issue],
        corrected: Set<FieldName>, evidence: [FieldName: String], grades: [FieldName: EvidenceGrade] = [:],
        alternatives: [FieldName: [FieldValue]] = [:]
    ) -> [FieldView] {
        let currency = values[.currency]?.textValue ?? "KRW"
        return FieldSchema.fields(for: kind).map { spec in
            let value = values[spec.name]
            let mine = issues.filter {
                $0.field == spec.name && $0.code != .nonCanonical && $0.code != .formatDeviation
            }
            let (state, icon, word): (String, String, String)
            if mine.contains(where: \.blocksPublishing) {
                (state, icon, word) = ("invalid", "✖", "needs a fix")
            } else if value == nil && typed[spec.name] == nil {
                (state, icon, word) = ("missing", "○", "missing")
            } else if corrected.contains(spec.name) {
                (state, icon, word) = ("corrected", "✎", "entered by you")
            } else if let others = alternatives[spec.name], others.count > 1 {
                (state, icon, word) = ("doubtful", "◐", "check: the text gives \(others.count) different values")
            } else if grades[spec.name] == .unsupported || mine.contains(where: { $0.code == .unsupported }) {
                (state, icon, word) = ("unsupported", "▲", "check: the text does not say this")
            } else if grades[spec.name] == .inferred {
                (state, icon, word) = ("inferred", "◐", "check: read from the text, not stated in it")
            } else if grades[spec.name] == .stated {
                (state, icon, word) = ("filled", "●", "stated in the text")
            } else {
                (state, icon, word) = ("filled", "●", "filled from the text")
            }
            let shown = typed[spec.name] ?? value.map { $0.canonicalString() } ?? ""
            var choices: [ChoiceView] = []
            switch spec.type {
            case .enumeration(let allowed):
                choices =
                    [ChoiceView(value: "", label: "—", selected: value == nil)]
                    + allowed.map {
                        ChoiceView(value: $0, label: Formatting.words($0), selected: value?.textValue == $0)
                    }
            case .boolean:
                let flag: Bool? = {
                    if case .boolean(let b)? = value { return b }
                    return nil
                }()
                choices = [
                    ChoiceView(value: "", label: "? (not stated)", selected: flag == nil),
                    ChoiceView(value: "true", label: "Yes", selected: flag == true),
                    ChoiceView(value: "false", label: "No", selected: flag == false),
                ]
            case .options(let allowed):
                let selected: [String] = {
                    if case .list(let items)? = value { return items }
                    return []
                }()
                choices = allowed.map {
                    ChoiceView(value: $0, label: Formatting.words($0), selected: selected.contains($0))
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
            // A hint only where formatting tells the reader more than the input does (money, areas).
            let hint =
                value.flatMap { value -> String? in
                    switch spec.type {
                    case .money, .area: return Formatting.value(value, spec: spec, currency: currency)
                    default: return nil
                    }
                } ?? ""
            let offered: [Alternative] =
                state == "doubtful"
                ? (alternatives[spec.name] ?? []).map { other in
                    Alternative(
                        label: Formatting.value(other, spec: spec, currency: currency),
                        choice: "\(spec.name.rawValue)=\(other.canonicalString())")
                } : []
            return FieldView(
                name: spec.name.rawValue, label: spec.label, koreanLabel: spec.koreanLabel, value: shown,
                isSelect: isSelect,
                isOptions: isOptions, isInput: !isSelect && !isOptions, choices: choices, state: state, stateIcon: icon,
                stateLabel: word, messages: mine.map(\.message), hasMessages: !mine.isEmpty,
                hint: hint, hasHint: !hint.isEmpty,
                evidence: evidence[spec.name] ?? "", describedBy: "state-\(spec.name)",
                alternatives: offered, hasAlternatives: !offered.isEmpty)
        }
    }
}
