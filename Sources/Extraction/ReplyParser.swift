import Foundation
import ListingCore

/// One field element read from a reply, before normalisation.
public struct ReplyField: Sendable, Hashable {
    /// The tag name folded to docs/FIELDS.md spelling (`<Monthly-Rent>` → `monthly_rent`); it may name no field.
    public var name: FieldName
    /// The tag name as the model wrote it.
    public var writtenName: String
    /// The element's text, entities decoded, trimmed.
    public var value: String
    /// The `evidence` attribute, decoded, when given.
    public var evidence: String?
}

/// What a reply says, read as far as it can be read.
public struct ParsedReply: Sendable {
    public var thinking: String?
    /// The classification as written.
    public var classification: String?
    /// The classification as a kind, when it names one.
    public var kind: ListingKind?
    /// Field elements in the order written, repeats and unknown names included.
    public var fields: [ReplyField] = []
    /// Deviations from docs/REPLY.md, each recorded.
    public var issues: [Issue] = []
    /// False when the reply has no envelope at all: neither a classification nor a field.
    public var hasEnvelope: Bool { classification != nil || sawFieldsTag || !fields.isEmpty }
    /// True when the reply ends inside the envelope (a cut reply): fields closed before the cut are kept.
    public var truncated = false

    var sawFieldsTag = false
}

/// A forgiving tag scanner for the docs/REPLY.md envelope. Model output is not well-formed XML, so this is not an XML
/// parser: it reads what a careful person would read, records every deviation as an issue, and never throws.
/// It works on any prefix of a reply too (fields complete so far), which is what streaming needs.
public enum ReplyParser {
    static let wrapperNames: Set<String> = ["reply", "answer", "response", "output", "result", "envelope", "xml"]
    static let thinkingNames: Set<String> = ["thinking", "think", "reasoning", "analysis", "thoughts"]
    static let classificationNames: Set<String> = ["classification", "kind", "class"]
    static let fieldNames: Set<String> = Set(FieldSchema.allFields.map(\.name.rawValue))

    public static func parse(_ reply: String) -> ParsedReply {
        let bytes = Array(reply.utf8)
        let allTokens = ReplyTokenizer(bytes: bytes).tokenize()
        var result = ParsedReply()

        // 1. The thinking block is cut out whole, so that tag-like text inside it starts nothing.
        var tokens = allTokens
        if let start = tokens.firstIndex(where: { $0.isOpen(in: thinkingNames) }) {
            if let end = tokens[(start + 1)...].firstIndex(where: { $0.isClose(in: thinkingNames) }) {
                result.thinking = text(of: tokens[(start + 1)..<end], bytes: bytes)
                tokens.removeSubrange(start...end)
            } else if let resume = tokens[(start + 1)...].firstIndex(where: {
                $0.isOpen(in: classificationNames) || $0.isOpen(in: ["fields"])
            }) {
                // No closing tag: the thinking ends where the envelope visibly starts.
                result.thinking = text(of: tokens[(start + 1)..<resume], bytes: bytes)
                result.issues.append(
                    Issue(field: nil, code: .unclosedTag, message: "The <thinking> block was not closed."))
                tokens.removeSubrange(start..<resume)
            } else {
                result.thinking = text(of: tokens[(start + 1)...], bytes: bytes)
                result.truncated = true
                result.issues.append(
                    Issue(field: nil, code: .truncatedReply, message: "The reply ended inside <thinking>."))
                return result
            }
        }
        // 2. The classification.
        if let index = tokens.firstIndex(where: { $0.isOpen(in: classificationNames) }) {
            var end = index + 1
            while end < tokens.endIndex, tokens[end].isContent { end += 1 }
            let written = text(of: tokens[(index + 1)..<end], bytes: bytes)
            let closed = end < tokens.endIndex && tokens[end].isClose(in: classificationNames)
            if end == tokens.endIndex && !closed {
                result.truncated = true
            } else if !written.isEmpty {
                result.classification = written
                result.kind = ListingKind(loose: written)
                if result.kind == nil {
                    result.issues.append(
                        Issue(
                            field: nil, code: .missingClassification,
                            message: "The classification “\(written)” is not a kind we know."))
                }
            }
            if !closed && end < tokens.endIndex {
                result.issues.append(
                    Issue(field: nil, code: .unclosedTag, message: "The <classification> tag was not closed."))
            }
        }

        // 3. The fields: inside <fields>, or, when the wrapper is missing, any field tags after the thinking.
        var fieldsStart = 0
        var fieldsEnd = tokens.endIndex
        if let open = tokens.firstIndex(where: { $0.isOpen(in: ["fields"]) }) {
            result.sawFieldsTag = true
            fieldsStart = open + 1
            if let close = tokens[fieldsStart...].firstIndex(where: { $0.isClose(in: ["fields"]) }) {
                fieldsEnd = close
            } else {
                result.truncated = true
            }
        }
        readFields(
            tokens[fieldsStart..<fieldsEnd], bytes: bytes, reachesEnd: fieldsEnd == tokens.endIndex,
            into: &result)
        if !result.sawFieldsTag && !result.fields.isEmpty {
            result.issues.append(
                Issue(field: nil, code: .formatDeviation, message: "The fields were not inside a <fields> element."))
            result.truncated = false
        }
        if result.classification == nil && result.kind == nil && result.hasEnvelope {
            result.issues.append(
                Issue(field: nil, code: .missingClassification, message: "The reply did not classify the text."))
        }
        if !result.hasEnvelope {
            result.truncated = false
            result.issues.append(
                Issue(
                    field: nil, code: .noEnvelope,
                    message: "The reply had no <classification> or <fields>: nothing could be read from it."))
        } else if result.truncated {
            result.issues.append(
                Issue(
                    field: nil, code: .truncatedReply,
                    message: "The reply was cut off; only the fields closed before the cut were kept."))
        }
        return result
    }

