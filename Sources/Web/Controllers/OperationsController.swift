import Desk
import Hummingbird
import Storage

/// What an operator's tools read: `/healthz` for load balancers and `/metrics` for Prometheus.
struct OperationsController: Sendable {
    let repository: any ListingRepository
    let metrics: AppMetrics

    func register(on routes: Routes<some RequestContext>) {
        routes.get(.health) { _, _ in await health() }
        routes.get(.metrics) { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }

    /// `200 ok` when the database answers within 2 s, `503` otherwise.
    func health() async -> Response {
        let repository = self.repository
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await repository.ping() }
                group.addTask {
                    try await Task.sleep(for: .seconds(2))
                    throw WebError(.serviceUnavailable, code: "timeout", "timeout")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        } catch {
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "database unavailable\n")))
        }
    }
}
