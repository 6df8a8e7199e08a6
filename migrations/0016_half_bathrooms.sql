-- A half bath (a toilet and a basin) counts as one half (issue 23): `1.5 baths` is stored as 1.5. Bathrooms
-- become a number in halves, as docs/FIELDS.md says; the whole numbers stored so far stay what they were.
ALTER TABLE listings DROP CONSTRAINT listings_bathrooms_check;
ALTER TABLE listings ALTER COLUMN bathrooms TYPE NUMERIC(5, 1);
ALTER TABLE listings ADD CONSTRAINT listings_bathrooms_check
    CHECK (bathrooms BETWEEN 0 AND 1000 AND bathrooms * 2 = trunc(bathrooms * 2));
