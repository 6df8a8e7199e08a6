import Desk
import Foundation
import Hummingbird
import ListingCore
import Storage

/// JSON answers of the API, shaped as docs/API.md describes.
enum JSONAnswer {
    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok, location: String? = nil) -> Response {
        let bytes = value.jsonBytes() ?? Array("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ error: WebError) -> Response {
        var body: [String: JSONValue] = [
            "error": .object(["code": .string(error.code), "message": .string(error.message)])
        ]
        // Every issue of a refusal is an error of the request, whatever its code.
        if !error.issues.isEmpty { body["errors"] = .array(error.issues.map(issue)) }
        return response(.object(body), status: error.status)
    }

    /// `{"field", "code", "message", "candidates"}` for each issue that marks a field or concerns the whole listing
    /// (docs/API.md: a field is marked when its grade is not `stated` or an issue names it; nothing else is a mark).
    /// Why a draft was left when a batch's clean ones were published: `not_read`, `needs_look`, `not_publishable`
    /// or `changed`.
    static func code(_ reason: ListingService.LeftReason) -> String {
        switch reason {
        case .notRead: "not_read"
        case .marked: "needs_look"
        case .blocked: "not_publishable"
        case .changed: "changed"
        }
    }

    static func issues(_ issues: [Issue]) -> JSONValue {
        .array(issues.filter { $0.field == nil || $0.isMark }.map(issue))
    }

    /// Notes on how the reply was written (a value normalised, a tag misspelt): kept apart, as they mark nothing.
    static func notes(_ issues: [Issue]) -> JSONValue {
        .array(issues.filter { $0.field != nil && !$0.isMark }.map(issue))
    }

    static func issue(_ issue: Issue) -> JSONValue {
        var object: [String: JSONValue] = [
            "field": issue.field.map { .string($0.rawValue) } ?? .null, "code": .string(issue.code.rawValue),
            "message": .string(issue.message),
        ]
        if let candidates = issue.candidates {
            object["candidates"] = .array(
                candidates.map { choice in
                    .object(
                        Dictionary(uniqueKeysWithValues: choice.map { ($0.key.rawValue, value($0.value, of: $0.key)) }))
                })
        }
        return .object(object)
    }

    /// A candidate's canonical string as the JSON type its field has in `fields` (a number for money, an array for
    /// options); the kind stays a string.
    static func value(_ canonical: String, of name: FieldName) -> JSONValue {
        guard let spec = FieldSchema.spec(named: name) else { return .string(canonical) }
        return JSONValue(FieldValue(canonical: canonical, type: spec.type))
    }

    static func fields(_ fields: [FieldName: FieldValue]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.key.rawValue, JSONValue($0.value)) }))
    }

    static func evidence(_ evidence: [FieldName: String]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: evidence.map { ($0.key.rawValue, .string($0.value)) }))
    }

    static func grades(_ grades: [FieldName: EvidenceGrade]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: grades.map { ($0.key.rawValue, .string($0.value.rawValue)) }))
    }

    static func listing(_ listing: Listing) -> JSONValue {
        .object([
            "id": .int(Int(listing.id)),
            "kind": .string(listing.kind.rawValue),
            "status": .string(listing.status.rawValue),
            "version": .int(listing.version),
            "fields": fields(listing.fields),
            "issues": issues(listing.issues),
            "notes": notes(listing.issues),
            "evidence": evidence(listing.evidence),
            "grades": grades(listing.grades),
            "model": listing.provenance.extractedBy.map(JSONValue.string) ?? .null,
            "fallback_from": listing.provenance.fallbackFrom.map(JSONValue.string) ?? .null,
            "delivery": listing.provenance.via.map { .string($0.rawValue) } ?? .null,
            "source_text": .string(listing.sourceText),
            "created_at": .string(Formatting.iso(listing.createdAt)),
            "updated_at": .string(Formatting.iso(listing.updatedAt)),
            "published_at": listing.publishedAt.map { .string(Formatting.iso($0)) } ?? .null,
        ])
    }
}
