import Desk
import Hummingbird
import ListingCore

/// A path parameter: `.key` where a route is registered (`:id`), `.value` where a link is written.
enum Parameter<Value: Sendable & Hashable & LosslessStringConvertible>: Sendable, Hashable {
    case key
    case value(Value)

    func pathComponent(_ name: String) -> String {
        switch self {
        case .key: ":\(name)"
        case .value(let value): String(value)
        }
    }
}

/// Every path the app serves, once. The same case registers a route (`SiteURL.review(.key).routerPath`) and writes
/// each link to it (`SiteURL.review(.value(7)).path`), so a link cannot drift from its route. Templates never write
/// a path: the page views hand them links made here. docs/API.md lists the same paths.
enum SiteURL: Sendable, Hashable {
    case home
    /// `GET` the list, `POST` a paste.
    case listings
    case listingsStream
    case listingsCSV
    /// `GET` the listing, `POST` a correction.
    case listing(Parameter<Int64>)
    case review(Parameter<Int64>)
    case publish(Parameter<Int64>)
    /// `POST` a kind change: the text is read again as that kind.
    case kind(Parameter<Int64>)
    /// `POST`: a published listing back to a draft.
    case unpublish(Parameter<Int64>)
    /// `GET` asks, `POST` deletes.
    case delete(Parameter<Int64>)
    case usage
    case stats
    /// `GET ?to=ko&back=/path`: the interface's language, remembered in a cookie.
    case language
    /// `GET`: the first of all the drafts that need a look (the review queue of drafts).
    case reviewDrafts
    /// `GET` the batches and the import form, `POST` an import.
    case batches
    case batch(Parameter<Int64>)
    /// `GET`: the batch's progress as server-sent events.
    case batchEvents(Parameter<Int64>)
    /// `POST` (with `listing` for one): reads the failed listings again.
    case batchRetry(Parameter<Int64>)
    case batchCancel(Parameter<Int64>)
    case batchSendToBatchAPI(Parameter<Int64>)
    /// `GET` lists the batch's clean drafts and asks, `POST` publishes them.
    case batchPublishClean(Parameter<Int64>)
    /// `GET`: the first draft of the batch's review queue.
    case batchReview(Parameter<Int64>)
    case evaluations
    case evaluation(Parameter<Int64>)
    /// The first visit of a fresh install: `GET` the form that makes the admin account, `POST` it.
    case setup
    case signIn
    /// `GET ?invite=…` (or open sign-up, when the operator allows it), `POST` the new account.
    case signUp
    case signOut
    /// The account's page: its API tokens.
    case settings
    /// `POST` a new API token.
    case tokens
    case tokenRevoke(Parameter<Int64>)
    /// An admin's page: the accounts, invitations.
    case accounts
    /// `POST` an invitation.
    case invitations
    /// `POST`: an invitation withdrawn before it is used.
    case invitationWithdraw(Parameter<Int64>)
    case accountDisable(Parameter<Int64>)
    case accountEnable(Parameter<Int64>)
    case health
    case metrics
    case stylesheet
    case script
    case api(API)

    /// The JSON API under `/api/v1`.
    enum API: Sendable, Hashable {
        case extract
        case listings
        case listing(Parameter<Int64>)
        case publish(Parameter<Int64>)
        case unpublish(Parameter<Int64>)
        /// `POST`: a batch's clean drafts published at once.
        case batchPublishClean(Parameter<Int64>)
        case usage
        /// `GET`: the OpenAPI description of these routes (`Public/openapi.json`).
        case openAPIDocument

        var path: String {
            switch self {
            case .openAPIDocument: "/api/v1/openapi.json"
            case .extract: "/api/v1/extract"
            case .listings: "/api/v1/listings"
            case .listing(let id): "/api/v1/listings/\(id.pathComponent("id"))"
            case .publish(let id): "/api/v1/listings/\(id.pathComponent("id"))/publish"
            case .unpublish(let id): "/api/v1/listings/\(id.pathComponent("id"))/unpublish"
            case .batchPublishClean(let id): "/api/v1/batches/\(id.pathComponent("id"))/publish-clean"
            case .usage: "/api/v1/usage"
            }
        }
    }

