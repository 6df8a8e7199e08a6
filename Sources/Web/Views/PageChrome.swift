/// What the layout shows around every page: the language the page speaks (its `lang`), the words of the
/// navigation, a link that switches to the other language and comes back to the same page, and who is signed in
/// (with the links of their account and a sign-out button) or a link to sign in.
struct PageChrome: Sendable {
    let lang: String
    let otherLang: String
    let otherName: String
    let switchLink: String
    let account: AccountLinks?
    let isAdmin: Bool
    let signIn: String

    /// The signed-in account's part of the header.
    struct AccountLinks: Sendable {
        let email: String
        let settings = SiteURL.settings.path
        let accounts = SiteURL.accounts.path
        let signOut = SiteURL.signOut.path
        let formToken: String
    }

    init(_ viewer: Viewer) {
        lang = viewer.language.rawValue
        otherLang = viewer.language.other.rawValue
        otherName = viewer.language.other.name
        switchLink = SiteURL.language.path(query: [("to", otherLang), ("back", viewer.here)])
        account = viewer.account.map { AccountLinks(email: $0.email, formToken: viewer.formToken) }
        isAdmin = viewer.account?.role == .admin
        signIn = SiteURL.signIn.path(query: [("back", viewer.here == "/" ? nil : viewer.here)])
    }
}
