import Foundation
import Hummingbird
import Storage

/// Who a page is for: the language they read, the time zone their times are shown in, and the address they are at
/// (where the language switch brings them back to). Read from the request: the language from the person's choice
/// (a cookie the switch sets) or else the browser's `Accept-Language`; the zone from the browser (a cookie the
/// script sets) or else the language's usual one.
struct Viewer: Sendable {
    static let languageCookie = "listingdesk-lang"
    static let timeZoneCookie = "listingdesk-tz"

    let language: Language
    let timeZone: TimeZone
    /// The path and query of this page.
    let here: String
    /// The signed-in account, and the token of this browser's forms (for the sign-out button every page has).
    let account: Account?
    let formToken: String

    var labels: Labels { Labels.of(language) }

    init(
        language: Language, timeZone: TimeZone? = nil, here: String = "/", account: Account? = nil,
        formToken: String = ""
    ) {
        self.language = language
        self.timeZone = timeZone ?? language.defaultTimeZone
        self.here = here
        self.account = account
        self.formToken = formToken
    }

    /// The request's reader: who is signed in and this browser's form token come from the context.
    init(_ request: Request, _ context: AppRequestContext, account: Account? = nil) {
        let chosen = request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
        let language = chosen ?? Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        let zone = request.cookies[Self.timeZoneCookie].flatMap { Self.timeZone(named: $0.value) }
        let query = request.uri.query.map { "?" + $0 } ?? ""
        self.init(
            language: language, timeZone: zone, here: request.uri.path + query, account: account ?? context.identity,
            formToken: context.formToken)
    }

    /// An IANA zone name as a browser reports it (`Asia/Seoul`, `America/New_York`); nil for anything else.
    static func timeZone(named name: String) -> TimeZone? {
        let decoded = name.removingPercentEncoding ?? name
        guard decoded.count <= 64,
            decoded.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/_+-".unicodeScalars.contains($0))
            })
        else { return nil }
        return TimeZone(identifier: decoded)
    }

    /// A path of this site to go back to: a local path, or the home page for anything else (another site, a
    /// protocol-relative `//host`, a backslash trick), so that the switch cannot send a person elsewhere.
    static func localPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
            !candidate.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }), candidate.count <= 2_000
        else { return "/" }
        return candidate
    }
}
