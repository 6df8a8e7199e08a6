import Foundation
import Testing

/// Every value reaches PostgreSQL bound, never spliced into a statement's text: `PostgresQuery(unsafeSQL:)` takes
/// text as it is, so it is allowed only where the text is not a value (the migrations' own files, and the test
/// databases' names, which the tests make). A query's constants (column lists, a `CASE`) go in through
/// `\(unescaped:)` of a `static let`.
@Suite struct BoundValueTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where `unsafeSQL` may stand, and why.
    static let allowed: [String: String] = [
        "Sources/Storage/MigrationRunner.swift": "a migration file's statements, as written in migrations/",
        "Sources/TestSupport/TestDatabase.swift": "CREATE and DROP DATABASE of the tests' own database names",
    ]

    @Test func unsafeSQLStandsOnlyWhereItsTextIsNoValue() throws {
        var found: Set<String> = []
        for folder in ["Sources", "Tests", "Benchmarks", "Examples"] {
            let base = Self.root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") && !file.contains(".build") {
                let url = base.appendingPathComponent(file)
                // This file names it to say where it may stand.
                guard url.standardizedFileURL.path != URL(fileURLWithPath: #filePath).standardizedFileURL.path
                else { continue }
                let text = try String(contentsOf: url, encoding: .utf8)
                if text.contains("unsafeSQL:") { found.insert("\(folder)/\(file)") }
            }
        }
        #expect(!found.isEmpty, "the scan read the sources")
        for file in found.sorted() {
            #expect(Self.allowed[file] != nil, "\(file) builds a statement's text with unsafeSQL: bind its values")
        }
    }
}
