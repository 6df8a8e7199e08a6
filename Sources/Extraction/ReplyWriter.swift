import ListingCore

/// Writes the docs/REPLY.md envelope, escaped, as a model is asked to.
public enum ReplyWriter {
    public struct Field: Sendable {
        public var name: FieldName
        public var value: String
        public var evidence: String?

        public init(_ name: FieldName, _ value: String, evidence: String? = nil) {
            self.name = name
            self.value = value
            self.evidence = evidence
        }
    }

    /// The envelope; with `fields` nil, the classification-only reply of the first of two calls.
    public static func write(thinking: String, kind: ListingKind, fields: [Field]?) -> String {
        var lines = [
            "<thinking>\(ListingEscaping.escape(thinking))</thinking>",
            "<classification>\(kind.rawValue)</classification>",
        ]
        guard let fields else { return lines.joined(separator: "\n") + "\n" }
        lines.append("<fields>")
        for field in fields {
            let evidence = field.evidence.map { " evidence=\"\(ListingEscaping.escapeAttribute($0))\"" } ?? ""
            lines.append("<\(field.name)\(evidence)>\(ListingEscaping.escape(field.value))</\(field.name)>")
        }
        lines.append("</fields>")
        return lines.joined(separator: "\n") + "\n"
    }
}
