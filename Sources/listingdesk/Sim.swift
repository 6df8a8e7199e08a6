import ArgumentParser
import Hummingbird
import Logging
import Simulator

struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve an OpenAI-compatible chat-completions simulator on loopback (tests, demos, load tests).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8081
    @Option(help: "Seconds to the whole reply.") var latency = 0.2
    @Option(help: "Seconds to the first streamed token.") var timeToFirstToken = 0.05
    @Option(help: "Requests per minute, enforced per window.") var rpm: Int?
    @Option(help: "Tokens per minute, enforced per window.") var tpm: Int?
    @Option(help: "Window length in seconds.") var window = 1.0
    @Option(help: "Require this bearer key.") var apiKey: String?
    @Option(
        parsing: .upToNextOption,
        help:
            "Faults as name=rate, e.g. server_error=0.1 drop=0.05 (names: \(Fault.allCases.map(\.rawValue).joined(separator: ", ")))."
    )
    var fault: [String] = []
    @Option(help: "Random seed for the faults.") var seed: UInt64 = 42
    @Option(help: "Seconds a Batch API batch stays in progress (it validates and finalizes for 0.1 s each).")
    var batchSeconds = 5.0
    @Option(help: "Share of a Batch API batch's requests that fail (a server error in its error file).")
    var batchFailureRate = 0.0
    @Option(help: "Let Batch API batches expire with only this share of their requests answered.")
    var batchExpireAfter: Double?

    func run() async throws {
        var faults: [Fault: Double] = [:]
        for entry in fault {
            let parts = entry.split(separator: "=")
            guard parts.count == 2, let kind = Fault(rawValue: String(parts[0])), let rate = Double(parts[1]),
                (0...1).contains(rate)
            else {
                throw ValidationError("A fault is name=rate with a rate from 0 to 1: \(entry)")
            }
            faults[kind] = rate
        }
        let simulator = Simulator(
            configuration: SimulatorConfiguration(
                host: host, port: port, latency: .milliseconds(Int(latency * 1_000)),
                timeToFirstToken: .milliseconds(Int(timeToFirstToken * 1_000)), requestsPerMinute: rpm,
                tokensPerMinute: tpm,
                window: .milliseconds(Int(window * 1_000)), apiKey: apiKey, faults: faults, seed: seed,
                batches: BatchBehaviour(
                    processing: .milliseconds(Int(batchSeconds * 1_000)), failureRate: batchFailureRate,
                    expiresAfter: batchExpireAfter)))
        let logger = try await Settings.read(flags: [:]).logger("listingdesk.sim")
        try await simulator.application(logger: logger) { port in
            logger.info("simulator listening", metadata: ["url": "http://\(host):\(port)/v1"])
        }.runService()
    }
}
