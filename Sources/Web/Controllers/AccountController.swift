import Desk
import Foundation
import HTTPTypes
import Hummingbird
import ListingCore
import Storage

/// The account pages (docs/API.md, "Accounts"): the first visit's admin account, sign-in and sign-out, sign-up by
/// invitation (or open), the account's API tokens, and the admins' page of accounts and invitations.
struct AccountController: Sendable {
    let accounts: AccountService
    let sessions: SignInSessions
    let renderer: PageRenderer
    /// What a sign-in that brings a paste back shows: the paste form with the text.
    let pasteForm: @Sendable (String, String, Viewer) async -> Response

    func register(on routes: Routes<AppRequestContext>) {
        routes.get(.setup, use: setupForm)
        routes.post(.setup, use: setup)
        routes.get(.signIn, use: signInForm)
        routes.post(.signIn, use: signIn)
        routes.post(.signOut, use: signOut)
        routes.get(.signUp, use: signUpForm)
        routes.post(.signUp, use: signUp)
        routes.get(.settings, use: settings)
        routes.post(.tokens, use: createToken)
        routes.post(.tokenRevoke(.key), use: revokeToken)
        routes.get(.accounts, use: accountList)
        routes.post(.invitations, use: invite)
        routes.post(.invitationWithdraw(.key), use: withdrawInvitation)
        routes.post(.accountDisable(.key)) { request, context in try await setDisabled(true, request, context) }
        routes.post(.accountEnable(.key)) { request, context in try await setDisabled(false, request, context) }
    }

    // MARK: The first visit

