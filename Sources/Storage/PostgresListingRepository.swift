import Foundation
import ListingCore
import Logging
import PostgresNIO

/// The PostgreSQL implementation. Every value reaches the database as a bound parameter, through `PostgresQuery`
/// interpolation; the only text spliced into SQL is the column list, a constant built from `FieldSchema`.
public struct PostgresListingRepository: ListingRepository {
    let client: PostgresClient
    let logger: Logger
    /// Where libpq connects for the CSV export's COPY (`exportCSV`); without it, the export reads lines the
    /// database writes through PostgresNIO (the same bytes, at about half the speed).
    let copySource: DatabaseConfiguration?

    public init(client: PostgresClient, logger: Logger, copySource: DatabaseConfiguration? = nil) {
        self.client = client
        self.logger = logger
        self.copySource = copySource
    }

    static let fieldColumns: [FieldSpec] = FieldSchema.allFields

    /// `title, property_type, …`: the field columns in schema order.
    static let fieldColumnList: String = fieldColumns.map(\.name.rawValue).joined(separator: ", ")

    static let selectList = columns(withWhatWasSent: true)

    /// What `create` reads back of the row it inserted: what the database gave it (its id, the rounded numbers, the
    /// times), without the text and the JSON it was sent (written back as text and decoded again, they were about 5%
    /// of what a paste cost the app: docs/PERFORMANCE.md, "Speed, part five").
    static let insertedList = columns(withWhatWasSent: false)

    /// The listing columns as `decode` reads them; without the source text, evidence, grades and issues unless
    /// `withWhatWasSent`.
    static func columns(withWhatWasSent sent: Bool) -> String {
        let fields = fieldColumns.map { spec in
            switch spec.type {
            case .area, .halves: return "\(spec.name)::float8 AS \(spec.name)"
            default: return spec.name.rawValue
            }
        }
        let text = sent ? ["source_text"] : []
        let json =
            sent
            ? ["evidence::text AS evidence", "evidence_grades::text AS evidence_grades", "issues::text AS issues"] : []
        return
            (["id", "kind", "status", "version"] + text + ["pasted_on::text AS pasted_on"] + fields + json + [
                "extracted_by", "fallback_from", "extracted_via", "corrected_fields", "created_at", "updated_at",
                "published_at", "owner_id",
            ]).joined(separator: ", ")
    }

    /// One statement: the listing and its runs (`appendRunInsert`, numbered from 1); prepared when it has the
    /// common shape (`PreparedStatements.PasteInsert`).
    public func create(_ listing: NewListing, runs: [ExtractionRun]) async throws -> Listing {
        let statement = HotStatement<PreparedStatements.PasteInsert>(try Self.insertSQL(listing, runs: runs))
        return try await inserting(
            statement, text: listing.sourceText, ownerID: listing.ownerID, unlessPastedIn: listing.refusedIfPastedIn
        ) { rows in
            for try await row in rows { return try Self.decode(row, sent: listing) }
            throw StorageError(.corruptRow, "The insert returned no row.")
        }
    }

    /// `create`'s statement.
    static func insertSQL(_ listing: NewListing, runs: [ExtractionRun]) throws -> TypedSQL {
        let evidence = JSONCoding.object(listing.evidence)
        let grades = JSONCoding.object(listing.grades)
        let issues = try JSONCoding.string(listing.issues)
        var sql = TypedSQL(literalCapacity: 2_048, interpolationCount: 12 + 23 * runs.count + fieldColumns.count)
        sql.appendLiteral("WITH listing AS (INSERT INTO listings (kind, status, source_text, pasted_on, evidence, ")
        sql.appendLiteral("evidence_grades, issues, extracted_by, fallback_from, extracted_via, owner_id, ")
        sql.appendInterpolation(unescaped: fieldColumnList)
        sql.appendLiteral(") VALUES (")
        sql.appendInterpolation(listing.kind.rawValue)
        sql.appendLiteral(", ")
        sql.appendInterpolation(listing.status.rawValue)
        sql.appendLiteral(", ")
        sql.appendInterpolation(listing.sourceText)
        sql.appendLiteral(", ")
        sql.appendInterpolation(listing.pastedOn.description)
        sql.appendLiteral("::date, ")
        sql.appendInterpolation(evidence)
        sql.appendLiteral("::jsonb, ")
        sql.appendInterpolation(grades)
        sql.appendLiteral("::jsonb, ")
        sql.appendInterpolation(issues)
        sql.appendLiteral("::jsonb, ")
        sql.appendInterpolation(listing.provenance.extractedBy)
        sql.appendLiteral(", ")
        sql.appendInterpolation(listing.provenance.fallbackFrom)
        sql.appendLiteral(", ")
        sql.appendInterpolation(listing.provenance.via?.rawValue)
        sql.appendLiteral(", ")
        sql.appendInterpolation(listing.ownerID)
        for spec in fieldColumns {
            sql.appendLiteral(", ")
            append(listing.fields[spec.name], spec: spec, to: &sql)
        }
        sql.appendLiteral(") RETURNING ")
        sql.appendInterpolation(unescaped: insertedList)
        sql.appendLiteral("), base AS (SELECT 0 AS attempt)")
        try appendRuns(runs, listingID: 0, to: &sql)
        sql.appendLiteral(" SELECT * FROM listing")
        return sql
    }

