import Foundation
import ListingCore
import Storage
import TestSupport
import Testing

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
    ]

    @Test func theDatabasesLinesAreTheExportRules() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let repository = PostgresListingRepository(client: client, logger: TestDatabase.logger)
            var stored: [Listing] = []
            for (kind, fields) in Self.awkward {
                stored.append(
                    try await repository.create(
                        NewListing(
                            kind: kind, sourceText: "원문 \(stored.count)",
                            pastedOn: LocalDate(year: 2026, month: 11, day: 20)!,
                            fields: fields, evidence: [:], issues: []),
                        runs: []))
            }
            let published = try #require(stored.first)
            _ = try await client.query(
                "UPDATE listings SET status = 'published', published_at = now() WHERE id = \(published.id)",
                logger: TestDatabase.logger)
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
