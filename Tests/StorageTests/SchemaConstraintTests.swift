import Foundation
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The field schema and the `listings` table's CHECK constraints must say the same thing, field by field: a value
/// the validator accepts and the column refuses loses a paste. Read from a migrated database, so that a migration
/// or a schema change that makes them drift fails here.
@Suite struct SchemaConstraintTests {
    /// Column name → the text of its CHECK constraint(s), as PostgreSQL prints them.
    func checks(_ client: PostgresClient) async throws -> [String: String] {
        let rows = try await client.query(
            """
            SELECT a.attname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
            WHERE c.conrelid = 'listings'::regclass AND c.contype = 'c' AND array_length(c.conkey, 1) = 1
            """, logger: TestDatabase.logger)
        var result: [String: String] = [:]
        for try await (column, definition) in rows.decode((String, String).self) {
            result[column, default: ""] += definition
        }
        return result
    }

    func columns(_ client: PostgresClient) async throws -> Set<String> {
        let rows = try await client.query(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'listings'",
            logger: TestDatabase.logger)
        var names = Set<String>()
        for try await (name) in rows.decode(String.self) { names.insert(name) }
        return names
    }

    /// The quoted literals of a definition: `ARRAY['a'::text, 'b'::text]` → a, b.
    func literals(_ definition: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "'((?:[^']|'')*)'")
        let range = NSRange(definition.startIndex..., in: definition)
        return pattern.matches(in: definition, range: range).map { match in
            String(definition[Range(match.range(at: 1), in: definition)!]).replacingOccurrences(of: "''", with: "'")
        }
    }

    /// The bounds of `((x >= low) AND (x <= high))`, whatever casts PostgreSQL printed around the numbers.
    func bounds(_ definition: String, column: String) -> (Double, Double)? {
        func number(after op: String) -> Double? {
            let pattern = try! NSRegularExpression(pattern: "\(column) \(op) \\(?'?(-?[0-9.]+)")
            let range = NSRange(definition.startIndex..., in: definition)
            guard let match = pattern.firstMatch(in: definition, range: range) else { return nil }
            return Double(definition[Range(match.range(at: 1), in: definition)!])
        }
        guard let low = number(after: ">="), let high = number(after: "<=") else { return nil }
        return (low, high)
    }

    /// Whether PostgreSQL's `~` accepts a value for a pattern.
    func matches(_ client: PostgresClient, _ value: String, _ pattern: String) async throws -> Bool {
        let rows = try await client.query("SELECT \(value)::text ~ \(pattern)::text", logger: TestDatabase.logger)
        for try await (accepted) in rows.decode(Bool.self) { return accepted }
        return false
    }

    @Test func everyFieldHasAColumnAndItsCheckAgreesWithTheSchema() async throws {
        try await TestDatabase.withDatabase { client, _ in
            let checks = try await checks(client)
            let columns = try await columns(client)
            for spec in FieldSchema.allFields {
                #expect(columns.contains(spec.name.rawValue), "no column for \(spec.name)")
                let definition = checks[spec.name.rawValue] ?? ""
                switch spec.type {
                case .text(_, let storageLimit):
                    let limit = bounds(
                        definition.replacingOccurrences(of: "char_length(\(spec.name))", with: "x >= 0 AND x"),
                        column: "x")
                    #expect(limit?.1 == Double(storageLimit), "\(spec.name): \(definition)")
                case .enumeration(let values), .options(let values):
                    #expect(Set(literals(definition)) == Set(values), "\(spec.name): \(definition)")
                    #expect(literals(definition).count == values.count, "\(spec.name): \(definition)")
                case .money:
                    let range = try #require(
                        bounds(definition, column: spec.name.rawValue), "\(spec.name): \(definition)")
                    #expect(range.0 == Double(FieldSchema.moneyBounds.lowerBound))
                    #expect(range.1 == Double(FieldSchema.moneyBounds.upperBound))
                case .integer(let allowed), .halves(let allowed):
                    let range = try #require(
                        bounds(definition, column: spec.name.rawValue), "\(spec.name): \(definition)")
                    #expect(range.0 == Double(allowed.lowerBound), "\(spec.name)")
                    #expect(range.1 == Double(allowed.upperBound), "\(spec.name)")
                    if case .halves = spec.type {
                        #expect(definition.contains("trunc"), "\(spec.name) holds halves only: \(definition)")
                    }
                case .area:
                    let range = try #require(
                        bounds(definition, column: spec.name.rawValue), "\(spec.name): \(definition)")
                    #expect(range.0 == FieldSchema.areaBounds.lowerBound)
                    #expect(range.1 == FieldSchema.areaBounds.upperBound)
                case .currency, .availability:
                    // A pattern: compare behaviour on values either side of the line.
                    let pattern = try #require(literals(definition).first, "\(spec.name): \(definition)")
                    let samples =
                        spec.type == .currency
                        ? ["KRW", "USD", "usd", "US", "USDX", "ÄBC", "K1W", ""]
                        : [
                            "2026-12-01", "2026-12", "immediate", "negotiable", "2026-1-5", "2026-12-1", "2026-13",
                            "2026-02-30", "20261201", "soon", "2026-12-01 ", "２０２６-12-01", "",
                        ]
                    for sample in samples where ValueNormalizer.check(.text(sample), as: spec) == nil {
                        #expect(
                            try await matches(client, sample, pattern),
                            "\(spec.name): the validator accepts “\(sample)”, the column does not")
                    }
                case .boolean:
                    #expect(definition.isEmpty, "\(spec.name) has a CHECK the schema does not know: \(definition)")
                }
            }
        }
    }

    @Test func textLimitsCountCodePointsAsTheColumnDoes() async throws {
        // 80 characters, each an "e" with three combining accents: 320 code points.
        let title = String(repeating: "e\u{301}\u{302}\u{303}", count: 80)
        let spec = try #require(FieldSchema.spec("title", in: .realEstate))
        #expect(title.count == 80)
        #expect(ValueNormalizer.check(.text(title), as: spec) != nil, "too long to store")
        if case .invalid = ValueNormalizer.normalize(
            title, as: spec, context: .init(pastedOn: LocalDate(year: 2026, month: 1, day: 1)!))
        {
        } else {
            Issue.record("a title too long to store is not a value")
        }
        let fits = String(repeating: "e\u{301}", count: 80)
        #expect(ValueNormalizer.check(.text(fits), as: spec) == nil)
        #expect(
            ListingValidator.validate(kind: .realEstate, fields: ["title": .text(fits)]).contains {
                $0.code == .outOfRange
            },
            "160 code points is over the publishing limit of 80")
    }
}
