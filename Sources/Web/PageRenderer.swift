import Foundation
import Hummingbird
import Mustache

/// Renders `templates/*.mustache` into HTML answers.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads the templates; refuses, with a message naming the folder, when it is missing or holds none.
    public static func load(directory: String) async throws -> PageRenderer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WebError(.internalServerError, code: "templates_missing",
                           "The templates folder \(directory) does not exist. Run from the project folder or pass --templates.")
        }
        let library = try await MustacheLibrary(directory: directory)
        for name in ["layout", "index", "review", "listing", "list", "error", "usage"] where library.getTemplate(named: name) == nil {
            throw WebError(.internalServerError, code: "templates_missing",
                           "The templates folder \(directory) has no \(name).mustache (it must hold the page templates).")
        }
        return PageRenderer(library: library)
    }

    func render(_ template: String, _ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(object, withTemplate: template) ?? "<!doctype html><title>Error</title><p>Page missing."
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func errorPage(_ error: WebError) -> Response {
        render("error", ["title": "\(error.status.code) \(error.status.reasonPhrase)", "status": error.status.code,
                         "message": error.message] as [String: Any], status: error.status)
    }
}
