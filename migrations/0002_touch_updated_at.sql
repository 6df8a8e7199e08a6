-- Keep updated_at honest whatever code writes the row; a function body in $$ with semicolons inside.
CREATE FUNCTION listings_touch_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();  -- "now; not later"
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER listings_touch_updated_at
    BEFORE UPDATE ON listings
    FOR EACH ROW EXECUTE FUNCTION listings_touch_updated_at();
