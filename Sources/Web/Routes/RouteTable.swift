import Hummingbird
import Synchronization

/// Which methods each of the app's paths answers, recorded as the routes are registered: the method middleware reads
/// it to answer `HEAD` like `GET` and a wrong method with 405 and `Allow`, which the router alone does not.
final class RouteTable: Sendable {
    private let entries = Mutex<[(pattern: [Substring], method: HTTPRequest.Method)]>([])

    func record(_ method: HTTPRequest.Method, _ url: SiteURL) {
        let pattern = url.path.split(separator: "/", omittingEmptySubsequences: false)
        entries.withLock { $0.append((pattern, method)) }
    }

    /// Every route recorded, its path with `:name` for a parameter.
    var routes: [(path: String, method: HTTPRequest.Method)] {
        entries.withLock { $0.map { ($0.pattern.joined(separator: "/"), $0.method) } }
    }

    /// The methods registered for a concrete path (`:id` matches any one segment); empty when no route has the path.
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return entries.withLock { entries in
            Set(
                entries.filter { entry in
                    entry.pattern.count == segments.count
                        && zip(entry.pattern, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
                }.map(\.method))
        }
    }
}

/// Registers each route under its `SiteURL` and records it in the route table, so that the two cannot disagree.
struct Routes<Context: RequestContext> {
    let router: Router<Context>
    let table: RouteTable

    func get(
        _ url: SiteURL, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        table.record(.get, url)
        router.get(url.routerPath, use: handler)
    }

    func post(
        _ url: SiteURL, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        table.record(.post, url)
        router.post(url.routerPath, use: handler)
    }

    func delete(
        _ url: SiteURL, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        table.record(.delete, url)
        router.delete(url.routerPath, use: handler)
    }

    func patch(
        _ url: SiteURL, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        table.record(.patch, url)
        router.patch(url.routerPath, use: handler)
    }
}
