import ArgumentParser
import Extraction
import Foundation
import ListingCore

struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract listings: one from standard input, or a JSON-lines file of {\"id\", \"text\"}.")

    @Option(help: "JSON-lines input; each line {\"id\", \"text\"} (extra keys such as pasted_on are read or ignored).")
    var jsonl: String?

    @Option(help: "Where to write the JSON-lines output (default: standard output).")
    var out: String?

    func run() async throws {
        let pipeline = ExtractionPipeline(model: OfflineExtractor(today: { LocalDate.today() }), logger: makeLogger("listingdesk.extract"))
        guard let jsonl else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("Standard input is not UTF-8 text.") }
            let outcome = await pipeline.extract(text, pastedOn: LocalDate.today())
            print(try Self.line(id: nil, outcome))
            return
        }
        guard let data = FileManager.default.contents(atPath: jsonl) else { throw ValidationError("Cannot read \(jsonl).") }
        var output = ""
        for (number, rawLine) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let text = object["text"] as? String
            else {
                output += "{\"line\": \(number + 1), \"error\": \"not a JSON object with a text string\"}\n"
                continue
            }
            let pastedOn = (object["pasted_on"] as? String).flatMap(LocalDate.init(iso:)) ?? LocalDate.today()
            let outcome = await pipeline.extract(text, pastedOn: pastedOn)
            output += try Self.line(id: object["id"], outcome) + "\n"
        }
        if let out {
            try output.write(toFile: out, atomically: true, encoding: .utf8)
        } else {
            print(output, terminator: "")
        }
    }

    /// `{"id", "kind", "fields", "issues"}` with canonical FIELDS.md values.
    static func line(id: Any?, _ outcome: ExtractionOutcome) throws -> String {
        var fields: [String: Any] = [:]
        for (name, value) in outcome.listing.fields {
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
            "issues": outcome.listing.issues.map { issue -> [String: Any] in
                ["field": issue.field.map { $0 as Any } ?? NSNull(), "code": issue.code.rawValue, "message": issue.message]
            },
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
