-- A digest of each paste's text (SHA-256 of its UTF-8), kept by the database whatever code writes the row, so that
-- the same listing pasted or imported again is recognised and the person asked.
ALTER TABLE listings ADD COLUMN content_hash bytea;

CREATE FUNCTION listings_hash_content() RETURNS trigger AS $$
BEGIN
    NEW.content_hash := sha256(convert_to(NEW.source_text, 'UTF8'));
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER listings_hash_content
    BEFORE INSERT OR UPDATE OF source_text ON listings
    FOR EACH ROW EXECUTE FUNCTION listings_hash_content();

UPDATE listings SET content_hash = sha256(convert_to(source_text, 'UTF8'));
ALTER TABLE listings ALTER COLUMN content_hash SET NOT NULL;
CREATE INDEX listings_content_hash ON listings (content_hash);