    @Sendable func setupForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await !accounts.hasAccounts() else { return .redirect(to: SiteURL.signIn.path, type: .normal) }
        return renderer.render(SignUpPage(.firstAdmin, formToken: context.formToken, viewer: Viewer(request, context)))
    }

    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Requests.form(request, context: context, limit: .correction)
        let email = form["email"] ?? ""
        let viewer = Viewer(request, context)
        do {
            return try await WebError.answering {
                let account = try await accounts.create(
                    email: email, password: form["password"] ?? "", role: .admin, onlyIfFirst: true)
                return try await signedIn(account, request: request, goingTo: SiteURL.home.path)
            }
        } catch let error as WebError where error.status != .serviceUnavailable && error.code != "set_up_already" {
            return renderer.render(
                SignUpPage(
                    .firstAdmin, email: email, message: viewer.labels.message(error), formToken: context.formToken,
                    viewer: viewer), status: error.status)
        }
    }

    // MARK: Signing in and out

    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let back = Viewer.localPath(request.uri.queryParameters["back"].map(String.init))
        if context.identity != nil { return .redirect(to: back, type: .normal) }
        guard try await accounts.hasAccounts() else { return .redirect(to: SiteURL.setup.path, type: .normal) }
        return renderer.render(
            SignInPage(
                back: back, openSignUp: accounts.settings.openSignUp, formToken: context.formToken,
                viewer: Viewer(request, context)))
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try FormBody(try await Requests.body(request, limit: .paste))
        let email = form["email"] ?? ""
        let back = Viewer.localPath(form["back"])
        let keptText = form["text"] ?? ""
        let viewer = Viewer(request, context)
        func again(_ message: String, _ status: HTTPResponse.Status) -> Response {
            renderer.render(
                SignInPage(
                    email: email, back: back, keptText: keptText, message: message,
                    openSignUp: accounts.settings.openSignUp, formToken: context.formToken, viewer: viewer),
                status: status)
        }
        do {
            try Requests.checkToken(form, context: context)
        } catch let error as WebError {
            return again(viewer.labels.message(error), error.status)
        }
        switch try await accounts.signIn(
            email: email, password: form["password"] ?? "", clientAddress: context.clientAddress)
        {
        case .signedIn(let account):
            guard !keptText.isEmpty else { return try await signedIn(account, request: request, goingTo: back) }
            // The paste sent while signed out: back in the paste form, to be sent with one press.
            let cookie = try await sessions.start(for: account, request: request)
            var page = await pasteForm(keptText, context.formToken, Viewer(request, context, account: account))
            page.setCookie(cookie)
            return page
        case .refused(let wait):
            context.logger.notice("sign-in refused", metadata: ["wait_s": .stringConvertible(wait.inSeconds)])
            return again(viewer.labels.signInRefused(wait: wait), .unauthorized)
        case .slowed(let wait):
            var page = again(viewer.labels.signInSlowed(wait: wait), .tooManyRequests)
            page.headers[.retryAfter] = String(max(1, Int(wait.inSeconds.rounded(.up))))
            return page
        case .disabled:
            return again(
                viewer.labels.pick(
                    "This account is disabled. Ask an admin to enable it.",
                    "사용 중지된 계정입니다. 관리자에게 다시 사용하게 해 달라고 요청하세요."), .forbidden)
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await Requests.form(request, context: context, limit: .correction)
        var response = Response.redirect(to: SiteURL.signIn.path, type: .normal)
        let sessions = self.sessions
        if let cookie = try await accounts.database.storing({ try await sessions.end(request) }) {
            response.setCookie(cookie)
        }
        return response
    }

    /// Starts the account's session and goes on to `path`.
    func signedIn(_ account: Account, request: Request, goingTo path: String) async throws -> Response {
        let sessions = self.sessions
        let cookie = try await accounts.database.storing { try await sessions.start(for: account, request: request) }
        var response = Response.redirect(to: path, type: .normal)
        response.setCookie(cookie)
        return response
    }

    // MARK: Signing up

    @Sendable func signUpForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = Viewer(request, context)
        if let token = request.uri.queryParameters["invite"].map(String.init) {
            guard let invitation = try await accounts.invitation(token) else { throw Self.invitationUnusable() }
            return renderer.render(
                SignUpPage(
                    .invitation(token: token, email: invitation.email), formToken: context.formToken, viewer: viewer))
        }
        guard try await accounts.hasAccounts() else { return .redirect(to: SiteURL.setup.path, type: .normal) }
        guard accounts.settings.openSignUp else { return .redirect(to: SiteURL.signIn.path, type: .normal) }
        return renderer.render(SignUpPage(.open, formToken: context.formToken, viewer: viewer))
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Requests.form(request, context: context, limit: .correction)
        let password = form["password"] ?? ""
        let viewer = Viewer(request, context)
        if let token = form["invite"], !token.isEmpty {
            guard let invitation = try await accounts.invitation(token) else { throw Self.invitationUnusable() }
            do {
                return try await WebError.answering {
                    guard let account = try await accounts.accept(invitation: token, password: password) else {
                        throw Self.invitationUnusable()
                    }
                    return try await signedIn(account, request: request, goingTo: SiteURL.home.path)
                }
            } catch let error as WebError where error.status == .unprocessableContent {
                return renderer.render(
                    SignUpPage(
                        .invitation(token: token, email: invitation.email), message: viewer.labels.message(error),
                        formToken: context.formToken, viewer: viewer), status: error.status)
            }
        }
        guard accounts.settings.openSignUp else { throw Self.invitationUnusable() }
        let email = form["email"] ?? ""
        do {
            return try await WebError.answering {
                let account = try await accounts.create(email: email, password: password, role: .member)
                return try await signedIn(account, request: request, goingTo: SiteURL.home.path)
            }
        } catch let error as WebError where error.status != .serviceUnavailable {
            return renderer.render(
                SignUpPage(
                    .open, email: email, message: viewer.labels.message(error), formToken: context.formToken,
                    viewer: viewer), status: error.status)
        }
    }

    static func invitationUnusable() -> WebError {
        WebError(
            .gone, code: "invitation_unusable",
            "This invitation was used already or has expired. Ask an admin for a new one.")
    }

    // MARK: The account's API tokens

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return renderer.render(
            SettingsPage(
                account: account, tokens: try await accounts.tokens(of: account), origin: Self.origin(of: request),
                formToken: context.formToken, viewer: Viewer(request, context)))
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await Requests.form(request, context: context, limit: .correction)
        let (token, record) = try await accounts.createToken(for: account, name: form["name"] ?? "")
        context.logger.info("API token made", metadata: ["token_id": .stringConvertible(record.id)])
        var page = renderer.render(
            SettingsPage(
                account: account, tokens: try await accounts.tokens(of: account), newToken: token,
                origin: Self.origin(of: request), formToken: context.formToken, viewer: Viewer(request, context)),
            status: .created)
        // The token is on this page only: no cache may keep it.
        page.headers[.cacheControl] = "no-store"
        return page
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await Requests.form(request, context: context, limit: .correction)
        try await accounts.revokeToken(try Requests.id(context), of: account)
        return .redirect(to: SiteURL.settings.path, type: .normal)
    }

    // MARK: Accounts and invitations (admins)

    @Sendable func accountList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        return try await accountsPage(admin, request: request, context: context)
    }

    func accountsPage(
        _ admin: Account, newLink: String? = nil, message: String? = nil, status: HTTPResponse.Status = .ok,
        request: Request, context: AppRequestContext
    ) async throws -> Response {
        var page = renderer.render(
            AccountsPage(
                accounts: try await accounts.allAccounts(), invitations: try await accounts.pendingInvitations(),
                me: admin, newLink: newLink, message: message, formToken: context.formToken,
                viewer: Viewer(request, context)),
            status: status)
        if newLink != nil { page.headers[.cacheControl] = "no-store" }
        return page
    }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let form = try await Requests.form(request, context: context, limit: .correction)
        let role = AccountRole(rawValue: form["role"] ?? "") ?? .member
        do {
            return try await WebError.answering {
                let (token, _) = try await accounts.invite(email: form["email"] ?? "", role: role, by: admin)
                let link = Self.origin(of: request) + SiteURL.signUp.path(query: [("invite", token)])
                return try await accountsPage(
                    admin, newLink: link, status: .created, request: request, context: context)
            }
        } catch let error as WebError where error.status != .serviceUnavailable {
            return try await accountsPage(
                admin, message: Viewer(request, context).labels.message(error), status: error.status, request: request,
                context: context)
        }
    }

    @Sendable func withdrawInvitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        _ = try await Requests.form(request, context: context, limit: .correction)
        try await accounts.withdrawInvitation(try Requests.id(context))
        return .redirect(to: SiteURL.accounts.path, type: .normal)
    }

    @Sendable func setDisabled(
        _ disabled: Bool, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let admin = try context.requireAdmin()
        _ = try await Requests.form(request, context: context, limit: .correction)
        try await accounts.setDisabled(try Requests.id(context), disabled, by: admin)
        return .redirect(to: SiteURL.accounts.path, type: .normal)
    }

    /// `http://host:port` as the browser reached this server (the same-origin check has vetted the host).
    static func origin(of request: Request) -> String {
        let scheme = SignInSessions.isHTTPS(request) ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")"
    }
}
