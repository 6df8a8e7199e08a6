/// One choice of a select or a checkbox group.
struct ChoiceView: Sendable {
    let value: String
    let label: String
    let selected: Bool
}
