import HTTPTypes
import Hummingbird

/// Two checks before any route runs.
///
/// - `Host` must be one the app answers for (`AppConfiguration.allowedHosts`): a page on an attacker's name that
///   resolves to our address (DNS rebinding) would otherwise read and write as if it were ours.
/// - An unsafe request that a browser marks as coming from elsewhere is refused: an `Origin` whose scheme (HTTPS
///   when the request came over it, or a proxy says so with `X-Forwarded-Proto`), host and port are not exactly
///   this server's (a missing port is the scheme's default, not ours), `Origin: null`, or
///   `Sec-Fetch-Site: cross-site`. Requests with neither header (curl, scripts) pass; forms also need their token.
struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedHosts: Set<String>?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // What the request says it was sent to, as `name:port` (a Host without a port is the scheme's default).
        let host = request.head.authority.map { Self.candidates(forHost: $0) }
        if let allowedHosts, let host, allowedHosts.isDisjoint(with: host) {
            throw WebError(
                .misdirectedRequest, code: "unknown_host",
                "This server does not answer for the name “\(request.head.authority ?? "")”. If that is this server, add "
                    + "the name (name:port) to LISTINGDESK_ALLOWED_HOSTS, comma-separated, and restart it: see the "
                    + "README, “Open it from your phone”.")
        }
        if ![.get, .head, .options].contains(request.method) {
            if request.headers[.secFetchSite]?.lowercased() == "cross-site" {
                throw Self.refused
            }
            if let origin = request.headers[.origin] {
                // The scheme too: this request came over HTTPS (directly or through a proxy that says so) or not,
                // and an origin of the other scheme is another site, whatever its host and port.
                let scheme = SignInSessions.isHTTPS(request) ? "https" : "http"
                let ownHost = request.head.authority.map { Self.candidates(forHost: $0, scheme: scheme) }
                guard let (originScheme, originAuthority) = Self.parse(origin: origin), originScheme == scheme,
                    ownHost?.contains(originAuthority) ?? (allowedHosts?.contains(originAuthority) ?? false)
                else { throw Self.refused }
            }
        }
        return try await next(request, context)
    }

    static var refused: WebError {
        WebError(.forbidden, code: "cross_origin", "This request came from another site and was refused.")
    }

    /// `127.0.0.1:8080` → itself; `localhost` → `localhost:80` and `localhost:443` (with a scheme, its port only).
    static func candidates(forHost host: String, scheme: String? = nil) -> Set<String> {
        let lower = host.lowercased()
        let hasPort = lower.hasPrefix("[") ? lower.contains("]:") : lower.contains(":")
        if hasPort { return [lower] }
        switch scheme {
        case "http": return ["\(lower):80"]
        case "https": return ["\(lower):443"]
        default: return ["\(lower):80", "\(lower):443"]
        }
    }

    /// `https://127.0.0.1:8080` → (`https`, `127.0.0.1:8080`); nil for anything that is not an http(s) origin.
    static func parse(origin: String) -> (scheme: String, authority: String)? {
        guard let authority = authority(ofOrigin: origin) else { return nil }
        return (origin.lowercased().hasPrefix("https://") ? "https" : "http", authority)
    }

    /// `http://127.0.0.1:8080` → `127.0.0.1:8080`; `http://localhost` → `localhost:80`; anything that is not an
    /// http(s) origin (`null`, a file, an extension) → nil.
    static func authority(ofOrigin origin: String) -> String? {
        let lower = origin.lowercased()
        let scheme: String
        let rest: Substring
        if lower.hasPrefix("http://") {
            scheme = "http"
            rest = lower.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            scheme = "https"
            rest = lower.dropFirst(8)
        } else {
            return nil
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@") else { return nil }
        // An IPv6 literal keeps its brackets; a port follows the last colon outside them.
        if let close = rest.lastIndex(of: "]") {
            let after = rest[rest.index(after: close)...]
            return after.isEmpty ? "\(rest):\(scheme == "http" ? 80 : 443)" : String(rest)
        }
        return rest.contains(":") ? String(rest) : "\(rest):\(scheme == "http" ? 80 : 443)"
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
}
