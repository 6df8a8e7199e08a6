import Storage

/// `GET /settings`: the signed-in account, and its personal API tokens: made here (shown once), revoked here.
struct SettingsPage: PageView {
    static let template = "settings"

    struct TokenRow: Sendable {
        let name: String
        let prefix: String
        let created: String
        let lastUsed: String
        let revoked: Bool
        let revokedOn: String
        let revoke: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let email: String
    let role: String
    let tokens: [TokenRow]
    let hasTokens: Bool
    let createAction = SiteURL.tokens.path
    /// A token just made: shown this once.
    let newToken: String
    let hasNewToken: Bool
    let apiExample: String
    let formToken: String

    /// `origin`: this server as the browser reached it (`http://192.168.1.20:8080`), so that the example works as
    /// shown.
    init(
        account: Account, tokens: [APIToken], newToken: String? = nil, origin: String, formToken: String,
        viewer: Viewer
    ) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.settingsHeading]
        email = account.email
        role = labels.role(account.role)
        self.tokens = tokens.map { token in
            TokenRow(
                name: token.name, prefix: token.shownPrefix + "…",
                created: labels.time(token.createdAt, in: viewer.timeZone),
                lastUsed: token.lastUsedAt.map { labels.time($0, in: viewer.timeZone) } ?? labels[.never],
                revoked: token.revokedAt != nil,
                revokedOn: token.revokedAt.map { labels.time($0, in: viewer.timeZone) } ?? "",
                revoke: SiteURL.tokenRevoke(.value(token.id)).path)
        }
        hasTokens = !tokens.isEmpty
        self.newToken = newToken ?? ""
        hasNewToken = newToken != nil
        apiExample = "curl -H 'Authorization: Bearer \(newToken ?? "ld_…")' " + origin + SiteURL.api(.listings).path
        self.formToken = formToken
    }
}

/// `GET /accounts` (admins): every account, with a button to disable or enable it; invitations, the link of a new
/// one shown once.
struct AccountsPage: PageView {
    static let template = "accounts"

    struct AccountRow: Sendable {
        let email: String
        let role: String
        let created: String
        let disabled: Bool
        let isSelf: Bool
        let disable: String
        let enable: String
    }

    struct InvitationRow: Sendable {
        let email: String
        let role: String
        let expires: String
        let withdraw: String
    }

    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let accounts: [AccountRow]
    let invitations: [InvitationRow]
    let hasInvitations: Bool
    let inviteAction = SiteURL.invitations.path
    let newLink: String
    let hasNewLink: Bool
    let message: String
    let hasMessage: Bool
    let formToken: String

    init(
        accounts: [Account], invitations: [Invitation], me: Account, newLink: String? = nil, message: String? = nil,
        formToken: String, viewer: Viewer
    ) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.accountsHeading]
        self.accounts = accounts.map { account in
            AccountRow(
                email: account.email, role: labels.role(account.role),
                created: labels.time(account.createdAt, in: viewer.timeZone), disabled: account.isDisabled,
                isSelf: account.id == me.id, disable: SiteURL.accountDisable(.value(account.id)).path,
                enable: SiteURL.accountEnable(.value(account.id)).path)
        }
        self.invitations = invitations.map { invitation in
            InvitationRow(
                email: invitation.email, role: labels.role(invitation.role),
                expires: labels.time(invitation.expiresAt, in: viewer.timeZone),
                withdraw: SiteURL.invitationWithdraw(.value(invitation.id)).path)
        }
        hasInvitations = !invitations.isEmpty
        self.newLink = newLink ?? ""
        hasNewLink = newLink != nil
        self.message = message ?? ""
        hasMessage = message != nil
        self.formToken = formToken
    }
}
