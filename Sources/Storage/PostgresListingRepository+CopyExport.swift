import ListingCore
import NIOCore

/// The CSV export through COPY (`LibPQCopyOut`): PostgreSQL writes the columns as CSV, `CSVCopyRow` adds the
/// export's own rules, and the bytes are those of `csvLine`'s lines (`CSVExportTests` holds them to it).
extension PostgresListingRepository {
    /// The export through COPY alone, with no PostgresNIO client (`listingdesk export`: a process that does nothing
    /// else need not start a pool).
    public static func copyCSV(
        _ filter: ListingFilter, from database: DatabaseConfiguration, chunk: (ByteBuffer) async throws -> Void
    ) async throws {
        let row = CSVCopyRow.export
        let copy = LibPQCopyOut(
            database: database, settings: copySettings(filter), copy: copyStatement(filter),
            transform: { bytes, out in row.append(bytes, to: &out) })
        try await copy.run(chunk)
    }

    public func exportRows(
        _ filter: ListingFilter, line: @escaping @Sendable (ExportedRow) -> String,
        chunk: (ByteBuffer) async throws -> Void
    ) async throws {
        guard let copySource else {
            // Without libpq's connection: the listings decoded, 32 kB at a time.
            var buffer = ByteBuffer()
            try await export(filter) { listing in
                buffer.writeString(line(ExportedRow(listing)))
                if buffer.readableBytes > 32_768 {
                    try await chunk(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await chunk(buffer) }
            return
        }
        let copy = LibPQCopyOut(
            database: copySource, settings: Self.copySettings(filter),
            copy: Self.copyStatement(filter, marksInIssueOrder: true),
            transform: { bytes, out in
                // A row that does not read as one (never, from this statement) is left out rather than guessed.
                if let row = Self.exportedRow(CSVCopyRow.cells(bytes)) { out.writeString(line(row)) }
            })
        try await copy.run(chunk)
    }

    /// A COPY row of `copyColumns` back as values.
    static func exportedRow(_ cells: [String?]) -> ExportedRow? {
        let fields = FieldSchema.allFields
        guard cells.count == fields.count + 6, let id = cells[0].flatMap({ Int64($0) }),
            let kind = cells[1].flatMap(ListingKind.init(rawValue:)),
            let status = cells[2].flatMap(ListingStatus.init(rawValue:)),
            let created = cells[fields.count + 3].flatMap(CSVCopyRow.utcTime)
        else { return nil }
        var values: [FieldName: FieldValue] = [:]
        for (offset, spec) in fields.enumerated() {
            guard let cell = cells[offset + 3], !cell.isEmpty else { continue }
            let canonical = spec.type == .boolean ? (cell == "t" ? "true" : "false") : cell
            values[spec.name] = FieldValue(canonical: canonical, type: spec.type)
        }
        let marked = (cells[fields.count + 5] ?? "").split(separator: ";").map { FieldName(rawValue: String($0)) }
        return ExportedRow(
            id: id, kind: kind, status: status, fields: values, createdAt: created,
            publishedAt: cells[fields.count + 4].flatMap(CSVCopyRow.utcTime), marked: marked)
    }

    /// The filter's values as the session settings the COPY's conditions read.
    static func copySettings(_ filter: ListingFilter) -> [(name: String, value: String)] {
        [
            ("listingdesk.kind", filter.kind?.rawValue ?? ""), ("listingdesk.status", filter.status?.rawValue ?? ""),
            ("listingdesk.batch", filter.batchID.map(String.init) ?? ""),
            ("listingdesk.owner", filter.scope.condition.owner.map(String.init) ?? ""),
            ("listingdesk.needle", filter.query?.lowercased() ?? ""),
        ]
    }

    /// The export's columns as COPY writes them (`CSVCopyRow.export` says what each is): fields bare, options joined
    /// with `;`, a published listing's marked fields. Only the filter's conditions that apply are written (a filter
    /// tested row by row for values it does not have costs a third of the export); their values are read from the
    /// session's settings, which `copyCSV` binds, never spliced into the statement.
    static func copyStatement(_ filter: ListingFilter, marksInIssueOrder: Bool = false) -> String {
        var conditions: [String] = []
        if filter.kind != nil { conditions.append("kind = current_setting('listingdesk.kind')") }
        if filter.status != nil { conditions.append("status = current_setting('listingdesk.status')") }
        if filter.batchID != nil { conditions.append("batch_id = current_setting('listingdesk.batch')::int8") }
        let owner = "owner_id = nullif(current_setting('listingdesk.owner'), '')::int8"
        switch filter.scope {
        case .everything: break
        case .ownOrPublished: conditions.append("(\(owner) OR status = 'published')")
        case .own: conditions.append(owner)
        case .published: conditions.append("status = 'published'")
        case .nothing: conditions.append("false")
        }
        if filter.query != nil {
            let needle = "current_setting('listingdesk.needle')"
            conditions.append(
                "(strpos(lower(source_text), \(needle)) > 0 "
                    + ["title", "location", "brand", "model"].map {
                        "OR strpos(lower(coalesce(\($0), '')), \(needle)) > 0"
                    }.joined(separator: " ") + ")")
        }
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let columns = marksInIssueOrder ? copyColumnsMarksInIssueOrder : copyColumns
        return "COPY (SELECT \(columns) FROM listings\(condition) ORDER BY id) TO STDOUT WITH (FORMAT csv)"
    }

    /// The marks of a published listing (`Listing.markedFields`: issues naming a field whose code is neither a
    /// note's nor a blocking one's), each once, joined with `;`: sorted (the CSV of codes) or in the order of the
    /// issues (the CSV in words, as the review page lists them).
    static func marksColumn(inIssueOrder: Bool) -> String {
        let codes = (IssueCode.notes + IssueCode.blocking).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let aggregate =
            inIssueOrder
            ? "SELECT string_agg(field, ';' ORDER BY first) FROM (SELECT m.field, min(m.o) AS first FROM ROWS FROM "
                + "(jsonb_to_recordset(issues) AS (field text, code text)) WITH ORDINALITY AS m(field, code, o) "
                + "WHERE m.field IS NOT NULL AND m.code NOT IN (\(codes)) GROUP BY m.field) AS f"
            : "SELECT string_agg(DISTINCT m.field, ';' ORDER BY m.field) FROM jsonb_to_recordset(issues) "
                + "AS m(field text, code text) WHERE m.field IS NOT NULL AND m.code NOT IN (\(codes))"
        return "CASE WHEN status = 'published' THEN (\(aggregate)) END"
    }

    static let copyColumnsMarksInIssueOrder = copyColumns(marks: marksColumn(inIssueOrder: true))
    static let copyColumns = copyColumns(marks: marksColumn(inIssueOrder: false))

    static func copyColumns(marks: String) -> String {
        let fields = FieldSchema.allFields.map { spec in
            if case .options = spec.type { return "array_to_string(\(spec.name), ';')" }
            return spec.name.rawValue
        }
        return (["id", "kind", "status"] + fields + ["created_at", "published_at", marks]).joined(separator: ", ")
    }
}
