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
        let scope = filter.scope.condition
        let settings: [(name: String, value: String)] = [
            ("listingdesk.kind", filter.kind?.rawValue ?? ""), ("listingdesk.status", filter.status?.rawValue ?? ""),
            ("listingdesk.batch", filter.batchID.map(String.init) ?? ""),
            ("listingdesk.everything", scope.everything ? "on" : "off"),
            ("listingdesk.owner", scope.owner.map(String.init) ?? ""),
            ("listingdesk.published", scope.published ? "on" : "off"),
            ("listingdesk.needle", filter.query?.lowercased() ?? ""),
        ]
        let row = CSVCopyRow.export
        let copy = LibPQCopyOut(
            database: database, settings: settings, copy: copyStatement(filter),
            transform: { bytes, out in row.append(bytes, to: &out) })
        try await copy.run(chunk)
    }

    /// The export's columns as COPY writes them (`CSVCopyRow.export` says what each is): fields bare, options joined
    /// with `;`, a published listing's marked fields. Only the filter's conditions that apply are written (a filter
    /// tested row by row for values it does not have costs a third of the export); their values are read from the
    /// session's settings, which `copyCSV` binds, never spliced into the statement.
    static func copyStatement(_ filter: ListingFilter) -> String {
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
        return "COPY (SELECT \(copyColumns) FROM listings\(condition) ORDER BY id) TO STDOUT WITH (FORMAT csv)"
    }

    static let copyColumns: String = {
        let fields = FieldSchema.allFields.map { spec in
            if case .options = spec.type { return "array_to_string(\(spec.name), ';')" }
            return spec.name.rawValue
        }
        let codes = (IssueCode.notes + IssueCode.blocking).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let marks = """
            CASE WHEN status = 'published' THEN (SELECT string_agg(DISTINCT m.field, ';' ORDER BY m.field) \
            FROM jsonb_to_recordset(issues) AS m(field text, code text) \
            WHERE m.field IS NOT NULL AND m.code NOT IN (\(codes))) END
            """
        return (["id", "kind", "status"] + fields + ["created_at", "published_at", marks]).joined(separator: ", ")
    }()
}
