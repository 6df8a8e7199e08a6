import ListingCore
import PostgresNIO

/// The corrections dashboard's figures, read from `listing_edits` with the listing's kind, the model that read
/// the draft and the prompt version of its last run.
extension PostgresListingRepository {
    public func correctionStats(days: Int, scope: ListingScope) async throws -> CorrectionStats {
        let window = Int32(max(1, days))
        // Which listings count: the same condition as a list's (`ListingScope.condition`), on `l`.
        let scope = scope.condition
        var byField: [CorrectionStats.FieldCount] = []
        let fieldRows = try await client.query(
            """
            SELECT e.field, l.kind, coalesce(l.extracted_by, '(unknown)'), coalesce(r.prompt_version, '(unknown)'),
                count(*)::int8
            FROM listing_edits e
            JOIN listings l ON l.id = e.listing_id
            LEFT JOIN LATERAL (
                SELECT prompt_version FROM extraction_runs WHERE listing_id = l.id ORDER BY attempt DESC LIMIT 1
            ) r ON true
            WHERE e.edited_at >= now() - make_interval(days => \(window))
                AND (\(scope.everything) OR l.owner_id = \(scope.owner) OR (\(scope.published) AND l.status = 'published'))
            GROUP BY 1, 2, 3, 4
            ORDER BY 5 DESC, 1
            """, logger: logger)
        for try await (field, kindText, model, version, count) in fieldRows.decode(
            (String, String, String, String, Int64).self)
        {
            guard let kind = ListingKind(rawValue: kindText) else { continue }
            byField.append(
                .init(field: field, kind: kind, model: model, promptVersion: version, corrections: Int(count)))
        }

        var perDay: [CorrectionStats.Day] = []
        let dayRows = try await client.query(
            """
            SELECT to_char(e.edited_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*)::int8
            FROM listing_edits e JOIN listings l ON l.id = e.listing_id
            WHERE e.edited_at >= now() - make_interval(days => \(window))
                AND (\(scope.everything) OR l.owner_id = \(scope.owner) OR (\(scope.published) AND l.status = 'published'))
            GROUP BY 1 ORDER BY 1
            """, logger: logger)
        for try await (day, count) in dayRows.decode((String, Int64).self) {
            perDay.append(.init(day: day, corrections: Int(count)))
        }

        var published = 0
        var uncorrected = 0
        let publishedRows = try await client.query(
            """
            SELECT count(*)::int8, (count(*) FILTER (WHERE cardinality(corrected_fields) = 0))::int8
            FROM listings l WHERE status = 'published'
                AND (\(scope.everything) OR l.owner_id = \(scope.owner) OR \(scope.published))
            """, logger: logger)
        for try await (all, untouched) in publishedRows.decode((Int64, Int64).self) {
            published = Int(all)
            uncorrected = Int(untouched)
        }

        var mostCorrected: [CorrectionStats.CorrectedListing] = []
        let topRows = try await client.query(
            """
            SELECT l.id, coalesce(l.title, ''), l.kind, count(*)::int8
            FROM listing_edits e JOIN listings l ON l.id = e.listing_id
            WHERE e.edited_at >= now() - make_interval(days => \(window))
                AND (\(scope.everything) OR l.owner_id = \(scope.owner) OR (\(scope.published) AND l.status = 'published'))
            GROUP BY l.id ORDER BY 4 DESC, l.id DESC LIMIT 10
            """, logger: logger)
        for try await (id, title, kindText, count) in topRows.decode((Int64, String, String, Int64).self) {
            guard let kind = ListingKind(rawValue: kindText) else { continue }
            mostCorrected.append(.init(id: id, title: title, kind: kind, corrections: Int(count)))
        }

        var sample: [Listing] = []
        let sampleRows = try await client.query(
            """
            SELECT \(unescaped: Self.selectList) FROM listings l
            WHERE status = 'draft' AND created_at >= now() - make_interval(days => \(window))
                AND (\(scope.everything) OR l.owner_id = \(scope.owner))
            ORDER BY random() LIMIT 5
            """, logger: logger)
        for try await row in sampleRows { sample.append(try Self.decode(row)) }

        var marks: [CorrectionStats.MarkCount] = []
        let markRows = try await client.query(
            """
            SELECT o.field, (count(*) FILTER (WHERE o.outcome = 'confirmed'))::int8,
                (count(*) FILTER (WHERE o.outcome = 'corrected'))::int8,
                (count(*) FILTER (WHERE o.outcome = 'published_anyway'))::int8
            FROM mark_outcomes o JOIN listings l ON l.id = o.listing_id
            WHERE o.decided_at >= now() - make_interval(days => \(window))
                AND (\(scope.everything) OR l.owner_id = \(scope.owner) OR (\(scope.published) AND l.status = 'published'))
            GROUP BY 1 ORDER BY count(*) DESC, 1
            """, logger: logger)
        for try await (field, confirmed, corrected, anyway) in markRows.decode((String, Int64, Int64, Int64).self) {
            marks.append(
                .init(
                    field: field, confirmed: Int(confirmed), corrected: Int(corrected), publishedAnyway: Int(anyway)))
        }

        return CorrectionStats(
            days: Int(window), byField: byField, perDay: perDay, published: published,
            publishedUncorrected: uncorrected, mostCorrected: mostCorrected, sample: sample, marks: marks)
    }
}