    /// Runs the insert of a paste, `statement`, and reads what it returns: as it is (on the pool) when no duplicate
    /// check is asked; else in a transaction that first takes the owner's paste lock (an advisory lock, so that two
    /// pastes of one account are checked one after the other: a read-then-write alone let four pastes at once all
    /// find nothing), then refuses with `PastedBefore` when a listing in `scope` has the text, then inserts.
    func inserting<T: Sendable, Shape: StatementShape>(
        _ statement: HotStatement<Shape>, text: String, ownerID: Int64?, unlessPastedIn scope: ListingScope?,
        reading: @Sendable (HotStatement<Shape>.Rows) async throws -> T
    ) async throws -> T {
        guard let scope else { return try await reading(try await statement.rows(on: client, logger: logger)) }
        do {
            return try await writing { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(Self.pasteLockKey(ownerID)))", logger: logger)
                if let earlier = try await latest(withText: text, in: scope, on: connection) {
                    throw PastedBefore(earlier: earlier)
                }
                return try await reading(try await statement.rows(on: connection, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            if let pastedBefore = error.closureError as? PastedBefore { throw pastedBefore }
            throw error
        }
    }

    /// The advisory lock that orders one account's duplicate checks (a constant tag in the high bits, so that no
    /// other use of advisory locks meets it).
    static func pasteLockKey(_ ownerID: Int64?) -> Int64 {
        0x4C44_5041_0000_0000 | ((ownerID ?? 0) & 0xFFFF_FFFF)
    }

    /// A write transaction that commits only if its caller still waits for it: a request abandoned at its deadline
    /// (`withDeadline` cancels it) is rolled back, so that an answer saying "not saved" is true.
    func writing<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withTransaction(logger: logger) { connection in
            let result = try await body(connection)
            try Task.checkCancellation()
            return result
        }
    }

    public func find(id: Int64) async throws -> Listing? {
        try await client.withConnection { connection in try await find(id, on: connection) }
    }

    public func latest(withText text: String, in scope: ListingScope) async throws -> Listing? {
        try await client.withConnection { connection in try await latest(withText: text, in: scope, on: connection) }
    }

    func latest(
        withText text: String, in scope: ListingScope, on connection: PostgresConnection
    ) async throws
        -> Listing?
    {
        let scope = scope.condition
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.selectList) FROM listings
            WHERE content_hash = sha256(convert_to(\(text), 'UTF8')) AND source_text = \(text)
                AND (\(scope.everything) OR owner_id = \(scope.owner)
                    OR (\(scope.published) AND status = 'published'))
            ORDER BY id DESC LIMIT 1
            """, logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    func find(_ id: Int64, on connection: PostgresConnection, locking: Bool = false) async throws -> Listing? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.selectList) FROM listings WHERE id = \(id)\(unescaped: locking ? " FOR UPDATE" : "")",
            logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// Adds runs to a listing's, numbered after those it has (a kind change's re-reading), in one statement.
    func append(_ runs: [ExtractionRun], listingID: Int64, on connection: PostgresConnection) async throws {
        guard !runs.isEmpty else { return }
        var sql = TypedSQL(literalCapacity: 1_024, interpolationCount: 2 + 23 * runs.count)
        sql.appendLiteral("WITH ")
        try Self.appendRunInserts(runs, listingID: listingID, to: &sql)
        sql.appendLiteral(" SELECT 1")
        try await connection.query(sql.query, logger: logger)
    }

    public func unpublish(id: Int64, expectedVersion: Int) async throws -> SaveResult {
        try await writing { connection in
            guard let current = try await find(id, on: connection, locking: true) else { return .notFound }
            guard current.version == expectedVersion else { return .conflict(current: current) }
            guard current.status == .published else { return .saved(current) }
            for try await row in try await connection.query(
                """
                UPDATE listings SET status = 'draft', published_at = NULL, version = version + 1 WHERE id = \(id)
                RETURNING \(unescaped: Self.selectList)
                """, logger: logger)
            {
                let saved = try Self.decode(row)
                try await connection.query(
                    """
                    INSERT INTO listing_edits (listing_id, field, value_before, value_after, version)
                    VALUES (\(id), 'status', 'published', 'draft', \(saved.version))
                    """, logger: logger)
                return .saved(saved)
            }
            return .notFound
        }
    }

    public func delete(id: Int64) async throws -> Bool {
        try await writing { connection in
            var deleted = false
            for try await _ in try await connection.query(
                "DELETE FROM listings WHERE id = \(id) RETURNING id", logger: logger)
            {
                deleted = true
            }
            return deleted
        }
    }

    public func save(id: Int64, expectedVersion: Int, change: ListingChange) async throws -> SaveResult {
        try await writing { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.selectList) FROM listings WHERE id = \(id) FOR UPDATE", logger: logger)
            var found: Listing?
            for try await row in rows { found = try Self.decode(row) }
            guard let current = found else { return .notFound }
            guard current.status != .extracting else { return .stillExtracting }
            guard current.version == expectedVersion else { return .conflict(current: current) }

            var edits: [(String, String?, String?)] = []
            if current.kind != change.kind { edits.append(("kind", current.kind.rawValue, change.kind.rawValue)) }
            var changedFields: [FieldName] = []
            for spec in Self.fieldColumns
            where current.fields[spec.name] != change.fields[spec.name] && change.reread == nil {
                changedFields.append(spec.name)
                edits.append(
                    (
                        spec.name.rawValue, current.fields[spec.name]?.canonicalString(),
                        change.fields[spec.name]?.canonicalString()
                    ))
            }
            // A re-reading keeps the marks of the person's own values that the new kind still has.
            let corrected =
                change.reread == nil
                ? current.correctedFields.union(changedFields)
                : current.correctedFields.filter { FieldSchema.spec($0, in: change.kind) != nil }
            let status = current.status.afterSave(as: change.kind, publishing: change.publish)
            let outcomes = Self.markOutcomes(
                current, change, changed: Set(changedFields), published: status == .published)

            let issues = try JSONCoding.string(change.issues)
            var sql = TypedSQL(
                literalCapacity: 2_048, interpolationCount: 8 + Self.fieldColumns.count)
            sql.appendLiteral("UPDATE listings SET kind = ")
            sql.appendInterpolation(change.kind.rawValue)
            if let reread = change.reread {
                sql.appendLiteral(", evidence = ")
                sql.appendInterpolation(JSONCoding.object(reread.evidence))
                sql.appendLiteral("::jsonb, evidence_grades = ")
                sql.appendInterpolation(JSONCoding.object(reread.grades))
                sql.appendLiteral("::jsonb")
            } else {
                // A value the person changed or looked at and kept is theirs: its grade of the text goes with it.
                let settled = Set(changedFields).union(change.confirmed)
                sql.appendLiteral(", evidence_grades = ")
                sql.appendInterpolation(JSONCoding.object(current.grades.filter { !settled.contains($0.key) }))
                sql.appendLiteral("::jsonb")
            }
            sql.appendLiteral(", status = ")
            sql.appendInterpolation(status.rawValue)
            sql.appendLiteral(", issues = ")
            sql.appendInterpolation(issues)
            sql.appendLiteral("::jsonb, corrected_fields = ")
            sql.appendInterpolation(corrected.sorted().map(\.rawValue))
            sql.appendLiteral(", version = version + 1, published_at = CASE WHEN ")
            sql.appendInterpolation(status == .published)
            sql.appendLiteral(" THEN COALESCE(published_at, now()) ELSE NULL END")
            Self.appendAssignments(change.fields, to: &sql)
            sql.appendLiteral(" WHERE id = ")
            sql.appendInterpolation(id)
            sql.appendLiteral(" RETURNING ")
            sql.appendInterpolation(unescaped: Self.selectList)
            var saved: Listing?
            for try await row in try await connection.query(sql.query, logger: logger) {
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
            if !outcomes.isEmpty {
                // One statement for the save's outcomes, not one a mark.
                try await connection.query(
                    """
                    INSERT INTO mark_outcomes (listing_id, field, code, outcome)
                    SELECT \(id), m.field, m.code, m.outcome
                    FROM unnest(\(outcomes.map(\.field.rawValue))::text[], \(outcomes.map(\.code.rawValue))::text[],
                        \(outcomes.map(\.outcome.rawValue))::text[]) AS m(field, code, outcome)
                    """, logger: logger)
            }
            if !change.rereadRuns.isEmpty { try await append(change.rereadRuns, listingID: id, on: connection) }
            return .saved(saved)
        }
    }

    public func list(_ filter: ListingFilter, limit: Int, before cursor: Int64?) async throws -> ListingPage {
        let pageSize = max(1, min(limit, 200))
        let query = Self.filtered(filter, before: cursor, order: "DESC", limit: pageSize + 1)
        var items: [Listing] = []
        for try await row in try await client.query(query, logger: logger) {
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
        // PostgresNIO streams the rows with back-pressure: it stops reading the socket while `row` is busy,
        // so memory stays flat however many rows there are.
        let query = Self.filtered(filter, before: nil, order: "ASC", limit: nil)
        for try await databaseRow in try await client.query(query, logger: logger) {
            try await row(try Self.decode(databaseRow))
        }
    }

    public func exportCSV(_ filter: ListingFilter, line: (ByteBuffer) async throws -> Void) async throws {
        if let copySource {
            try await Self.copyCSV(filter, from: copySource, chunk: line)
            return
        }
        let query = Self.filtered(filter, before: nil, order: "ASC", limit: nil, select: Self.csvLine)
        // The line's bytes as they came (UTF-8 text from the database), never decoded into a String.
        for try await bytes in try await client.query(query, logger: logger).decode(ByteBuffer.self) {
            try await line(bytes)
        }
    }

    /// One CSV line per listing, written by the database (`csv_cell`, migrations/0011): `id,kind,status`, every
    /// field in schema order (numbers and booleans as they are, text and choices as cells, options joined with
    /// `;`), `created_at,published_at` in ISO 8601 UTC, and CRLF.
    static let csvLine: String = {
        let time = #"to_char(%@ AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#
        let cells =
            ["id::text", "kind", "status"]
            + FieldSchema.allFields.map { spec -> String in
                let column = spec.name.rawValue
                switch spec.type {
                case .money, .integer, .area, .halves, .boolean:
                    return "coalesce(\(column)::text, '')"
                case .enumeration, .currency, .availability:
                    // Codes, a currency, a date: their columns' CHECKs leave nothing to quote or neutralize.
                    return "coalesce(\(column), '')"
                case .options:
                    // Codes joined with `;`: quoted when there are two or more.
                    return "CASE WHEN cardinality(\(column)) > 1 THEN '\"' || array_to_string(\(column), ';') || '\"' "
                        + "ELSE coalesce(\(column)[1], '') END"
                case .text:
                    return "csv_cell(\(column))"
                }
            }
            + [
                time.replacingOccurrences(of: "%@", with: "created_at"),
                "coalesce(" + time.replacingOccurrences(of: "%@", with: "published_at") + ", '')",
                publishedMarks,
            ]
        return "concat_ws(',', " + cells.joined(separator: ", ") + #") || E'\r\n'"#
    }()

    /// The marked fields of a published listing (`Listing.markedFields`: issues naming a field whose code is neither
    /// a note's nor a blocking one's), sorted, joined with `;`, as one cell.
    static let publishedMarks: String = {
        let codes = (IssueCode.notes + IssueCode.blocking).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return """
            CASE WHEN status = 'published' THEN csv_cell((SELECT string_agg(DISTINCT m.field, ';' ORDER BY m.field) \
            FROM jsonb_to_recordset(issues) AS m(field text, code text) \
            WHERE m.field IS NOT NULL AND m.code NOT IN (\(codes)))) ELSE '' END
            """
    }()

    public func runs(listingID: Int64) async throws -> [ExtractionRun] {
        try await runs(listingID, last: nil).reversed()
    }

    public func lastRun(listingID: Int64) async throws -> ExtractionRun? {
        try await runs(listingID, last: 1).first
    }

    /// The listing's runs, the latest first; only the `last` ones when given.
    private func runs(_ listingID: Int64, last: Int64?) async throws -> [ExtractionRun] {
        let rows = try await client.query(
            """
            SELECT model, prompt_version, strategy, coalesce(p.text, '') || r.prompt AS prompt, raw_reply,
                parsed_values::text, kind, issues::text, prompt_tokens, completion_tokens, tokens_estimated,
                latency_ms, finish_reason, error, retries, time_to_first_token_ms, cost_usd::float8 AS cost_usd,
                delivery, pack_size, request_ref
            FROM extraction_runs r LEFT JOIN prompts p ON p.id = r.prompt_id
            WHERE listing_id = \(listingID) ORDER BY attempt DESC LIMIT \(last)
            """, logger: logger)
        var runs: [ExtractionRun] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            var run = ExtractionRun(
                model: try r["model"].decode(String.self), promptVersion: try r["prompt_version"].decode(String.self),
                strategy: try r["strategy"].decode(String.self), prompt: try r["prompt"].decode(String.self),
                rawReply: try r["raw_reply"].decode(String?.self),
                writtenValues: try JSONCoding.decode(
                    [FieldName: String].self, try r["parsed_values"].decode(String.self)),
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
            run.delivery = Delivery(rawValue: try r["delivery"].decode(String.self)) ?? .single
            run.packSize = try r["pack_size"].decode(Int.self)
            run.requestRef = try r["request_ref"].decode(String?.self)
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

    /// A packed request's runs each count for their share of it (1 / pack size): calls, failures (the share of
    /// its listings not read from it), retries and latency are the requests', tokens and cost the runs' sum.
    public func usage(days: Int) async throws -> [DailyUsage] {
        let rows = try await client.query(
            """
            SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, model,
                round(sum(1.0 / pack_size))::int8,
                round(sum((error IS NOT NULL)::int / pack_size::numeric))::int8,
                round(coalesce(sum(retries / pack_size::numeric), 0))::int8, coalesce(sum(prompt_tokens), 0)::int8,
                coalesce(sum(completion_tokens), 0)::int8, sum(cost_usd)::float8,
                coalesce(round(sum(latency_ms / pack_size::numeric) / sum(1.0 / pack_size)), 0)::int8
            FROM extraction_runs
            WHERE created_at >= now() - make_interval(days => \(days)::int4)
            GROUP BY 1, 2 ORDER BY 1 DESC, 2
            """, logger: logger)
        var result: [DailyUsage] = []
        for try await (day, model, calls, failures, retries, prompt, completion, cost, latency) in rows.decode(
            (String, String, Int64, Int64, Int64, Int64, Int64, Double?, Int64).self)
        {
            result.append(
                DailyUsage(
                    day: day, model: model, calls: Int(calls), failures: Int(failures), retries: Int(retries),
                    promptTokens: Int(prompt), completionTokens: Int(completion), costUSD: cost,
                    averageLatencyMilliseconds: Int(latency)))
        }
        return result
    }

    public func ping() async throws {
        try await client.query("SELECT 1", logger: logger)
    }

    // MARK: Mapping

    /// One statement for every filter: a condition whose value is NULL holds for every row, so nothing about
    /// the filter is spliced into the SQL. `order` and `limit` come from this file only.
    static func filtered(
        _ filter: ListingFilter, before cursor: Int64?, order: String, limit: Int?, select: String = selectList
    ) -> PostgresQuery {
        let needle = filter.query?.lowercased()
        let scope = filter.scope.condition
        return """
            SELECT \(unescaped: select) FROM listings
            WHERE (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
                AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
                AND (\(cursor)::int8 IS NULL OR id < \(cursor))
                AND (\(filter.batchID)::int8 IS NULL OR batch_id = \(filter.batchID))
                AND (\(scope.everything) OR owner_id = \(scope.owner)
                    OR (\(scope.published) AND status = 'published'))
                AND (\(needle)::text IS NULL OR strpos(lower(source_text), \(needle)) > 0
                    OR strpos(lower(coalesce(title, '')), \(needle)) > 0
                    OR strpos(lower(coalesce(location, '')), \(needle)) > 0
                    OR strpos(lower(coalesce(brand, '')), \(needle)) > 0
                    OR strpos(lower(coalesce(model, '')), \(needle)) > 0)
            ORDER BY id \(unescaped: order == "DESC" ? "DESC" : "ASC") LIMIT \(limit.map(Int64.init))
            """
    }

    /// Appends `, column = value` for every field column (NULL for a field without a value).
    static func appendAssignments(_ fields: [FieldName: FieldValue], to sql: inout TypedSQL) {
        for spec in fieldColumns {
            sql.appendLiteral(", \(spec.name) = ")
            append(fields[spec.name], spec: spec, to: &sql)
        }
    }

    /// Appends a field's value as a bound parameter of its column's type (NULL when absent).
    static func append(_ value: FieldValue?, spec: FieldSpec, to sql: inout TypedSQL) {
        switch (spec.type, value) {
        case (.money, .integer(let number)?), (.integer, .integer(let number)?):
            sql.appendInterpolation(Int64(number))
        case (.money, nil), (.integer, nil):
            sql.appendInterpolation(Int64?.none)
        case (.area, .decimal(let number)?), (.halves, .decimal(let number)?):
            sql.appendInterpolation(number)
        case (.area, nil), (.halves, nil):
            sql.appendInterpolation(Double?.none)
        case (.boolean, .boolean(let flag)?):
            sql.appendInterpolation(flag)
        case (.boolean, nil):
            sql.appendInterpolation(Bool?.none)
        case (.options, .list(let items)?):
            sql.appendInterpolation(items)
        case (.options, nil):
            sql.appendInterpolation([String]?.none)
        case (_, let other):
            sql.appendInterpolation(other?.canonicalString())
        }
    }

    /// A listing row, read whole, or (`sent`) read without what the insert that returned it was sent.
    static func decode(_ row: PostgresRow, sent: NewListing? = nil) throws -> Listing {
        let r = row.makeRandomAccess()
        let kindText = try r["kind"].decode(String.self)
        let statusText = try r["status"].decode(String.self)
        guard let kind = ListingKind(rawValue: kindText), let status = ListingStatus(rawValue: statusText),
            let pastedOn = LocalDate(iso: try r["pasted_on"].decode(String.self))
        else {
            throw StorageError(.corruptRow, "A listing row has an unknown kind, status or date.")
        }
        var fields: [FieldName: FieldValue] = [:]
        for spec in fieldColumns {
            let cell = r[spec.name.rawValue]
            let value: FieldValue?
            switch spec.type {
            case .money, .integer:
                value = try cell.decode(Int64?.self).map { .integer(Int($0)) }
            case .area, .halves:
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
            sourceText: try sent?.sourceText ?? r["source_text"].decode(String.self), pastedOn: pastedOn,
            fields: fields,
            evidence: try sent?.evidence
                ?? JSONCoding.decode([FieldName: String].self, try r["evidence"].decode(String.self)),
            grades: try sent?.grades
                ?? JSONCoding.decode([FieldName: EvidenceGrade].self, try r["evidence_grades"].decode(String.self)),
            provenance: Provenance(
                extractedBy: try r["extracted_by"].decode(String?.self),
                fallbackFrom: try r["fallback_from"].decode(String?.self),
                via: try r["extracted_via"].decode(String?.self).flatMap(Delivery.init(rawValue:))),
            issues: try sent?.issues ?? JSONCoding.decode([Issue].self, try r["issues"].decode(String.self)),
            correctedFields: Set(try r["corrected_fields"].decode([String].self).map(FieldName.init(rawValue:))),
            createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self),
            publishedAt: try r["published_at"].decode(Date?.self), ownerID: try r["owner_id"].decode(Int64?.self))
    }
}

extension ListingScope {
    /// The scope as the values of one condition, `(everything OR owner_id = owner OR (published AND status =
    /// 'published'))`, so that no part of it is spliced into SQL.
    var condition: (everything: Bool, owner: Int64?, published: Bool) {
        switch self {
        case .everything: (true, nil, false)
        case .ownOrPublished(let id): (false, id, true)
        case .own(let id): (false, id, false)
        case .published: (false, nil, true)
        case .nothing: (false, nil, false)
        }
    }
}

/// JSON for the JSONB columns.
enum JSONCoding {
    /// A field map (evidence, a run's written values) as `string` writes it, byte for byte, without the encoder's
    /// boxing (a paste stores three).
    static func object(_ members: [FieldName: String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(64 * members.count + 2)
        let keys = members.keys.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append(key.rawValue, escapingSlashes: true, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.append(members[key]!, escapingSlashes: true, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Evidence grades as `string` writes them.
    static func object(_ grades: [FieldName: EvidenceGrade]) -> String { object(grades.mapValues(\.rawValue)) }

    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
