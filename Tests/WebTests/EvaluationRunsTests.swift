import Evaluation
import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing
import Web

@testable import Desk

/// Evaluation reports (JSON, Markdown, HTML, a comparison) from real scoring of the offline extractor, and the
/// stored runs' pages.
@Suite struct EvaluationRunsTests {
    /// The offline extractor scored on the labelled listings, as `listingdesk eval` scores it.
    static func offlineReport(label: String, half: Bool = false) throws -> EvaluationReport {
        var scorer = Scorer(aliases: try DevSet.brandAliases())
        let listings = try DevSet.listings()
        for item in half ? Array(listings.prefix(listings.count / 2)) : listings {
            let result = ReplyInterpreter.interpret(
                ReplyParser.parse(RuleExtractor.reply(for: item.text, pastedOn: item.pastedOn)), listingText: item.text,
                pastedOn: item.pastedOn, fallbackKind: .notListing)
            scorer.add(gold: item, kind: result.kind, fields: result.fields)
            scorer.addGrades(gold: item, kind: result.kind, fields: result.fields, grades: result.grades)
        }
        return EvaluationReport(
            label: label, data: "eval/dev.jsonl", model: "offline", promptVersion: PromptBuilder.version,
            strategy: "one_call", totals: scorer.totals, latenciesMilliseconds: [3, 700, 12_000], tokens: 1_000,
            costUSD: 0.5)
    }

    @Test func aReportCarriesEveryTableAndSurvivesJSON() throws {
        let report = try Self.offlineReport(label: "offline")
        #expect(report.items == (try DevSet.listings().count))
        #expect(report.confusion.count == 3 && report.confusion.allSatisfy { $0.count == 3 })
        #expect(report.confusion.joined().reduce(0, +) == report.items)
        #expect(
            report.confusion.enumerated().map { $0.element[$0.offset] }.reduce(0, +)
                == Int((report.kindAccuracy * Double(report.items)).rounded()))
        #expect(Set(report.perKind.keys) == ["real_estate", "second_hand", "not_listing"])
        #expect(report.perField["deposit"] != nil)
        let back = try EvaluationReport.read(json: Data(try report.json().utf8))
        #expect(back.perField == report.perField)
        #expect(back.confusion == report.confusion)
        #expect(abs(back.createdAt.timeIntervalSince(report.createdAt)) < 1)

        let markdown = report.markdown()
        for section in ["## Per kind", "## Kinds (rows: gold, columns: predicted)", "## Per field", "| deposit |"] {
            #expect(markdown.contains(section), "\(section)")
        }
        let html = EvaluationReportHTML.document(report)
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("Listings by extraction time"))
        #expect(!html.contains("<link"), "self-contained")
    }

    @Test func aComparisonSetsTwoRunsSideBySide() throws {
        let all = try Self.offlineReport(label: "all")
        let half = try Self.offlineReport(label: "first half", half: true)
        let comparison = EvaluationReport.comparison(all, half)
        #expect(comparison.contains("# all against first half"))
        #expect(comparison.contains("| F1 real_estate |"))
        let line = try #require(comparison.split(separator: "\n").first { $0.hasPrefix("| deposit |") })
        let change = (half.perField["deposit"]?.f1 ?? 0) - (all.perField["deposit"]?.f1 ?? 0)
        #expect(line.hasSuffix(String(format: "%+.3f |", change)))
    }

    @Test func storedRunsAreListedOverTimeAndEachReportHasItsPage() async throws {
        try await withApp { client, repository in
            let empty = try await client.execute(uri: "/evals", method: .get)
            #expect(empty.text.contains("No evaluation runs stored yet"))
            let report = try Self.offlineReport(label: "offline <b>v3</b>")
            let id = try await repository.storeEvaluation(
                StoredEvaluation(
                    label: report.label, model: report.model, promptVersion: report.promptVersion,
                    strategy: report.strategy, items: report.items, kindAccuracy: report.kindAccuracy,
                    f1: report.overall.f1, hallucination: report.hallucinationRate,
                    tokensPerListing: report.tokensPerListing, costPerListing: report.costPerListing),
                reportJSON: try report.json())
            let list = try await client.execute(uri: "/evals", method: .get)
            #expect(list.status == .ok)
            #expect(list.text.contains(String(format: "<td data-label=\"F1\">%.3f</td>", report.overall.f1)))
            #expect(list.text.contains("offline &lt;b&gt;v3&lt;/b&gt;"), "labels are escaped")
            #expect(list.text.contains("href=\"/evals/\(id)\""))
            let page = try await client.execute(uri: "/evals/\(id)", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("<h2>F1 per field</h2>"))
            #expect(!page.text.contains("<b>v3</b>"))
            #expect(try await client.execute(uri: "/evals/\(id + 1)", method: .get).status == .notFound)
        }
    }
}
