import ListingCore

/// A correction that could not even reach the save (the database went away before the account or the listing could
/// be read, as while PostgreSQL restarts): every value as it was typed, shown, and kept in a form that sends them to
/// the same address again. Nothing typed is lost.
struct UnsavedPage: PageView {
    static let template = "unsaved"

    struct Field: Sendable {
        let name: String
        let value: String
    }

    struct Shown: Sendable {
        let label: String
        let value: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let message: String
    let action: String
    let formToken: String
    /// Every posted value but the old form token, in hidden fields.
    let fields: [Field]
    /// The field values among them, by the schema's order, for the person to see.
    let shown: [Shown]
    let hasShown: Bool

    init(action: String, form: FormBody, message: String, formToken: String, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.notSavedYet]
        self.message = message
        self.action = action
        self.formToken = formToken
        fields = form.values.keys.sorted().filter { $0 != FormTokens.fieldName }.flatMap { name in
            (form.values[name] ?? []).map { Field(name: name, value: $0) }
        }
        var seen: Set<FieldName> = []
        shown = FieldSchema.allFields.compactMap { spec in
            guard seen.insert(spec.name).inserted, let values = form.values[spec.name.rawValue],
                !values.allSatisfy(\.isEmpty)
            else { return nil }
            return Shown(label: labels.field(named: spec.name), value: values.joined(separator: ", "))
        }
        hasShown = !shown.isEmpty
    }
}
