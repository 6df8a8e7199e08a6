import Desk

/// `GET /sign-in`: email and password. A paste sent while signed out comes back here in a hidden field, so that
/// signing in returns it to the paste form instead of losing it.
struct SignInPage: PageView {
    static let template = "sign-in"
    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let action = SiteURL.signIn.path
    let email: String
    let back: String
    let keptText: String
    let hasKeptText: Bool
    let message: String
    let hasMessage: Bool
    let signUp: String
    let openSignUp: Bool
    let formToken: String

    init(
        email: String = "", back: String, keptText: String = "", message: String? = nil, openSignUp: Bool,
        formToken: String, viewer: Viewer
    ) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        title = labels[.signInHeading]
        self.email = email
        self.back = back
        self.keptText = keptText
        hasKeptText = !keptText.isEmpty
        self.message = message ?? (keptText.isEmpty ? "" : labels[.pasteKeptSignIn])
        hasMessage = !self.message.isEmpty
        signUp = SiteURL.signUp.path
        self.openSignUp = openSignUp
        self.formToken = formToken
    }
}

/// `GET /setup`, `GET /sign-up`: a new account. On a fresh install it makes the admin; with an invitation, the
/// invited email's account; with open sign-up, anyone's.
struct SignUpPage: PageView {
    enum Purpose: Sendable {
        case firstAdmin
        case invitation(token: String, email: String)
        case open
    }

    static let template = "sign-up"
    let site = SiteLinks()
    let chrome: PageChrome
    let t: [String: String]
    let title: String
    let hint: String
    let action: String
    let email: String
    /// The invited email is fixed: shown, not typed.
    let emailFixed: Bool
    let invite: String
    let button: String
    let passwordHint: String
    let message: String
    let hasMessage: Bool
    let formToken: String

    init(_ purpose: Purpose, email: String = "", message: String? = nil, formToken: String, viewer: Viewer) {
        let labels = viewer.labels
        chrome = PageChrome(viewer)
        t = labels.t
        switch purpose {
        case .firstAdmin:
            title = labels[.setupHeading]
            hint = labels[.setupHint]
            action = SiteURL.setup.path
            button = labels[.setupButton]
            self.email = email
            emailFixed = false
            invite = ""
        case .invitation(let token, let invited):
            title = labels[.signUpHeading]
            hint = labels[.invitedHint]
            action = SiteURL.signUp.path
            button = labels[.signUpButton]
            self.email = invited
            emailFixed = true
            invite = token
        case .open:
            title = labels[.signUpHeading]
            hint = ""
            action = SiteURL.signUp.path
            button = labels[.signUpButton]
            self.email = email
            emailFixed = false
            invite = ""
        }
        passwordHint = labels.passwordRule(minimum: Passwords.minimumLength)
        self.message = message ?? ""
        hasMessage = message != nil
        self.formToken = formToken
    }
}
