import Hummingbird
import ListingCore
import Storage

/// Reading requests: ids, bodies and filters, each failing with a 400/404 message rather than a 500.
enum Requests {
    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw WebError.notFound() }
        return id
    }

    /// The body, read up to the route's limit.
    static func body(_ request: Request, limit: BodyLimit) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit.bytes)
        } catch {
            throw WebError(.contentTooLarge, code: "body_too_large", limit.message)
        }
    }

    /// A posted form of ours: its body, read only when it carries this browser's form token (`FormTokens`).
    static func form(_ request: Request, context: AppRequestContext, limit: BodyLimit) async throws -> FormBody {
        let form = try FormBody(try await body(request, limit: limit))
        try checkToken(form, context: context)
        return form
    }

    /// Refuses a form without this browser's token: a post from another site, or a page opened before the server's
    /// key changed.
    static func checkToken(_ form: FormBody, context: AppRequestContext) throws {
        try checkToken(form[FormTokens.fieldName], context: context)
    }

    /// The same for a token read from another kind of form (a file upload).
    static func checkToken(_ token: String?, context: AppRequestContext) throws {
        guard let token, !context.formToken.isEmpty,
            token.utf8.elementsEqual(context.formToken.utf8)
        else {
            throw WebError(
                .forbidden, code: "form_token",
                "This form has expired or did not come from this site, so nothing was saved. Reload the page and send it again."
            )
        }
    }

    /// A JSON body: refused unless it says it is JSON (a browser can post `text/plain` across sites without asking;
    /// `application/json` it cannot).
    static func json(_ request: Request, limit: BodyLimit) async throws -> ByteBuffer {
        try requireJSON(request)
        return try await body(request, limit: limit)
    }

    static func requireJSON(_ request: Request) throws {
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let type, type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")) else {
            throw WebError(
                .unsupportedMediaType, code: "not_json", "Send the body as JSON, with Content-Type: application/json.")
        }
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