    private static func readFields(
        _ tokens: ArraySlice<ReplyToken>, bytes: [UInt8], reachesEnd: Bool, into result: inout ParsedReply
    ) {
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            guard case .open(let name, let written, let attributes, let selfClosing, _) = token,
                !wrapperNames.contains(name), !thinkingNames.contains(name), !classificationNames.contains(name),
                name != "fields"
            else {
                index += 1
                continue
            }
            if selfClosing {
                index += 1
                continue
            }
            // The value runs to the matching close tag; another field's opening tag or a stray close also ends it.
            var end = index + 1
            var value = ""
            var closedProperly = false
            var endedByOtherTag = false
            scan: while end < tokens.endIndex {
                switch tokens[end] {
                case .text(let range), .cdata(let range):
                    value += ReplyParser.string(bytes, range)
                case .open(let other, _, _, _, let range):
                    if fieldNames.contains(other) || other == "fields" || classificationNames.contains(other) {
                        endedByOtherTag = true
                        break scan
                    }
                    value += ReplyParser.string(bytes, range)
                case .close(let other, _):
                    if other == name {
                        closedProperly = true
                        end += 1
                        break scan
                    }
                    // A mismatched close (`<monthly_rent>…</rent>`) still ends the value; a wrapper's close
                    // (`</fields>`) ends it and is left for the caller.
                    endedByOtherTag = true
                    if !(other == "fields" || wrapperNames.contains(other)) { end += 1 }
                    break scan
                }
                end += 1
            }
            let reachedEnd = end >= tokens.endIndex && !closedProperly && !endedByOtherTag
            if reachedEnd && reachesEnd {
                // Cut off mid-value: the value may be incomplete (`50` of `500000`), so it is not kept.
                result.truncated = true
                return
            }
            if !closedProperly {
                result.issues.append(
                    Issue(field: FieldName(name), code: .unclosedTag, message: "<\(written)> was not closed properly."))
            }
            let decoded = TextNormalization.trimmed(ListingEscaping.unescape(value))
            let evidence = attributes.first { $0.name == "evidence" }.map { ListingEscaping.unescape($0.value) }
            result.fields.append(
                ReplyField(name: FieldName(name), writtenName: written, value: decoded, evidence: evidence))
            index = end
        }
    }

    private static func text(of tokens: ArraySlice<ReplyToken>, bytes: [UInt8]) -> String {
        var result = ""
        for token in tokens {
            switch token {
            case .text(let range), .cdata(let range): result += ReplyParser.string(bytes, range)
            case .open(_, _, _, _, let range), .close(_, let range): result += ReplyParser.string(bytes, range)
            }
        }
        return TextNormalization.trimmed(ListingEscaping.unescape(result))
    }

    /// The text of a byte range, decoded straight from the array's storage.
    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
    }

    /// Folds a tag name to docs/FIELDS.md spelling: lower case, `-`, spaces and camelCase become `_`.
    static func canonicalName(_ written: String) -> String {
        var result = ""
        var previousWasLower = false
        for scalar in written.unicodeScalars {
            if ("A"..."Z").contains(scalar) {
                if previousWasLower { result.append("_") }
                result.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
                previousWasLower = false
            } else if scalar == "-" || scalar == " " || scalar == "." || scalar == "_" || scalar == ":" {
                if !result.isEmpty && !result.hasSuffix("_") { result.append("_") }
                previousWasLower = false
            } else {
                result.unicodeScalars.append(scalar)
                previousWasLower = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        return result
    }
}
