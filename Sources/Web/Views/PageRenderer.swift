import Foundation
import Hummingbird
import Mustache

/// Renders `templates/*.mustache` into HTML answers, each page from its own view.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Every template a page renders with, and the layout they share.
    static let templates = [
        "layout", IndexPage.template, ReviewPage.template, ShowPage.template, ListPage.template, ErrorPage.template,
        UsagePage.template, StatsPage.template, EvaluationsPage.template, EvaluationPage.template,
        KindChangePage.template, BatchesPage.template, BatchPage.template, "field", SignInPage.template,
        SignUpPage.template, SettingsPage.template, AccountsPage.template, DeletePage.template,
        PublishCleanPage.template,
    ]

    /// Loads the templates; refuses, with a message naming the folder, when it is missing or lacks one of them.
    public static func load(directory: String) async throws -> PageRenderer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WebError(
                .internalServerError, code: "templates_missing",
                "The templates folder \(directory) does not exist. Run from the project folder or pass --templates.")
        }
        let library = try await MustacheLibrary(directory: directory)
        for name in templates where library.getTemplate(named: name) == nil {
            throw WebError(
                .internalServerError, code: "templates_missing",
                "The templates folder \(directory) has no \(name).mustache (it must hold the page templates).")
        }
        return PageRenderer(library: library)
    }

    /// The page's HTML.
    func html<Page: PageView>(_ page: Page) -> String {
        library.render(MustacheTable.of(page), withTemplate: Page.template)
            ?? "<!doctype html><title>Error</title><p>Page missing."
    }

    func render<Page: PageView>(_ page: Page, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html(page))))
    }

    func errorPage(_ error: WebError, viewer: Viewer) -> Response {
        render(ErrorPage(error, viewer: viewer), status: error.status)
    }
}
