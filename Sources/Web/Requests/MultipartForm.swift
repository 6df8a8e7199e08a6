import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` body (a file upload), parsed with MultipartKit's streaming parser as the body arrives,
/// up to the route's limit: each part's name, file name and bytes.
struct MultipartForm {
    struct Part {
        var filename: String?
        var body = ByteBuffer()
    }

    private(set) var parts: [String: Part] = [:]

    subscript(name: String) -> Part? { parts[name] }

    /// A part's bytes as text, when it is UTF-8.
    func text(_ name: String) -> String? {
        parts[name].flatMap { String(validating: $0.body.readableBytesView, as: UTF8.self) }
    }

    /// The boundary of a `multipart/form-data` content type; nil for any other type.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func read(_ request: Request, boundary: String, limit: BodyLimit) async throws -> MultipartForm {
        let parser = MultipartParser(boundary: boundary)
        var form = MultipartForm()
        var current = Part()
        var name: String?
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            name = Self.parameter("name", in: value)
            current.filename = Self.parameter("filename", in: value)
        }
        parser.onBody = { chunk in current.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if let name { form.parts[name] = current }
            current = Part()
            name = nil
        }
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= limit.bytes else {
                    throw WebError(.contentTooLarge, code: "body_too_large", limit.message)
                }
                try parser.execute(chunk)
            }
        } catch let error as WebError {
            throw error
        } catch {
            throw WebError.badRequest("The upload is not a well-formed multipart form.")
        }
        return form
    }

    /// `form-data; name="file"; filename="a.csv"` → the value of `name`.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
