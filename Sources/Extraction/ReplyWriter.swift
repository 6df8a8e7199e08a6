import ListingCore

/// Writes the REPLY.md envelope, escaped, as a model is asked to.
public enum ReplyWriter {
    public struct Field: Sendable {
        public var name: String
        public var value: String
        public var evidence: String?

        public init(_ name: String, _ value: String, evidence: String? = nil) {
            self.name = name
            self.value = value
            self.evidence = evidence
        }
    }

    public static func write(thinking: String, kind: ListingKind, fields: [Field]) -> String {
        var lines = [
            "<thinking>\(ListingEscaping.escape(thinking))</thinking>",
            "<classification>\(kind.rawValue)</classification>",
            "<fields>",
        ]
        for field in fields {
            let evidence = field.evidence.map { " evidence=\"\(ListingEscaping.escapeAttribute($0))\"" } ?? ""
            lines.append("<\(field.name)\(evidence)>\(ListingEscaping.escape(field.value))</\(field.name)>")
        }
        lines.append("</fields>")
        return lines.joined(separator: "\n") + "\n"
    }
}
