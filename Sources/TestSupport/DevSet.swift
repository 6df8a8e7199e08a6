import Foundation
import ListingCore

/// The labelled listings in `shared/eval`, read at test time (never copied into the project).
public struct DevListing: Sendable {
    public var id: String
    public var lang: String
    public var pastedOn: LocalDate
    public var text: String
    public var kind: ListingKind
    public var gold: [String: GoldValue]
    public var accept: [String: [GoldValue]]
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

struct DevRecord: Decodable {
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
}

struct ReplyRecord: Decodable {
    var id: String
    var reply: String
}

public enum DevSet {
    public static var sharedDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["LISTINGDESK_SHARED"] { return URL(fileURLWithPath: path) }
        return TestDatabase.projectRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "The shared eval data is missing at \(path) (set LISTINGDESK_SHARED)." }
    }

    static func records<T: Decodable>(_ name: String, as type: T.Type) throws -> [T] {
        let url = sharedDirectory.appendingPathComponent("eval").appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: url.path) }
        return try String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { line in
            try JSONDecoder().decode(T.self, from: Data(line.utf8))
        }
    }

    public static func listings() throws -> [DevListing] {
        try records("dev.jsonl", as: DevRecord.self).map { record in
            DevListing(
                id: record.id, lang: record.lang ?? "",
                pastedOn: record.pasted_on.flatMap(LocalDate.init(iso:)) ?? LocalDate(year: 2026, month: 11, day: 1)!,
                text: record.text, kind: ListingKind(rawValue: record.gold.kind) ?? .notListing,
                gold: record.gold.fields ?? [:], accept: record.gold.accept ?? record.accept ?? [:])
        }
    }

    /// The real model replies to the dev listings, by id.
    public static func modelReplies() throws -> [String: String] {
        var replies: [String: String] = [:]
        for record in try records("dev-model-replies.jsonl", as: ReplyRecord.self) { replies[record.id] = record.reply }
        return replies
    }

    /// Brand alias groups, for scoring.
    public static func brandAliases() throws -> [[String]] {
        let url = sharedDirectory.appendingPathComponent("eval/aliases.json")
        guard let data = FileManager.default.contents(atPath: url.path),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: [[String]]]
        else { throw Missing(path: url.path) }
        return object["brand"] ?? []
    }
}
