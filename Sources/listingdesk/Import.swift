import ArgumentParser
import Desk
import Foundation
import LLM
import ListingCore
import Logging
import PostgresNIO
import Storage

/// `listingdesk import FILE`: a file of listings becomes a batch of queued jobs; then, unless told not to wait,
/// this process reads them with a progress bar (other workers sharing the database help).
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import listings as a batch: a CSV with a text column, JSON Lines ({\"text\"}), or texts "
            + "separated by lines of ---; then read them, showing progress.")

    @Argument(help: "The file to import, or - for standard input.") var file: String
    @Option(help: "csv, jsonl or text (default: from the file's name, else its first character).")
    var format: ImportReader.Format?
    @Flag(help: "Import texts pasted or imported before too (they are skipped otherwise).") var keepDuplicates = false
    @Flag(help: "Queue the listings only: `serve` or `worker` reads them.") var noWait = false
    @Flag(
        help:
            "Read them through OpenAI's Batch API: half the price, answered within 24 hours; what it does not answer is read the usual way."
    )
    var batchAPI = false
    @Option(help: "The email of the account the listings belong to (default: no one's, which admins see).")
    var owner: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var models: ModelOptions

    func run() async throws {
        var flags = FlagValues()
        database.add(to: &flags)
        models.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.import")
        let (stream, name) = try open()
        let reader: ImportReader
        do {
            let chosen = format ?? ImportReader.format(name: name, start: peek())
            // A CSV's quoting is checked whole before CSV.swift reads it (`CSVQuoting`), as for an upload; the
            // other formats are read line by line as the file streams in.
            reader =
                chosen == .csv
                ? try ImportReader(Self.readAll(stream), format: .csv) : try ImportReader(stream, format: chosen)
        } catch let failure as ImportReader.Failure {
            throw CommandFailure(failure.message)
        }
        let http = SharedHTTPClient()
        let keep = keepDuplicates
        let wait = !noWait
        let migrations = database.migrations
        let concurrency = max(1, settings.workers)
        let importing = UncheckedBox(reader)
        let throughBatchAPI = batchAPI
        if throughBatchAPI && settings.models.wantsOffline {
            throw CommandFailure(
                "--batch-api needs a remote model: set LISTINGDESK_MODEL and OPENAI_API_KEY (or OPENAI_BASE_URL).")
        }
        // Reading the batch here (without --no-wait) is traced as `serve` is: each queued listing, each Batch API
        // answer (TraceExport).
        try await TraceExport.around(environment: settings.telemetry, logger: logger) {
            try await http.whileOpen {
                try await settings.withDatabase(logger: logger) { client in
                    let limiters = RateLimiterRegistry.shared(through: client, logger: logger)
                    let (pipeline, description) = try settings.models.pipeline(
                        logger: logger, http: http, limiters: limiters)
                    _ = try await migrateOrExplain(
                        MigrationRunner(client: client, directory: migrations, logger: logger), logger: logger)
                    let repository = PostgresListingRepository(client: client, logger: logger)
                    let service = settings.listingService(repository: repository, pipeline: pipeline)
                    let stored: StoredBatch
                    do {
                        let ownerID = try await owner.asyncMap { email in
                            guard let found = try await repository.account(email: email) else {
                                throw CommandFailure("There is no account with the email \(email).")
                            }
                            return found.account.id
                        }
                        stored = try await service.importBatch(
                            name: name, ownerID: ownerID, reader: importing.value, keepDuplicates: keep)
                    } catch let error as ServiceError {
                        throw CommandFailure(error.message)
                    }
                    let skipped = stored.skipped == 0 ? "" : "; \(stored.skipped) skipped (pasted or imported before)"
                    print("batch #\(stored.id): \(stored.added) listings queued\(skipped)")
                    guard stored.added > 0 else { return }
                    let batchAPI = settings.models.batchClient(http: http, logger: logger).map { client in
                        BatchAPIService(
                            client: client, repository: repository, service: service,
                            pollInterval: settings.models.batchPollInterval,
                            maxEnqueuedTokens: settings.models.batchMaxTokens, logger: logger)
                    }
                    if throughBatchAPI, let batchAPI {
                        do {
                            if let sent = try await batchAPI.submit(batchID: stored.id, for: .operatorCommand) {
                                let turns = try await repository.remoteBatches(of: stored.id).count
                                print(
                                    sent.state == .waiting
                                        ? "waiting for room under the Batch API's enqueued-token limit: \(sent.total) requests"
                                        : "sent to the Batch API as \(sent.remoteID ?? "?"): \(sent.total) requests")
                                if turns > 1 {
                                    print("the import goes to the Batch API in \(turns) turns within the limit")
                                }
                            }
                        } catch let error as ServiceError {
                            print(error.message)
                        }
                    }
                    guard wait else { return }
                    print("reading with \(description)")
                    let worker = ExtractionWorker(
                        service: service, configuration: WorkerConfiguration(concurrency: concurrency), logger: logger)
                    try await Self.read(
                        batch: stored.id, service: service, remoteBatches: repository, worker: worker,
                        batchAPI: batchAPI)
                }
            }
        }
    }

    /// Works the queue until the batch is read, drawing its progress on standard error.
    static func read(
        batch id: Int64, service: ListingService, remoteBatches: any RemoteBatches, worker: ExtractionWorker,
        batchAPI: BatchAPIService? = nil
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await worker.pool() }
            if let batchAPI { group.addTask { await batchAPI.poll(every: .seconds(1)) } }
            let started = ContinuousClock.now
            while true {
                try await Task.sleep(for: .milliseconds(500))
                let progress = try await service.batch(id, items: 1, for: .operatorCommand)
                ProgressBar.draw(progress, elapsed: ContinuousClock.now - started)
                if progress.isFinished { break }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            group.cancelAll()
        }
        let progress = try await service.batch(id, items: 1, for: .operatorCommand)
        let fellBack = progress.counts[.fellBack] ?? 0
        let failed = progress.counts[.failed] ?? 0
        print(
            "batch #\(id) read: \(progress.counts[.done] ?? 0) as asked, \(fellBack) by the offline reader after the "
                + "model failed, \(failed) given up")
        // What became of each Batch API batch, with the provider's reasons when it refused one.
        for remote in try await remoteBatches.remoteBatches(of: id).reversed() {
            var line =
                "Batch API batch \(remote.remoteID ?? "(not sent)"): \(remote.remoteStatus ?? remote.state.rawValue), "
                + "\(remote.completed) of \(remote.total) answered"
            if let error = remote.lastError { line += "; \(error)" }
            print(line)
        }
    }

    func open() throws -> (InputStream, String) {
        if file == "-" { return (InputStream(data: FileHandle.standardInput.readDataToEndOfFile()), "stdin") }
        guard let stream = InputStream(fileAtPath: file), FileManager.default.isReadableFile(atPath: file) else {
            throw CommandFailure("Cannot read \(file).")
        }
        return (stream, URL(fileURLWithPath: file).lastPathComponent)
    }

    /// A stream's bytes, to its end.
    static func readAll(_ stream: InputStream) -> Data {
        if stream.streamStatus == .notOpen { stream.open() }
        defer { stream.close() }
        var data = Data()
        var block = [UInt8](repeating: 0, count: 65_536)
        while true {
            let read = stream.read(&block, maxLength: block.count)
            guard read > 0 else { return data }
            data.append(contentsOf: block[..<read])
        }
    }

    /// The file's first bytes, to tell its format by.
    func peek() -> Data {
        guard file != "-", let handle = FileHandle(forReadingAtPath: file) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 64)) ?? Data()
    }
}

/// A value handed across an isolation boundary once, and used by one task at a time.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// `[#########.........]  412/1000 · 9.8/s · 1:00 left · 3 fell back`, redrawn in place on standard error.
enum ProgressBar {
    static func draw(_ progress: BatchProgress, elapsed: Duration) {
        let total = max(1, progress.total)
        let done = progress.finished
        let width = 30
        let filled = width * done / total
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let left = rate > 0 ? Int(Double(total - done) / rate) : 0
        var line =
            "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + "\(done)/\(progress.total) · \(String(format: "%.1f", rate))/s"
        if done < total && rate > 0 { line += " · \(left / 60):\(String(format: "%02d", left % 60)) left" }
        if let fellBack = progress.counts[.fellBack], fellBack > 0 { line += " · \(fellBack) fell back" }
        if let sent = progress.counts[.sent], sent > 0 { line += " · \(sent) at the Batch API" }
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension ImportReader.Format: ExpressibleByArgument {}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async throws -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
