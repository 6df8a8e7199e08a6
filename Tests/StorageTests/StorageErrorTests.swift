import Foundation
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Real failures from a real PostgreSQL, sorted into what the caller can do about them.
@Suite struct StorageErrorTests {
    @Test func aRefusedValueIsAConstraintViolationNamingItsField() async throws {
        try await TestDatabase.withDatabase { client, _ in
            do {
                try await client.query(
                    "INSERT INTO listings (kind, source_text, pasted_on, available_from) VALUES ('real_estate', 'x', '2026-11-20', \("2026-1-5"))",
                    logger: TestDatabase.logger)
                Issue.record("the column's CHECK must refuse 2026-1-5")
            } catch {
                let failure = StorageError(classifying: error)
                #expect(failure.code == .constraintViolated)
                #expect(failure.field == "available_from")
            }
        }
    }

    @Test func aMissingTableIsAFaultNotAnOutage() async throws {
        try await TestDatabase.withDatabase { client, _ in
            do {
                try await client.query("SELECT * FROM no_such_table", logger: TestDatabase.logger)
                Issue.record("the query must fail")
            } catch {
                #expect(StorageError(classifying: error).code == .failed)
            }
        }
    }
}
