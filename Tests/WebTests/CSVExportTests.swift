import Foundation
import ListingCore
import NIOCore
import PostgresNIO
import Storage
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// The CSV export's lines are written by the database (`csv_cell`, one text line a row, so that an export streams
/// at the speed of PostgreSQL): held here to `CSVExport.row`, the rules written out in Swift, on values chosen to
/// break them.
@Suite struct CSVExportTests {
    static let awkward: [(ListingKind, [FieldName: FieldValue])] = [
        (
            .realEstate,
            [
                .title: .text("=HYPERLINK(\"http://x\",\"y\")"), .location: .text("@SUM(1), \"quoted\""),
                .dealType: .text("monthly_rent"), .deposit: .integer(5_000_000), .monthlyRent: .integer(450_000),
                .areaM2: .decimal(19.8), .supplyAreaM2: .decimal(20), .bathrooms: .decimal(1.5), .floor: .integer(-1),
                .totalFloors: .integer(5),
                .options: .list(["air_conditioner", "refrigerator"]), .parking: .boolean(false),
                .availableFrom: .text("2027-01-02"), .currency: .text("KRW"),
            ]
        ),
        (
            .secondHand,
            [
                .title: .text("-50% 오늘만; 줄바꿈\n두 줄"), .price: .integer(0), .negotiable: .boolean(true),
                .brand: .text("+Plus \t탭"), .size: .text("\r캐리지"), .condition: .text("like_new"),
            ]
        ),
        (.notListing, [.reason: .text("그냥 \"잡담\"입니다, 매물 아님")]),
        (.realEstate, [:]),
        (
            .secondHand,
            [
                .title: .text("\"따옴표로 시작, 끝\""), .brand: .text("\t탭; 세미콜론"), .model: .text("a;b"),
                .size: .text("@"), .location: .text("백슬래시 \\ 와 \\N"), .negotiable: .boolean(false),
                .quantity: .integer(2), .price: .integer(12_000),
            ]
        ),
        (.realEstate, [.options: .list(["tv"]), .elevator: .boolean(true), .title: .text("-")]),
    ]

    /// Stores the awkward listings, the first published with marks on two fields.
    func storeAwkward(_ repository: PostgresListingRepository, _ client: PostgresClient) async throws -> [Listing] {
        var stored: [Listing] = []
        for (kind, fields) in Self.awkward {
            let issues =
                stored.isEmpty
                ? [
                    Issue(field: .location, code: .inferred, message: "check"),
                    Issue(field: .areaM2, code: .unsupported, message: "check"),
                ] : []
            stored.append(
                try await repository.create(
                    NewListing(
                        kind: kind, sourceText: "원문 \(stored.count)",
                        pastedOn: LocalDate(year: 2026, month: 11, day: 20)!,
                        fields: fields, evidence: [:], issues: issues),
                    runs: []))
        }
        let published = try #require(stored.first)
        _ = try await client.query(
            "UPDATE listings SET status = 'published', published_at = now() WHERE id = \(published.id)",
            logger: TestDatabase.logger)
        return stored
    }

    /// Through libpq's COPY the export writes the very bytes of the lines the database writes, whatever the filter.
    @Test func theCopyExportWritesTheSameBytes() async throws {
        try await TestDatabase.withDatabase { client, configuration in
            let lines = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let copying = PostgresListingRepository(
                client: client, logger: TestDatabase.logger, copySource: configuration)
            _ = try await storeAwkward(lines, client)
            for filter in [
                ListingFilter(), ListingFilter(status: .published), ListingFilter(kind: .secondHand),
                ListingFilter(query: "원문 1"), ListingFilter(scope: .own(accountID: 999)),
            ] {
                var expected = ByteBuffer()
                try await lines.exportCSV(filter) { expected.writeImmutableBuffer($0) }
                var copied = ByteBuffer()
                try await copying.exportCSV(filter) { copied.writeImmutableBuffer($0) }
                #expect(String(buffer: copied) == String(buffer: expected), "\(filter)")
            }
            var all = ByteBuffer()
            try await copying.exportCSV(ListingFilter()) { all.writeImmutableBuffer($0) }
            #expect(String(buffer: all).contains(",location;area_m2") == false)
            #expect(String(buffer: all).contains(",\"area_m2;location\"\r\n"), "the marks a person published anyway")
        }
    }

    /// The CSV in words, read through COPY as values, is the CSV in words written from the stored listings, in both
    /// languages and any zone.
    @Test func theExportInWordsThroughCopyIsTheSame() async throws {
        try await TestDatabase.withDatabase { client, configuration in
            let decoding = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            let copying = PostgresListingRepository(
                client: client, logger: TestDatabase.logger, copySource: configuration)
            _ = try await storeAwkward(decoding, client)
            for (language, zone) in [(Language.korean, "Asia/Seoul"), (.english, "America/New_York")] {
                let labels = Labels.of(language)
                let timeZone = try #require(TimeZone(identifier: zone))
                func inWords(_ repository: PostgresListingRepository) async throws -> ByteBuffer {
                    var out = ByteBuffer()
                    try await repository.exportRows(
                        ListingFilter(), line: { CSVExport.row($0, in: labels, zone: timeZone) }
                    ) { out.writeImmutableBuffer($0) }
                    return out
                }
                let expected = try await inWords(decoding)
                let copied = try await inWords(copying)
                #expect(String(buffer: copied) == String(buffer: expected), "\(language)")
                #expect(String(buffer: copied).split(separator: "\r\n").count >= Self.awkward.count)
            }
        }
    }

    /// A database that cannot be reached is a clear error, not a crash or a hang.
    @Test func aCopyExportWithNoDatabaseSaysSo() async throws {
        try await TestDatabase.withDatabase { client, configuration in
            var nowhere = configuration
            nowhere.port = 1
            let copying = PostgresListingRepository(client: client, logger: TestDatabase.logger, copySource: nowhere)
            await #expect(throws: StorageError.self) { try await copying.exportCSV(ListingFilter()) { _ in } }
        }
    }

    @Test func theDatabasesLinesAreTheExportRules() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            _ = try await storeAwkward(repository, client)
            var lines: [String] = []
            try await repository.exportCSV(ListingFilter()) { lines.append(String(buffer: $0)) }
            var expected: [String] = []
            try await repository.export(ListingFilter()) { expected.append(CSVExport.row($0)) }
            #expect(lines.count == Self.awkward.count)
            for (line, reference) in zip(lines, expected) {
                #expect(line == reference)
            }
            #expect(lines[0].contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
            #expect(lines[0].contains(",19.8,20.0,,1.5,-1,5,"), "areas to a tenth, no rooms, a bath and a half")
            #expect(lines[1].contains("\"'-50% 오늘만; 줄바꿈\n두 줄\""))
        }
    }
}
