import Foundation
import ListingCore
import PostgresNIO
import TestSupport
import Testing

@testable import Storage

/// The paste's insert, its enqueue and a job's completion run as prepared statements when they have the shape
/// nearly every one has (one run, whose prompt has a shared system part), and store exactly what they are given,
/// past the executions after which PostgreSQL may plan them once for all values.
@Suite struct PreparedPasteTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!
    let prompt = "[system]\nYou read listings.\n\n[user]\n<listing>월세 500/45</listing>"

    func listing(_ number: Int) -> NewListing {
        var fields: [FieldName: FieldValue] = ["title": .text("망원동 원룸 \(number)"), "currency": .text("KRW")]
        if number % 2 == 0 {
            fields["deposit"] = .integer(5_000_000 + number)
            fields["area_m2"] = .decimal(19.5 + Double(number))
            fields["options"] = .list(["tv", "bed"])
            fields["parking"] = .boolean(number % 4 == 0)
            fields["bathrooms"] = .decimal(1.5)
        }
        return NewListing(
            kind: .realEstate, sourceText: "월세 \(number)", pastedOn: day, fields: fields,
            evidence: number % 3 == 0 ? ["title": "망원동"] : [:], issues: [],
            provenance: Provenance(
                extractedBy: number % 2 == 0 ? "offline" : nil, via: number % 2 == 0 ? .single : nil),
            ownerID: nil)
    }

    func run(_ prompt: String, tokens: Int = 0) -> ExtractionRun {
        ExtractionRun(
            model: "offline", promptVersion: "v1", strategy: "one_call", prompt: prompt, rawReply: "r",
            kind: tokens % 2 == 0 ? .realEstate : nil, promptTokens: tokens)
    }

    @Test func theCommonShapesAreRunPreparedAndTheOthersUnnamed() throws {
        typealias Insert = HotStatement<PreparedStatements.PasteInsert>
        #expect(try Insert(PostgresListingRepository.insertSQL(listing(2), runs: [run(prompt)])).prepared)
        #expect(try Insert(PostgresListingRepository.insertSQL(listing(3), runs: [run(prompt, tokens: 7)])).prepared)
        #expect(
            try !Insert(PostgresListingRepository.insertSQL(listing(2), runs: [run(prompt), run(prompt)])).prepared)
        #expect(try !Insert(PostgresListingRepository.insertSQL(listing(2), runs: [run("no system part")])).prepared)
        #expect(try !Insert(PostgresListingRepository.insertSQL(listing(2), runs: [])).prepared)
        // A value of another type than its column's (a decimal price) is bound as text: not the prepared types.
        var odd = listing(2)
        odd.fields["deposit"] = .decimal(1.5)
        #expect(try !Insert(PostgresListingRepository.insertSQL(odd, runs: [run(prompt)])).prepared)

        let job = LeasedJob(
            jobID: 4, listingID: 9, token: UUID(), attempts: 1, sourceText: "x", provisionalKind: .secondHand,
            pastedOn: day)
        let draft = ExtractedDraft(kind: .secondHand, fields: ["price": .integer(3)], evidence: [:], issues: [])
        typealias Completion = HotStatement<PreparedStatements.JobCompletion>
        #expect(
            try Completion(PostgresListingRepository.completionSQL(job, draft: draft, runs: [run(prompt)])).prepared)
        #expect(
            try !Completion(
                PostgresListingRepository.completionSQL(job, draft: draft, runs: [run(prompt), run(prompt)])
            )
            .prepared)

        let paste = NewPaste(sourceText: "x", provisionalKind: .secondHand, pastedOn: day, ownerID: 3)
        let enqueue = PostgresListingRepository.enqueueSQL(
            paste, token: UUID(), leasedOn: LeaseTerms(holder: "w", duration: .seconds(15)))
        #expect(HotStatement<PreparedStatements.PasteEnqueue>(enqueue).prepared)
    }

    @Test func preparedInsertsStoreWhatTheyAreGivenExecutionAfterExecution() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            try await client.withConnection { connection in
                for number in 1...8 {
                    let given = listing(number)
                    let statement = HotStatement<PreparedStatements.PasteInsert>(
                        try PostgresListingRepository.insertSQL(given, runs: [run(prompt, tokens: number)]))
                    #expect(statement.prepared)
                    var stored: Listing?
                    for try await row in try await statement.rows(on: connection, logger: TestDatabase.logger) {
                        stored = try PostgresListingRepository.decode(row, sent: given)
                    }
                    let id = try #require(stored).id
                    let found = try #require(try await repository.find(id: id))
                    #expect(found.fields == given.fields, "listing \(number)")
                    #expect(found.evidence == given.evidence)
                    #expect(found.provenance.extractedBy == given.provenance.extractedBy)
                    #expect(found.provenance.via == given.provenance.via)
                    let runs = try await repository.runs(listingID: found.id)
                    #expect(runs.map(\.prompt) == [prompt])
                    #expect(runs.map(\.promptTokens) == [number])
                    #expect(runs.map(\.kind) == [number % 2 == 0 ? .realEstate : nil])
                }
                let named = try await connection.query(
                    "SELECT name FROM pg_prepared_statements WHERE statement LIKE 'WITH listing AS (INSERT%'",
                    logger: TestDatabase.logger)
                var names: [String] = []
                for try await name in named.decode(String.self) { names.append(name) }
                #expect(names == ["shaped.PasteInsert"], "prepared once, run eight times")
            }
        }
    }

    /// `create` reads back only what the database adds (the id, the times, the numbers as their columns round them)
    /// and keeps the text, evidence, grades and issues it sent: what it answers must be what a later read finds,
    /// for awkward values too.
    @Test func whatAnInsertAnswersIsWhatALaterReadFinds() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            var given = listing(2)
            given.sourceText = "월세 \"500/45\" \\ 📍 e\u{301} <script>\n\t=HYPERLINK(\"x\")"
            given.fields["area_m2"] = .decimal(19.86)
            given.evidence = ["deposit": "보증금 \"500\" 🏠", "title": "e\u{301}\\n", "area_m2": "6평"]
            given.grades = ["deposit": .stated, "area_m2": .inferred]
            given.issues = [
                Issue(field: nil, code: .formatDeviation, message: "whole reply: </listing> \u{1F600}"),
                Issue(
                    field: "deposit", code: .readersDisagree, message: "둘 중 \"하나\"",
                    candidates: [["deposit": "5000000"], ["deposit": "5000000", "monthly_rent": "450000"]]),
                Issue(field: "kind", code: .kindDoubt, message: "", candidates: [["kind": "second_hand"]]),
            ]
            let created = try await repository.create(given, runs: [run(prompt, tokens: 3)])
            let found = try #require(try await repository.find(id: created.id))
            #expect(created.sourceText == found.sourceText)
            #expect(created.fields == found.fields)
            #expect(created.fields["area_m2"] == .decimal(19.9), "the number as its column rounds it")
            #expect(created.evidence == found.evidence)
            #expect(created.grades == found.grades)
            #expect(created.issues == found.issues)
            #expect(created.kind == found.kind && created.status == found.status && created.version == found.version)
            #expect(created.pastedOn == found.pastedOn && created.ownerID == found.ownerID)
            #expect(created.createdAt == found.createdAt && created.updatedAt == found.updatedAt)
            #expect(created.provenance.extractedBy == found.provenance.extractedBy)
            #expect(created.correctedFields == found.correctedFields)
        }
    }
}
