-- Accounting on every run: retries, time to first token, and cost from the configured price per model.
ALTER TABLE extraction_runs
    ADD COLUMN retries INTEGER NOT NULL DEFAULT 0 CHECK (retries >= 0),
    ADD COLUMN time_to_first_token_ms INTEGER CHECK (time_to_first_token_ms >= 0),
    ADD COLUMN cost_usd NUMERIC(14, 6) CHECK (cost_usd >= 0);

-- Daily totals read by created_at.
CREATE INDEX extraction_runs_created_at ON extraction_runs (created_at);
