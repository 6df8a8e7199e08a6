import Evaluation
import Foundation
import ListingCore

public enum DevSet {
    public static var sharedDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["LISTINGDESK_SHARED"] { return URL(fileURLWithPath: path) }
        return TestDatabase.projectRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func path(_ name: String) -> String {
        sharedDirectory.appendingPathComponent("eval").appendingPathComponent(name).path
    }

    public static func listings() throws -> [DevListing] {
        try EvaluationData.listings(path("dev.jsonl"))
    }

    /// The real model replies to the dev listings, by id.
    public static func modelReplies() throws -> [String: String] {
        try EvaluationData.replies(path("dev-model-replies.jsonl"))
    }

    /// Brand alias groups, for scoring.
    public static func brandAliases() throws -> [[String]] {
        try EvaluationData.brandAliases(path("aliases.json"))
    }
}