    var path: String {
        switch self {
        case .home: "/"
        case .listings: "/listings"
        case .listingsStream: "/listings/stream"
        case .listingsCSV: "/listings.csv"
        case .reviewDrafts: "/listings/queue"
        case .listing(let id): "/listings/\(id.pathComponent("id"))"
        case .review(let id): "/listings/\(id.pathComponent("id"))/review"
        case .publish(let id): "/listings/\(id.pathComponent("id"))/publish"
        case .kind(let id): "/listings/\(id.pathComponent("id"))/kind"
        case .unpublish(let id): "/listings/\(id.pathComponent("id"))/unpublish"
        case .delete(let id): "/listings/\(id.pathComponent("id"))/delete"
        case .usage: "/usage"
        case .stats: "/stats"
        case .language: "/language"
        case .batches: "/batches"
        case .batch(let id): "/batches/\(id.pathComponent("id"))"
        case .batchEvents(let id): "/batches/\(id.pathComponent("id"))/events"
        case .batchRetry(let id): "/batches/\(id.pathComponent("id"))/retry"
        case .batchCancel(let id): "/batches/\(id.pathComponent("id"))/cancel"
        case .batchSendToBatchAPI(let id): "/batches/\(id.pathComponent("id"))/batch-api"
        case .batchPublishClean(let id): "/batches/\(id.pathComponent("id"))/publish-clean"
        case .batchReview(let id): "/batches/\(id.pathComponent("id"))/review"
        case .evaluations: "/evals"
        case .evaluation(let id): "/evals/\(id.pathComponent("id"))"
        case .setup: "/setup"
        case .signIn: "/sign-in"
        case .signUp: "/sign-up"
        case .signOut: "/sign-out"
        case .settings: "/settings"
        case .tokens: "/settings/tokens"
        case .tokenRevoke(let id): "/settings/tokens/\(id.pathComponent("id"))/revoke"
        case .accounts: "/accounts"
        case .invitations: "/accounts/invitations"
        case .invitationWithdraw(let id): "/accounts/invitations/\(id.pathComponent("id"))/withdraw"
        case .accountDisable(let id): "/accounts/\(id.pathComponent("id"))/disable"
        case .accountEnable(let id): "/accounts/\(id.pathComponent("id"))/enable"
        case .health: "/healthz"
        case .metrics: "/metrics"
        case .stylesheet: "/css/app.css"
        case .script: "/js/app.js"
        case .api(let api): api.path
        }
    }

    /// The path with a query string; `nil` values are left out, the rest percent-encoded.
    func path(query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value in value.map { "\(name)=\(Self.encode($0))" } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// The path as Hummingbird's router takes it.
    var routerPath: RouterPath { RouterPath(path) }

    /// RFC 3986's unreserved characters, the only ones a query value keeps as they are.
    static let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)

    static func encode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            if unreserved.contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}

/// The links every page's layout needs, made once.
struct SiteLinks: Sendable {
    let home = SiteURL.home.path
    let listings = SiteURL.listings.path
    let usage = SiteURL.usage.path
    let stats = SiteURL.stats.path
    let batches = SiteURL.batches.path
    let stylesheet = SiteURL.stylesheet.path
    let script = SiteURL.script.path
    let stream = SiteURL.listingsStream.path
}

extension ListingService.ReviewQueue {
    /// Where the queue comes from, and goes back to when nothing is left.
    var home: String {
        switch self {
        case .batch(let id): SiteURL.batch(.value(id)).path
        case .drafts: SiteURL.listings.path(query: [("status", ListingStatus.draft.rawValue)])
        }
    }
}
