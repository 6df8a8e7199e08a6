import Foundation
import ListingCore
import Logging
import PostgresNIO

/// The PostgreSQL implementation: every value bound, never spliced into SQL; column names come from FieldSchema.
public struct PostgresListingRepository: ListingRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let fieldColumns: [FieldSpec] = FieldSchema.allFields

    static let selectList: String = {
        let fields = fieldColumns.map { spec in
            spec.type == .area ? "\(spec.name)::float8 AS \(spec.name)" : spec.name
        }
        return (["id", "kind", "status", "version", "source_text", "pasted_on::text AS pasted_on"] + fields + [
            "evidence::text AS evidence", "issues::text AS issues", "corrected_fields", "created_at", "updated_at",
            "published_at",
        ]).joined(separator: ", ")
    }()

    public func create(_ listing: NewListing, runs: [ExtractionRun]) async throws -> Listing {
        var binds = PostgresBindings()
        var columns = ["kind", "status", "source_text", "pasted_on", "evidence", "issues"]
        var placeholders = ["$1", "$2", "$3", "$4::date", "$5::jsonb", "$6::jsonb"]
        binds.append(listing.kind.rawValue)
        binds.append(listing.status.rawValue)
        binds.append(listing.sourceText)
        binds.append(listing.pastedOn.description)
        binds.append(try JSONCoding.string(listing.evidence))
        binds.append(try JSONCoding.string(listing.issues))
        for spec in Self.fieldColumns {
            columns.append(spec.name)
            Self.bind(listing.fields[spec.name], spec: spec, into: &binds)
            placeholders.append("$\(binds.count)")
        }
        let sql = "INSERT INTO listings (\(columns.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", "))) RETURNING \(Self.selectList)"
        return try await client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            var stored: Listing?
            for try await row in rows { stored = try Self.decode(row) }
            guard let stored else { throw StorageError(.corruptRow, "The insert returned no row.") }
            for (attempt, run) in runs.enumerated() {
                try await insert(run, attempt: attempt + 1, listingID: stored.id, on: connection)
            }
            return stored
        }
    }

    func insert(_ run: ExtractionRun, attempt: Int, listingID: Int64, on connection: PostgresConnection) async throws {
        let values = try JSONCoding.string(run.writtenValues)
        let issues = try JSONCoding.string(run.issues)
        try await connection.query(
            """
            INSERT INTO extraction_runs (listing_id, attempt, model, prompt_version, strategy, prompt, raw_reply,
                parsed_values, kind, issues, prompt_tokens, completion_tokens, tokens_estimated, latency_ms,
                finish_reason, error, retries, time_to_first_token_ms, cost_usd)
            VALUES (\(listingID), \(attempt), \(run.model), \(run.promptVersion), \(run.strategy), \(run.prompt),
                \(run.rawReply), \(values)::jsonb, \(run.kind?.rawValue), \(issues)::jsonb, \(run.promptTokens),
                \(run.completionTokens), \(run.tokensEstimated), \(run.latencyMilliseconds), \(run.finishReason),
                \(run.error), \(run.retries), \(run.timeToFirstTokenMilliseconds), \(run.costUSD))
            """, logger: logger)
    }

    public func find(id: Int64) async throws -> Listing? {
        let rows = try await client.query(
            PostgresQuery(unsafeSQL: "SELECT \(Self.selectList) FROM listings WHERE id = $1", binds: Self.binds(id)),
            logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    public func save(id: Int64, expectedVersion: Int, change: ListingChange) async throws -> SaveResult {
        try await client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT \(Self.selectList) FROM listings WHERE id = $1 FOR UPDATE",
                              binds: Self.binds(id)), logger: logger)
            var found: Listing?
            for try await row in rows { found = try Self.decode(row) }
            guard let current = found else { return .notFound }
            guard current.version == expectedVersion else { return .conflict(current: current) }

            var edits: [(String, String?, String?)] = []
            if current.kind != change.kind { edits.append(("kind", current.kind.rawValue, change.kind.rawValue)) }
            for spec in Self.fieldColumns where current.fields[spec.name] != change.fields[spec.name] {
                edits.append((spec.name, current.fields[spec.name]?.canonicalString(), change.fields[spec.name]?.canonicalString()))
            }
            let corrected = current.correctedFields.union(edits.map(\.0).filter { $0 != "kind" })
            let status: ListingStatus =
                change.kind == .notListing ? .rejected : (change.publish || current.status == .published ? .published : .draft)

            var binds = PostgresBindings()
            binds.append(change.kind.rawValue)
            binds.append(status.rawValue)
            binds.append(try JSONCoding.string(change.issues))
            binds.append(corrected.sorted())
            var assignments = ["kind = $1", "status = $2", "issues = $3::jsonb", "corrected_fields = $4",
                               "version = version + 1",
                               "published_at = CASE WHEN $2 = 'published' THEN COALESCE(published_at, now()) ELSE NULL END"]
            for spec in Self.fieldColumns {
                Self.bind(change.fields[spec.name], spec: spec, into: &binds)
                assignments.append("\(spec.name) = $\(binds.count)")
            }
            binds.append(id)
            let sql = "UPDATE listings SET \(assignments.joined(separator: ", ")) WHERE id = $\(binds.count) RETURNING \(Self.selectList)"
            var saved: Listing?
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                saved = try Self.decode(row)
            }
            guard let saved else { return .notFound }
            for (field, before, after) in edits {
                try await connection.query(
                    """
                    INSERT INTO listing_edits (listing_id, field, value_before, value_after, version)
                    VALUES (\(id), \(field), \(before), \(after), \(saved.version))
                    """, logger: logger)
            }
            return .saved(saved)
        }
    }

    public func list(_ filter: ListingFilter, limit: Int, before cursor: Int64?) async throws -> ListingPage {
        var (conditions, binds) = Self.conditions(filter)
        if let cursor {
            binds.append(cursor)
            conditions.append("id < $\(binds.count)")
        }
        let pageSize = max(1, min(limit, 200))
        binds.append(pageSize + 1)
        let sql = "SELECT \(Self.selectList) FROM listings \(Self.whereClause(conditions)) ORDER BY id DESC LIMIT $\(binds.count)"
        var items: [Listing] = []
        for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            items.append(try Self.decode(row))
        }
        var next: Int64?
        if items.count > pageSize {
            items.removeLast()
            next = items.last?.id
        }
        return ListingPage(items: items, nextCursor: next)
    }

    public func export(_ filter: ListingFilter, row: (Listing) async throws -> Void) async throws {
        let (conditions, binds) = Self.conditions(filter)
        let sql = "SELECT \(Self.selectList) FROM listings \(Self.whereClause(conditions)) ORDER BY id"
        // PostgresNIO streams the rows with back-pressure: it stops reading the socket while `row` is busy,
        // so memory stays flat however many rows there are.
        for try await databaseRow in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            try await row(try Self.decode(databaseRow))
        }
    }

    public func runs(listingID: Int64) async throws -> [ExtractionRun] {
        let rows = try await client.query(
            """
            SELECT model, prompt_version, strategy, prompt, raw_reply, parsed_values::text, kind, issues::text,
                prompt_tokens, completion_tokens, tokens_estimated, latency_ms, finish_reason, error, retries,
                time_to_first_token_ms, cost_usd::float8 AS cost_usd
            FROM extraction_runs WHERE listing_id = \(listingID) ORDER BY attempt
            """, logger: logger)
        var runs: [ExtractionRun] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            var run = ExtractionRun(
                    model: try r["model"].decode(String.self), promptVersion: try r["prompt_version"].decode(String.self),
                    strategy: try r["strategy"].decode(String.self), prompt: try r["prompt"].decode(String.self),
                    rawReply: try r["raw_reply"].decode(String?.self),
                    writtenValues: try JSONCoding.decode([String: String].self, try r["parsed_values"].decode(String.self)),
                    kind: try r["kind"].decode(String?.self).flatMap(ListingKind.init(rawValue:)),
                    issues: try JSONCoding.decode([Issue].self, try r["issues"].decode(String.self)),
                    promptTokens: try r["prompt_tokens"].decode(Int.self),
                    completionTokens: try r["completion_tokens"].decode(Int.self),
                    tokensEstimated: try r["tokens_estimated"].decode(Bool.self),
                    latencyMilliseconds: try r["latency_ms"].decode(Int.self),
                    finishReason: try r["finish_reason"].decode(String?.self), error: try r["error"].decode(String?.self))
            run.retries = try r["retries"].decode(Int.self)
            run.timeToFirstTokenMilliseconds = try r["time_to_first_token_ms"].decode(Int?.self)
            run.costUSD = try r["cost_usd"].decode(Double?.self)
            runs.append(run)
        }
        return runs
    }

    public func edits(listingID: Int64) async throws -> [ListingEdit] {
        let rows = try await client.query(
            "SELECT field, value_before, value_after, version FROM listing_edits WHERE listing_id = \(listingID) ORDER BY id",
            logger: logger)
        var edits: [ListingEdit] = []
        for try await (field, before, after, version) in rows.decode((String, String?, String?, Int).self) {
            edits.append(ListingEdit(field: field, before: before, after: after, version: version))
        }
        return edits
    }

    public func usage(days: Int) async throws -> [DailyUsage] {
        let rows = try await client.query(
            """
            SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, model, count(*)::int8,
                count(error)::int8, coalesce(sum(retries), 0)::int8, coalesce(sum(prompt_tokens), 0)::int8,
                coalesce(sum(completion_tokens), 0)::int8, sum(cost_usd)::float8, coalesce(avg(latency_ms), 0)::int8
            FROM extraction_runs
            WHERE created_at >= now() - make_interval(days => \(days)::int4)
            GROUP BY 1, 2 ORDER BY 1 DESC, 2
            """, logger: logger)
        var result: [DailyUsage] = []
        for try await (day, model, calls, failures, retries, prompt, completion, cost, latency) in rows.decode(
            (String, String, Int64, Int64, Int64, Int64, Int64, Double?, Int64).self)
        {
            result.append(
                DailyUsage(day: day, model: model, calls: Int(calls), failures: Int(failures), retries: Int(retries),
                           promptTokens: Int(prompt), completionTokens: Int(completion), costUSD: cost,
                           averageLatencyMilliseconds: Int(latency)))
        }
        return result
    }

    public func ping() async throws {
        try await client.query("SELECT 1", logger: logger)
    }

    // MARK: Mapping

    static func conditions(_ filter: ListingFilter) -> ([String], PostgresBindings) {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let kind = filter.kind {
            binds.append(kind.rawValue)
            conditions.append("kind = $\(binds.count)")
        }
        if let status = filter.status {
            binds.append(status.rawValue)
            conditions.append("status = $\(binds.count)")
        }
        if let query = filter.query {
            binds.append(query.lowercased())
            let n = binds.count
            conditions.append(
                "(strpos(lower(source_text), $\(n)) > 0 OR strpos(lower(coalesce(title, '')), $\(n)) > 0 "
                    + "OR strpos(lower(coalesce(location, '')), $\(n)) > 0 OR strpos(lower(coalesce(brand, '')), $\(n)) > 0 "
                    + "OR strpos(lower(coalesce(model, '')), $\(n)) > 0)")
        }
        return (conditions, binds)
    }

    static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    static func binds(_ id: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(id)
        return binds
    }

    static func bind(_ value: FieldValue?, spec: FieldSpec, into binds: inout PostgresBindings) {
        switch (spec.type, value) {
        case (_, nil):
            binds.appendNull()
        case (.money, .integer(let number)?), (.integer, .integer(let number)?):
            binds.append(Int64(number))
        case (.area, .decimal(let number)?):
            binds.append(number)
        case (.boolean, .boolean(let flag)?):
            binds.append(flag)
        case (.options, .list(let items)?):
            binds.append(items)
        case (_, .some(let other)):
            binds.append(other.canonicalString())
        }
    }

    static func decode(_ row: PostgresRow) throws -> Listing {
        let r = row.makeRandomAccess()
        let kindText = try r["kind"].decode(String.self)
        let statusText = try r["status"].decode(String.self)
        guard let kind = ListingKind(rawValue: kindText), let status = ListingStatus(rawValue: statusText),
            let pastedOn = LocalDate(iso: try r["pasted_on"].decode(String.self))
        else {
            throw StorageError(.corruptRow, "A listing row has an unknown kind, status or date.")
        }
        var fields: [String: FieldValue] = [:]
        for spec in fieldColumns {
            let cell = r[spec.name]
            let value: FieldValue?
            switch spec.type {
            case .money, .integer:
                value = try cell.decode(Int64?.self).map { .integer(Int($0)) }
            case .area:
                value = try cell.decode(Double?.self).map { .decimal($0) }
            case .boolean:
                value = try cell.decode(Bool?.self).map { .boolean($0) }
            case .options:
                value = try cell.decode([String]?.self).map { .list($0) }
            default:
                value = try cell.decode(String?.self).map { .text($0) }
            }
            if let value { fields[spec.name] = value }
        }
        return Listing(
            id: try r["id"].decode(Int64.self), kind: kind, status: status, version: try r["version"].decode(Int.self),
            sourceText: try r["source_text"].decode(String.self), pastedOn: pastedOn, fields: fields,
            evidence: try JSONCoding.decode([String: String].self, try r["evidence"].decode(String.self)),
            issues: try JSONCoding.decode([Issue].self, try r["issues"].decode(String.self)),
            correctedFields: Set(try r["corrected_fields"].decode([String].self)),
            createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self),
            publishedAt: try r["published_at"].decode(Date?.self))
    }
}

/// JSON for the JSONB columns.
enum JSONCoding {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
