-- How well the listing's words back each extracted value: {"field": "stated" | "inferred" | "unsupported"}.
-- The review page marks the values that are not plainly stated (docs/FIELDS.md, "Evidence grades").
ALTER TABLE listings ADD COLUMN evidence_grades JSONB NOT NULL DEFAULT '{}'::JSONB;
