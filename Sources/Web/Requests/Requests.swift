import Hummingbird
import ListingCore
import Storage

/// Reading requests: ids, bodies and filters, each failing with a 400/404 message rather than a 500.
enum Requests {
    /// The largest body read: room for a paste at the limit, percent-encoded, and the review form's fields.
    static let maxBody = 1_000_000

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw WebError.notFound() }
        return id
    }

    static func body(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: maxBody)
        } catch {
            throw WebError(
                .contentTooLarge, code: "body_too_large",
                "The request is larger than \(maxBody / 1_000) kB; a listing may have at most \(TextInput.maxCharacters) characters."
            )
        }
    }

    static func form(_ request: Request) async throws -> FormBody {
        try FormBody(try await body(request))
    }

    /// The `cursor` of a list page: a listing id this app gave out, or nothing.
    static func cursor(_ request: Request) throws -> Int64? {
        guard let text = request.uri.queryParameters["cursor"].map(String.init), !text.isEmpty else { return nil }
        guard let number = Int64(text), number > 0 else {
            throw WebError.badRequest("cursor is not one this app gave out; start from the first page.")
        }
        return number
    }

    static func filter(_ request: Request) throws -> ListingFilter {
        let query = request.uri.queryParameters
        var kind: ListingKind?
        var status: ListingStatus?
        if let text = query["kind"].map(String.init), !text.isEmpty {
            guard let parsed = ListingKind(rawValue: text) else {
                throw WebError.badRequest("kind must be one of real_estate, second_hand, not_listing.")
            }
            kind = parsed
        }
        if let text = query["status"].map(String.init), !text.isEmpty {
            guard let parsed = ListingStatus(rawValue: text) else {
                throw WebError.badRequest("status must be one of draft, published, rejected.")
            }
            status = parsed
        }
        return ListingFilter(kind: kind, status: status, query: query["q"].map(String.init))
    }
}
