import Configuration
import Foundation
import Testing

@testable import listingdesk

/// Settings are read once, in one order: a flag, then the environment, then `.env`, then the default.
@Suite struct SettingsTests {
    /// A `.env` file of its own, removed afterwards.
    func withEnvironmentFile<T>(_ text: String, _ body: (String) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("listingdesk-\(UUID().uuidString).env")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    @Test func aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() async throws {
        try await withEnvironmentFile("PORT=7001\nHOST=0.0.0.0\nLISTINGDESK_RPM=100\nLISTINGDESK_MODEL=file-model\n") {
            file in
            var flags = FlagValues()
            flags.set(SettingKey.port, 7003)
            let settings = try await Settings.read(
                flags: flags.values, environment: ["PORT": "7002", "HOST": "127.0.0.2", "LISTINGDESK_MODEL": ""],
                environmentFile: file)
            #expect(settings.port == 7003, "the flag")
            #expect(settings.host == "127.0.0.2", "the environment")
            #expect(settings.models.requestsPerMinute == 100, "the file")
            #expect(settings.models.model == "file-model", "an empty environment variable does not hide the file")
            #expect(settings.models.maxTokens == 1_500, "the default")
            #expect(settings.templates == "templates")
        }
    }

    @Test func theOpenTelemetrySettingsComeFromTheEnvironmentThenTheFile() async throws {
        let file = """
            # traces to a collector
            OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318
            export OTEL_SERVICE_NAME="desk-from-file"
              OTEL_TRACES_SAMPLER=parentbased_traceidratio
            OTEL_BSP_SCHEDULE_DELAY=
            NOT_OTEL=1
            """
        try await withEnvironmentFile(file) { path in
            let settings = try await Settings.read(
                flags: [:],
                environment: ["OTEL_SERVICE_NAME": "desk-from-environment", "OTEL_TRACES_SAMPLER": "", "PATH": "/bin"],
                environmentFile: path)
            #expect(
                settings.telemetry == [
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",
                    "OTEL_SERVICE_NAME": "desk-from-environment",
                    "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
                ])
            #expect(TraceExport.wanted(settings.telemetry), "an endpoint in .env alone asks for traces")
        }
        let none = try await Settings.read(flags: [:], environment: ["PATH": "/bin"], environmentFile: "/nonexistent")
        #expect(none.telemetry.isEmpty)
        #expect(!TraceExport.wanted(none.telemetry))
    }

    @Test func aTraceSettingSwiftOTelWouldStopTheProcessOnIsRefusedByName() {
        let endpoint = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"]
        let refused: [(String, String)] = [
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", " GRPC "),
            ("OTEL_PROPAGATORS", "tracecontext, b3"), ("OTEL_PROPAGATORS", "XRay"),
            ("OTEL_TRACES_SAMPLER", "parentbased_jaeger_remote"), ("OTEL_TRACES_EXPORTER", "console"),
        ]
        for (name, value) in refused {
            let refusal = TraceExport.refusal(endpoint.merging([name: value]) { $1 })
            #expect(refusal?.contains(name) == true, "\(name)=\(value)")
        }
        let served: [[String: String]] = [
            [:], ["OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"],
            ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"],
            ["OTEL_PROPAGATORS": "tracecontext", "OTEL_TRACES_SAMPLER": "parentbased_traceidratio"],
            ["OTEL_TRACES_EXPORTER": "otlp"],
        ]
        for settings in served {
            #expect(TraceExport.refusal(endpoint.merging(settings) { $1 }) == nil, "\(settings)")
        }
    }

    @Test func theKnownEnvironmentNamesAreRead() async throws {
        let settings = try await Settings.read(
            flags: [:],
            environment: [
                "DATABASE_URL": "postgres://u@db:5432/x", "OPENAI_API_KEY": "sk-test",
                "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
                "LISTINGDESK_MAX_TOKENS": "900", "LISTINGDESK_STRATEGY": "two_calls", "LISTINGDESK_STREAM": "false",
                "LISTINGDESK_FALLBACK_MODEL": "small", "LISTINGDESK_PRICE_PROMPT": "0.15", "LOG_LEVEL": "debug",
            ],
            environmentFile: "/nonexistent/.env")
        #expect(settings.databaseURL == "postgres://u@db:5432/x")
        #expect(settings.models.apiKey == "sk-test")
        #expect(settings.models.baseURL == "http://127.0.0.1:9/v1")
        #expect(settings.models.maxTokens == 900)
        #expect(settings.models.strategy == .twoCalls)
        #expect(settings.models.stream == false)
        #expect(settings.models.fallbackModel == "small")
        #expect(settings.models.pricePrompt == 0.15)
        #expect(settings.logLevel == .debug)
        #expect(!settings.models.wantsOffline)
    }

    @Test func nothingConfiguredMeansTheOfflineExtractorAndThePrivateDatabase() async throws {
        let settings = try await Settings.read(flags: [:], environment: [:], environmentFile: "/nonexistent/.env")
        #expect(settings.models.wantsOffline)
        #expect(settings.databaseURL == "postgres://postgres@127.0.0.1:54329/listingdesk")
        #expect(settings.port == 8080)
    }

    @Test func keysAreReadFromTheEnvironmentNamesPeopleKnow() {
        #expect(Settings.environmentName(of: SettingKey.apiKey) == "OPENAI_API_KEY")
        #expect(Settings.environmentName(of: SettingKey.baseURL) == "OPENAI_BASE_URL")
        #expect(Settings.environmentName(of: SettingKey.maxTokens) == "LISTINGDESK_MAX_TOKENS")
        #expect(Settings.environmentName(of: SettingKey.databaseURL) == "DATABASE_URL")
    }

    @Test func aValueThatIsNotOfItsTypeIsRefusedWithItsName() async throws {
        await #expect(throws: CommandFailure.self) {
            _ = try await Settings.read(
                flags: [:], environment: ["PORT": "eighty"], environmentFile: "/nonexistent/.env")
        }
        do {
            _ = try await Settings.read(
                flags: [:], environment: ["LISTINGDESK_RPM": "lots"], environmentFile: "/nonexistent/.env")
            Issue.record("“lots” is not a number of requests")
        } catch let failure as CommandFailure {
            #expect(failure.description.contains("LISTINGDESK_RPM"))
            #expect(failure.description.contains("lots"))
        }
    }
}
