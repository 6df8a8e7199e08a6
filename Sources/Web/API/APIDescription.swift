import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of the JSON API (`Public/openapi.json`, written by hand and held to the server's
/// answers by Tests/EndToEnd/test_openapi.py), read once at start and served at `/api/v1/openapi.json`.
struct APIDescription: Sendable {
    static let fileName = "openapi.json"

    /// The document's bytes, or nil when the static folder has none.
    let document: ByteBuffer?

    init(publicDirectory: String) {
        let path = URL(fileURLWithPath: publicDirectory).appendingPathComponent(Self.fileName).path
        document = FileManager.default.contents(atPath: path).map { ByteBuffer(bytes: $0) }
    }

    func response() throws -> Response {
        guard let document else { throw WebError.notFound("API description (\(Self.fileName) in the static folder)") }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: document))
    }
}
