import Evaluation
import Foundation
import ListingCore

/// The project's own labelled listings in `eval/` (see `eval/README.md` for where the real posts come from).
public enum DevSet {
    public static var directory: URL {
        TestDatabase.projectRoot.appendingPathComponent("eval")
    }

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The labelled listings of `dev.jsonl`, or of another labelled file in `eval/` (`public-check.jsonl`).
    public static func listings(_ file: String = "dev.jsonl") throws -> [DevListing] {
        try EvaluationData.listings(path(file))
    }

    /// Real model replies to the real posts of the dev set, by id.
    public static func modelReplies() throws -> [String: String] {
        try EvaluationData.replies(path("dev-model-replies.jsonl"))
    }

    /// The same model's replies to the project's own prompt (version 2026-11-23.2, one call), by id.
    public static func projectPromptReplies() throws -> [String: String] {
        try EvaluationData.replies(path("dev-project-prompt-replies.jsonl"))
    }

    /// A strong chat model's replies to prompt version 2026-11-30.3 (one call; the current prompt differs only in
    /// asking for bathrooms in halves) for all 106 listings, by id: the real model of this project, which has no API
    /// key.
    public static func currentPromptReplies() throws -> [String: String] {
        try EvaluationData.replies(path("dev-v3-replies.jsonl"))
    }

    /// One line of `kind-training.jsonl`: a public post, its kind, its language (`en`, `ko`), and `train` or
    /// `heldout`.
    public struct KindExample: Decodable, Sendable {
        public var text: String
        public var kind: ListingKind
        public var lang: String
        public var split: String
    }

    /// The posts the kind model learns from (`train`) and is measured on (`heldout`).
    public static func kindTraining() throws -> [KindExample] {
        let decoder = JSONDecoder()
        return try String(contentsOfFile: path("kind-training.jsonl"), encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(KindExample.self, from: Data($0.utf8))
        }
    }

    /// Brand alias groups, for scoring.
    public static func brandAliases() throws -> [[String]] {
        try EvaluationData.brandAliases(path("aliases.json"))
    }
}
