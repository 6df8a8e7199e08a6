import ArgumentParser
import AsyncHTTPClient
import Desk
import Evaluation
import Extraction
import Foundation
import LLM
import ListingCore
import Storage

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score extraction on a labelled JSON-lines file by docs/FIELDS.md's rules: kind accuracy, field F1, "
            + "hallucination, and a per-field table.")

    @Option(help: "Labelled listings (docs/FIELDS.md, \"Evaluation records\").") var data = "eval/dev.jsonl"
    @Option(help: "Brand alias groups for scoring.") var aliases = "eval/aliases.json"
    @Option(help: "Score these model replies (JSON lines {\"id\", \"reply\"}) instead of calling a model.") var replies:
        String?
    @Flag(help: "Also list the items whose kind was wrong, and every value the evidence grades flag.") var verbose =
        false
    @Option(
        help:
            "Only one half of the data (a or b, a fixed split by id): tune rules on one half, check them on the other.")
    var half: DevHalf?
    @Option(help: "Also write the report to this file: .json, .md or .html (a page with charts, self-contained).")
    var report: String?
    @Option(help: "A name for this run in reports and stored runs (default: model, prompt version, strategy).")
    var label: String?
    @Flag(help: "Store the run in the database (DATABASE_URL), listed at /evals.") var store = false
    @Option(
        help: ArgumentHelp(
            "Score only the offline reader's kind on the held-back lines of a kind-training file "
                + "(eval/kind-training.jsonl), against the learned model alone; nothing else is run."))
    var kinds: String?
    @Flag(
        help: ArgumentHelp(
            "With --replies: also print what a million such listings cost at mini-class list prices, one a request, "
                + "packed, and through the Batch API."))
    var cost = false
    @Option(
        parsing: .upToNextOption,
        help: "Compare two JSON reports field by field (A then B) and print the comparison; nothing is run.")
    var compare: [String] = []
    @OptionGroup var models: ModelOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard compare.isEmpty || compare.count == 2 else { throw ValidationError("--compare takes two report files.") }
        if let report, !["json", "md", "html"].contains(URL(fileURLWithPath: report).pathExtension) {
            throw ValidationError("--report writes .json, .md or .html.")
        }
    }

    func run() async throws {
        if let kinds {
            print(try KindScore.heldOut(kinds, listMisses: verbose))
            return
        }
        if compare.count == 2 {
            let reports = try compare.map {
                try EvaluationReport.read(json: Data(contentsOf: URL(fileURLWithPath: $0)))
            }
            print(EvaluationReport.comparison(reports[0], reports[1]), terminator: "")
            return
        }
        let listings = try EvaluationData.listings(data).filter { item in half.map { $0.holds(item.id) } ?? true }
        print(Self.promptCost(listings))
        var scorer = Scorer(aliases: try EvaluationData.brandAliases(aliases))
        if let replies {
            let byID = try EvaluationData.replies(replies)
            for item in listings {
                let parsed = ReplyParser.parse(byID[item.id] ?? "")
                var result = ReplyInterpreter.interpret(
                    parsed, listingText: item.text, pastedOn: item.pastedOn, fallbackKind: .notListing)
                ReviewMarks.mark(&result, text: item.text, pastedOn: item.pastedOn, readBy: .model)
                record(item, result, in: &scorer)
            }
            print("replies from \(replies)")
            if cost { print(CostEstimate.report(listings, replies: byID)) }
            print(scorer.report())
            if let grades = scorer.gradeReport() { print(grades) }
            print(scorer.totals.marks.report())
            try await finish(
                EvaluationReport(
                    label: label ?? "replies \(URL(fileURLWithPath: replies).lastPathComponent)", data: data,
                    model: "replies", promptVersion: "as replied", strategy: "replies", totals: scorer.totals))
            return
        }
        var flags = FlagValues()
        models.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.eval")
        let http = SharedHTTPClient()
        let (pipeline, description) = try settings.models.pipeline(
            logger: logger, http: http, limiters: RateLimiterRegistry())
        let started = ContinuousClock.now
        let outcomes = try await http.whileOpen {
            await withTaskGroup(of: (Int, ExtractionOutcome).self) { group in
                for (index, item) in listings.enumerated() {
                    group.addTask { (index, await pipeline.extract(item.text, pastedOn: item.pastedOn)) }
                }
                var results = [ExtractionOutcome?](repeating: nil, count: listings.count)
                for await (index, outcome) in group { results[index] = outcome }
                return results.compactMap { $0 }
            }
        }
        for (item, outcome) in zip(listings, outcomes) {
            record(item, outcome.listing, in: &scorer)
        }
        let tokens = outcomes.flatMap(\.runs).reduce(0) { $0 + $1.promptTokens + $1.completionTokens }
        print(
            String(
                format: "%@: %d listings in %.1f s, %d tokens", description, listings.count,
                RetryPolicy.secondsOf(ContinuousClock.now - started), tokens))
        print(scorer.report())
        if let grades = scorer.gradeReport() { print(grades) }
        print(scorer.totals.marks.report())
        let runs = outcomes.map(\.runs)
        let costs = runs.joined().compactMap(\.costUSD)
        let model = settings.models.wantsOffline ? "offline" : (settings.models.model ?? "offline")
        let strategy = settings.models.strategy.rawValue
        try await finish(
            EvaluationReport(
                label: label ?? "\(model) \(PromptBuilder.version) \(strategy)", data: data, model: model,
                promptVersion: PromptBuilder.version, strategy: strategy, totals: scorer.totals,
                latenciesMilliseconds: runs.map { $0.reduce(0) { $0 + $1.latencyMilliseconds } }, tokens: tokens,
                costUSD: costs.isEmpty ? nil : costs.reduce(0, +)))
    }

    /// Writes the report where asked, and stores the run when asked.
    func finish(_ evaluation: EvaluationReport) async throws {
        if let report {
            let text: String =
                switch URL(fileURLWithPath: report).pathExtension {
                case "json": try evaluation.json()
                case "md": evaluation.markdown()
                default: EvaluationReportHTML.document(evaluation)
                }
            try Data(text.utf8).write(to: URL(fileURLWithPath: report))
            print("report written to \(report)")
        }
        guard store else { return }
        var flags = FlagValues()
        database.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.eval")
        let json = try evaluation.json()
        let stored = StoredEvaluation(
            label: evaluation.label, model: evaluation.model, promptVersion: evaluation.promptVersion,
            strategy: evaluation.strategy, items: evaluation.items, kindAccuracy: evaluation.kindAccuracy,
            f1: evaluation.overall.f1, hallucination: evaluation.hallucinationRate,
            tokensPerListing: evaluation.tokensPerListing, costPerListing: evaluation.costPerListing)
        let id = try await settings.withDatabase(logger: logger) { client in
            let runner = MigrationRunner(client: client, directory: database.migrations, logger: logger)
            _ = try await migrateOrExplain(runner, logger: logger)
            return try await PostgresListingRepository(client: client, logger: logger).storeEvaluation(
                stored, reportJSON: json)
        }
        print("stored as evaluation run \(id) (see /evals/\(id))")
    }

    /// Scores one result; with `--verbose`, prints a wrong kind and every value the evidence grades flag, with what
    /// the gold says of it (the figures behind the grade line).
    func record(_ item: DevListing, _ result: ExtractedListing, in scorer: inout Scorer) {
        scorer.add(gold: item, kind: result.kind, fields: result.fields)
        scorer.addGrades(gold: item, kind: result.kind, fields: result.fields, grades: result.grades)
        scorer.addMarks(
            gold: item, kind: result.kind, fields: result.fields, grades: result.grades, issues: result.issues)
        guard verbose else { return }
        if result.kind != item.kind {
            print("kind \(item.id): \(result.kind.rawValue), gold \(item.kind.rawValue)")
        }
        // Every value whose mark does not match the gold (a right value marked, a wrong one not), and every miss
        // without a hint: what the figures above count.
        let marks = result.issues.filter(\.isMark)
        for (name, value) in result.fields.sorted(by: { $0.key < $1.key }) where name != .title && name != .reason {
            let verdict = scorer.verdict(gold: item, kind: result.kind, name: name, value: value)
            let grade = result.grades[name] ?? .stated
            let mine = marks.filter { $0.field == name }
            let marked = grade != .stated || !mine.isEmpty
            guard marked == (verdict == .correct) else { continue }
            let why = mine.map { "\($0.code): \($0.message)" } + (grade == .stated ? [] : ["grade \(grade.rawValue)"])
            print(
                "\(marked ? "marked right" : "unmarked wrong") \(item.id) \(name) = \(value.canonicalString()) "
                    + "(gold: \(item.gold[name].map { "\($0)" } ?? "none")) \(why.joined(separator: "; "))")
        }
        if result.kind == item.kind {
            for name in item.gold.keys.sorted() where name != .title && result.fields[name] == nil {
                guard !marks.contains(where: { $0.field == name }) else { continue }
                print("missed unhinted \(item.id) \(name) (gold: \(item.gold[name]!))")
            }
        }
    }

    /// Prompt tokens per listing (estimated) for each strategy: the system part, the same for every listing (what a
    /// provider's prompt cache can hold), and the part that carries the listing.
    static func promptCost(_ listings: [DevListing]) -> String {
        let builder = PromptBuilder()
        func tokens(_ step: PromptBuilder.Step, _ item: DevListing) -> (system: Int, user: Int) {
            let messages = builder.messages(step, listing: item.text, pastedOn: item.pastedOn)
            return (TokenUsage.estimate(messages[0].content), TokenUsage.estimate(messages[1].content))
        }
        func line(_ name: String, _ steps: (DevListing) -> [PromptBuilder.Step]) -> String {
            var system = 0
            var user = 0
            for item in listings {
                for step in steps(item) {
                    let (fixed, variable) = tokens(step, item)
                    system += fixed
                    user += variable
                }
            }
            let count = max(1, listings.count)
            return "  \(name): \(system / count) fixed (system) + \(user / count) with the listing (user) per listing"
        }
        return [
            "prompt \(PromptBuilder.version), estimated tokens:",
            line("one_call") { _ in [.classifyAndExtract] },
            line("two_calls") { item in item.kind == .notListing ? [.classify] : [.classify, .extract(item.kind)] },
        ].joined(separator: "\n")
    }
}

/// A fixed half of a labelled set, by a hash of each item's id (FNV-1a), the same on every machine and run.
enum DevHalf: String, ExpressibleByArgument, Sendable {
    case a
    case b

    func holds(_ id: String) -> Bool {
        (StableHash.fnv1a(id) % 2 == 0) == (self == .a)
    }
}
