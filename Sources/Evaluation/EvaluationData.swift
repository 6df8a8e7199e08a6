import Foundation
import ListingCore

/// A labelled listing (docs/FIELDS.md, "Evaluation records"): the text and the fields it states.
public struct DevListing: Sendable {
    public init(
        id: String, lang: String, pastedOn: LocalDate, text: String, kind: ListingKind, gold: [FieldName: GoldValue],
        accept: [FieldName: [GoldValue]], source: String = ""
    ) {
        self.id = id
        self.source = source
        self.lang = lang
        self.pastedOn = pastedOn
        self.text = text
        self.kind = kind
        self.gold = gold
        self.accept = accept
    }

    public var id: String
    public var lang: String
    public var pastedOn: LocalDate
    public var text: String
    public var kind: ListingKind
    public var gold: [FieldName: GoldValue]
    public var accept: [FieldName: [GoldValue]]
    /// Where the text comes from: a public dataset, or written for this project.
    public var source: String
}

/// A gold value as the JSON gives it.
public enum GoldValue: Sendable, Hashable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            self = .list(try container.decode([String].self))
        }
    }
}

public struct DevRecord: Decodable {
    struct Gold: Decodable {
        var kind: String
        var fields: [String: GoldValue]?
        var accept: [String: [GoldValue]]?
    }
    var id: String
    var lang: String?
    var pasted_on: String?
    var text: String
    var gold: Gold
    var accept: [String: [GoldValue]]?
    var source: String?
}

public struct ReplyRecord: Decodable {
    var id: String
    var reply: String
}

/// Reads evaluation files: JSON lines of labelled listings, and of model replies.
public enum EvaluationData {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "Cannot read \(path)." }
    }

    public static func records<T: Decodable>(_ path: String, as type: T.Type) throws -> [T] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Missing(path: path) }
        return try String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { line in
            try JSONDecoder().decode(T.self, from: Data(line.utf8))
        }
    }

    public static func listings(_ path: String) throws -> [DevListing] {
        try records(path, as: DevRecord.self).map { record in
            DevListing(
                id: record.id, lang: record.lang ?? "",
                pastedOn: record.pasted_on.flatMap(LocalDate.init(iso:)) ?? LocalDate(year: 2026, month: 11, day: 1)!,
                text: record.text, kind: ListingKind(rawValue: record.gold.kind) ?? .notListing,
                gold: Self.byField(record.gold.fields ?? [:]),
                accept: Self.byField(record.gold.accept ?? record.accept ?? [:]),
                source: record.source ?? "")
        }
    }

    static func byField<Value>(_ values: [String: Value]) -> [FieldName: Value] {
        Dictionary(uniqueKeysWithValues: values.map { (FieldName($0.key), $0.value) })
    }

    public static func replies(_ path: String) throws -> [String: String] {
        var replies: [String: String] = [:]
        for record in try records(path, as: ReplyRecord.self) { replies[record.id] = record.reply }
        return replies
    }

    /// Brand alias groups from `aliases.json`.
    public static func brandAliases(_ path: String) throws -> [[String]] {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: [[String]]]
        else { throw Missing(path: path) }
        return object["brand"] ?? []
    }
}
