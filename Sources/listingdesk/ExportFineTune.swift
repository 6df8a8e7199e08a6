import ArgumentParser
import Desk
import Foundation
import ListingCore
import Storage

struct ExportFineTune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-finetune",
        abstract: "Write published listings as chat-format fine-tuning examples (JSON lines {\"messages\"}).")

    @Option(help: "Where the training examples go.") var out = "finetune.jsonl"
    @Option(help: "The share held out for evaluation, 0 to 1 (a fixed split by listing id).") var holdout = 0.0
    @Option(help: "Where the held-out examples go.") var holdoutOut = "finetune-holdout.jsonl"
    @Flag(help: "Only listings a person corrected (the drafts the model got wrong).") var onlyCorrected = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...1).contains(holdout) else { throw ValidationError("--holdout is a share between 0 and 1.") }
    }

    func run() async throws {
        var flags = FlagValues()
        database.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.export-finetune")
        guard FileManager.default.createFile(atPath: out, contents: nil),
            holdout == 0 || FileManager.default.createFile(atPath: holdoutOut, contents: nil),
            let training = FileHandle(forWritingAtPath: out)
        else { throw CommandFailure("Cannot write \(out) or \(holdoutOut).") }
        let heldOut = holdout > 0 ? FileHandle(forWritingAtPath: holdoutOut) : nil
        let onlyCorrected = self.onlyCorrected
        let holdout = self.holdout
        let counts = try await settings.withDatabase(logger: logger) { client in
            var counts = (training: 0, heldOut: 0)
            try await PostgresListingRepository(client: client, logger: logger).export(
                ListingFilter(status: .published)
            ) { listing in
                guard !onlyCorrected || !listing.correctedFields.isEmpty else { return }
                let line = Data(try FineTuneExport.line(listing).utf8)
                if let heldOut, FineTuneExport.isHeldOut(listing.id, share: holdout) {
                    heldOut.write(line)
                    counts.heldOut += 1
                } else {
                    training.write(line)
                    counts.training += 1
                }
            }
            return counts
        }
        try training.close()
        try heldOut?.close()
        FileHandle.standardError.write(
            Data("wrote \(counts.training) examples to \(out), \(counts.heldOut) held out\n".utf8))
    }
}
