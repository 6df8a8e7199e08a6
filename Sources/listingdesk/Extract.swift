import ArgumentParser
import AsyncHTTPClient
import Extraction
import Foundation
import LLM
import ListingCore

struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract listings: one from standard input, or a JSON-lines file of {\"id\", \"text\"}.")

    @Option(help: "JSON-lines input; each line {\"id\", \"text\"} (extra keys such as pasted_on are read or ignored).")
    var jsonl: String?

    @Option(help: "Where to write the JSON-lines output (default: standard output).")
    var out: String?

    @OptionGroup var models: ModelOptions

    func run() async throws {
        var flags = FlagValues()
        models.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.extract")
        let http = SharedHTTPClient()
        let (pipeline, description) = try settings.models.pipeline(
            logger: logger, http: http, limiters: RateLimiterRegistry())
        let concurrency = settings.models.concurrency
        try await http.whileOpen {
            try await extract(with: pipeline, description: description, concurrency: concurrency)
        }
    }

    func extract(with pipeline: ExtractionPipeline, description: String, concurrency: Int) async throws {
        guard let jsonl else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("Standard input is not UTF-8 text.")
            }
            let outcome = await pipeline.extract(text, pastedOn: LocalDate(Date()))
            print(try Self.line(id: nil, outcome))
            return
        }
        guard let data = FileManager.default.contents(atPath: jsonl) else {
            throw ValidationError("Cannot read \(jsonl).")
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // The same client, limiter and concurrency as the server: the limiter paces, this only keeps enough in flight.
        let concurrency = max(1, concurrency)
        let started = ContinuousClock.now
        var results = [String](repeating: "", count: lines.count)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var next = 0
            func schedule() {
                let index = next
                next += 1
                let line = lines[index]
                group.addTask {
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                        let text = object["text"] as? String
                    else {
                        return (index, "{\"line\": \(index + 1), \"error\": \"not a JSON object with a text string\"}")
                    }
                    let pastedOn = (object["pasted_on"] as? String).flatMap(LocalDate.init(iso:)) ?? LocalDate(Date())
                    let outcome = await pipeline.extract(text, pastedOn: pastedOn)
                    return (index, try Self.line(id: object["id"], outcome))
                }
            }
            while next < min(concurrency, lines.count) { schedule() }
            while let (index, line) = try await group.next() {
                results[index] = line
                if next < lines.count { schedule() }
            }
        }
        let output = results.joined(separator: "\n") + (results.isEmpty ? "" : "\n")
        if let out {
            try output.write(toFile: out, atomically: true, encoding: .utf8)
        } else {
            print(output, terminator: "")
        }
        let seconds = RetryPolicy.secondsOf(ContinuousClock.now - started)
        FileHandle.standardError.write(
            Data(String(format: "extracted %d listings in %.2f s with %@\n", lines.count, seconds, description).utf8))
    }

    /// `{"id", "kind", "fields", "issues", "model", "fallback_from"}` with canonical docs/FIELDS.md values.
    static func line(id: Any?, _ outcome: ExtractionOutcome) throws -> String {
        var fields: [String: Any] = [:]
        for (field, value) in outcome.listing.fields {
            let name = field.rawValue
            switch value {
            case .text(let text): fields[name] = text
            case .integer(let number): fields[name] = number
            case .decimal(let number): fields[name] = number
            case .boolean(let flag): fields[name] = flag
            case .list(let items): fields[name] = items
            }
        }
        let object: [String: Any] = [
            "id": id ?? NSNull(), "kind": outcome.listing.kind.rawValue, "fields": fields,
            "model": outcome.answeredBy ?? NSNull(), "fallback_from": outcome.fallbackFrom ?? NSNull(),
            "issues": outcome.listing.issues.map { issue -> [String: Any] in
                var object: [String: Any] = [
                    "field": issue.field.map { $0.rawValue as Any } ?? NSNull(), "code": issue.code.rawValue,
                    "message": issue.message,
                ]
                // The values a mark offers, as canonical strings by field (docs/REVIEW.md).
                if let candidates = issue.candidates {
                    object["candidates"] = candidates.map { choice in
                        Dictionary(uniqueKeysWithValues: choice.map { ($0.key.rawValue, $0.value) })
                    }
                }
                return object
            },
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
