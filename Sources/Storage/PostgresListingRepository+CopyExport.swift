import ListingCore
import NIOCore

/// The CSV export through COPY (`LibPQCopyOut`): PostgreSQL writes the columns as CSV, `CSVCopyRow` adds the
/// export's own rules, and the bytes are those of `csvLine`'s lines (`CSVExportTests` holds them to it).
extension PostgresListingRepository {
    static func copyCSV(
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
            database: database, settings: settings, copy: copyStatement,
            transform: { bytes, out in row.append(bytes, to: &out) })
        try await copy.run(chunk)
    }

    /// The export's columns as COPY writes them (`CSVCopyRow.export` says what each is): fields bare, options joined
    /// with `;`, a published listing's marked fields; the filter read from the session's settings, which
    /// `copyCSV` binds.
    static let copyStatement: String = {
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
        let columns = (["id", "kind", "status"] + fields + ["created_at", "published_at", marks])
            .joined(separator: ", ")
        return """
            COPY (SELECT \(columns) FROM listings
            WHERE (current_setting('listingdesk.kind') = '' OR kind = current_setting('listingdesk.kind'))
                AND (current_setting('listingdesk.status') = '' OR status = current_setting('listingdesk.status'))
                AND (current_setting('listingdesk.batch') = ''
                    OR batch_id = nullif(current_setting('listingdesk.batch'), '')::int8)
                AND (current_setting('listingdesk.everything')::bool
                    OR owner_id = nullif(current_setting('listingdesk.owner'), '')::int8
                    OR (current_setting('listingdesk.published')::bool AND status = 'published'))
                AND (current_setting('listingdesk.needle') = ''
                    OR strpos(lower(source_text), current_setting('listingdesk.needle')) > 0
                    OR strpos(lower(coalesce(title, '')), current_setting('listingdesk.needle')) > 0
                    OR strpos(lower(coalesce(location, '')), current_setting('listingdesk.needle')) > 0
                    OR strpos(lower(coalesce(brand, '')), current_setting('listingdesk.needle')) > 0
                    OR strpos(lower(coalesce(model, '')), current_setting('listingdesk.needle')) > 0)
            ORDER BY id) TO STDOUT WITH (FORMAT csv)
            """
    }()
}
