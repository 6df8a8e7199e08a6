-- A text value as one cell of the CSV export, written by the database so that an export streams lines rather than
-- rows to decode: a value a spreadsheet would run as a formula (= + - @, a tab, a carriage return first) gets a
-- leading ', and a value with a comma, semicolon, quote or line break is quoted (RFC 4180). NULL is an empty cell.
-- The same rules as Web's CSVExport, which a test holds them to. One expression without FROM, so that PostgreSQL
-- inlines it into the query (a call per cell costs about as much as the rest of the export).
CREATE FUNCTION csv_cell(value TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN value IS NULL THEN ''
        WHEN left(value, 1) IN ('=', '+', '-', '@', E'\t', E'\r') THEN
            CASE WHEN value ~ '[,;"\r\n]' THEN '"''' || replace(value, '"', '""') || '"' ELSE '''' || value END
        WHEN value ~ '[,;"\r\n]' THEN '"' || replace(value, '"', '""') || '"'
        ELSE value
    END
$$;
