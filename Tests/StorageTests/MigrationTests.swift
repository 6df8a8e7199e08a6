import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

@Suite struct MigrationTests {
    func tables(_ client: PostgresClient) async throws -> Set<String> {
        var names = Set<String>()
        let rows = try await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }

    func copyOfMigrations() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: TestDatabase.migrationsDirectory, toPath: folder.path)
        return folder.path
    }

    @Test func freshDatabaseThenRerunThenChangedFile() async throws {
        try await TestDatabase.withEmptyDatabase { client, _ in
            let folder = try copyOfMigrations()
            let runner = MigrationRunner(client: client, directory: folder, logger: TestDatabase.logger)
            let first = try await runner.migrate()
            #expect(
                first == [
                    "0001_create_listings.sql", "0002_touch_updated_at.sql", "0003_run_accounting.sql",
                    "0004_extraction_jobs.sql", "0005_evidence_grades.sql", "0006_provenance.sql",
                    "0007_evaluation_runs.sql", "0008_content_hash.sql", "0009_batches.sql", "0010_rate_slots.sql",
                    "0011_csv_cell.sql", "0012_accounts.sql", "0013_packed_and_batch_api.sql", "0014_hardening.sql",
                    "0015_mark_outcomes.sql", "0016_half_bathrooms.sql", "0017_shared_prompts.sql",
                    "0018_installation.sql",
                    "0019_remote_batch_outcomes.sql", "0020_remote_batch_turns.sql",
                ])
            #expect(
                try await tables(client).isSuperset(of: [
                    "listings", "extraction_runs", "listing_edits", "extraction_jobs", "schema_migrations",
                ]))

            #expect(try await runner.migrate().isEmpty, "a re-run applies nothing")

            let path = (folder as NSString).appendingPathComponent("0001_create_listings.sql")
            let original = try String(contentsOfFile: path, encoding: .utf8)
            try (original + "\n-- edited afterwards\n").write(toFile: path, atomically: true, encoding: .utf8)
            do {
                try await runner.migrate()
                Issue.record("a changed migration must be refused")
            } catch let error as StorageError {
                #expect(error.code == .migrationChanged)
                #expect(error.message.contains("0001_create_listings.sql"))
            }
        }
    }

    /// Runs stored before prompts had a table of their own keep their prompts: the shared part moves to `prompts`
    /// once, and each run reads back the same characters.
    @Test func oldRunsKeepTheirWholePromptsWhenTheSharedPartMoves() async throws {
        try await TestDatabase.withEmptyDatabase { client, _ in
            let folder = try copyOfMigrations()
            let later = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 >= "0017" }
            let aside = folder + "-later"
            try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
            for name in later {
                try FileManager.default.moveItem(atPath: folder + "/" + name, toPath: aside + "/" + name)
            }
            let runner = MigrationRunner(client: client, directory: folder, logger: TestDatabase.logger)
            _ = try await runner.migrate()
            let system = "[system]\n" + String(repeating: "Read the listing. ", count: 300)
            let prompts = [
                system + "\n\n[user]\n<listing>one</listing>", system + "\n\n[user]\n<listing>two</listing>",
                "[user]\n<listing>alone</listing>",
            ]
            var ids: [Int64] = []
            for prompt in prompts {
                let rows = try await client.query(
                    """
                    WITH listing AS (INSERT INTO listings (kind, source_text, pasted_on)
                        VALUES ('second_hand', 'text', DATE '2026-12-01') RETURNING id)
                    INSERT INTO extraction_runs (listing_id, attempt, model, prompt_version, strategy, prompt)
                    SELECT id, 1, 'm', 'v1', 'one_call', \(prompt) FROM listing RETURNING listing_id
                    """, logger: TestDatabase.logger)
                for try await id in rows.decode(Int64.self) { ids.append(id) }
            }
            for name in later {
                try FileManager.default.moveItem(atPath: aside + "/" + name, toPath: folder + "/" + name)
            }
            #expect(try await runner.migrate() == later.sorted())
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            for (id, prompt) in zip(ids, prompts) {
                #expect(try await repository.runs(listingID: id).map(\.prompt) == [prompt])
            }
            let shared = try await client.query("SELECT count(*)::int FROM prompts")
            for try await count in shared.decode(Int.self) { #expect(count == 1) }
        }
    }

    @Test func aFailingMigrationRollsBackWholeAndNamesTheFile() async throws {
        try await TestDatabase.withEmptyDatabase { client, _ in
            let folder = try copyOfMigrations()
            try "CREATE TABLE half_done (id INT);\nSELECT no_such_function();\n"
                .write(
                    toFile: (folder as NSString).appendingPathComponent("0003_broken.sql"), atomically: true,
                    encoding: .utf8)
            let runner = MigrationRunner(client: client, directory: folder, logger: TestDatabase.logger)
            do {
                try await runner.migrate()
                Issue.record("the broken migration must fail")
            } catch let error as StorageError {
                #expect(error.code == .migrationFailed)
                #expect(error.message.contains("0003_broken.sql"))
            }
            let names = try await tables(client)
            #expect(!names.contains("half_done"), "the failed file's statements roll back together")
            #expect(names.contains("listings"), "the files before it stay applied")
        }
    }

    @Test func aMissingFolderIsAClearError() async throws {
        try await TestDatabase.withEmptyDatabase { client, _ in
            let runner = MigrationRunner(
                client: client, directory: "/nonexistent/migrations", logger: TestDatabase.logger)
            await #expect(throws: StorageError.self) { try await runner.migrate() }
        }
    }
}
