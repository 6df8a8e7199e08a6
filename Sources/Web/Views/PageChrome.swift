/// What the layout shows around every page: the language the page speaks (its `lang`), the words of the
/// navigation, and a link that switches to the other language and comes back to the same page.
struct PageChrome: Sendable {
    let lang: String
    let otherLang: String
    let otherName: String
    let switchLink: String

    init(_ viewer: Viewer) {
        lang = viewer.language.rawValue
        otherLang = viewer.language.other.rawValue
        otherName = viewer.language.other.name
        switchLink = SiteURL.language.path(query: [("to", otherLang), ("back", viewer.here)])
    }
}
