import Desk
import Evaluation
import Foundation
import Hummingbird
import Storage

/// The stored evaluation runs: the list over time and each run's report.
struct EvaluationController: Sendable {
    let service: ListingService
    let repository: any ListingRepository
    let renderer: PageRenderer

    func register(on routes: Routes<AppRequestContext>) {
        routes.get(.evaluations, use: list)
        routes.get(.evaluation(.key), use: show)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let repository = self.repository
        let runs = try await service.storing { try await repository.evaluations(limit: 100) }
        return renderer.render(EvaluationsPage(runs, viewer: Viewer(request, context)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let id = try Requests.id(context)
        let repository = self.repository
        guard let json = try await service.storing({ try await repository.evaluationReport(id: id) }) else {
            throw WebError.notFound("evaluation run")
        }
        let report: EvaluationReport
        do {
            report = try EvaluationReport.read(json: Data(json.utf8))
        } catch {
            throw WebError.internal(logDetail: "evaluation run \(id) has an unreadable report: \(error)")
        }
        return renderer.render(
            EvaluationPage(
                label: report.label, body: EvaluationReportHTML.body(report), viewer: Viewer(request, context)))
    }
}
