-- A paste is stored before any model is asked, and reading it is a job with a lease. The process that reads it
-- renews the lease while the model answers; if that process dies, the lease runs out and a worker takes the job
-- again. Until then the listing is 'extracting': shown as being read, never saved over.
ALTER TABLE listings DROP CONSTRAINT listings_status_check;
ALTER TABLE listings ADD CONSTRAINT listings_status_check
    CHECK (status IN ('extracting', 'draft', 'published', 'rejected'));

CREATE TABLE extraction_jobs (
    id           BIGSERIAL PRIMARY KEY,
    listing_id   BIGINT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    -- How many times a worker has taken the job (a job taken too often is given up, not retried forever).
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Who holds a running job and until when; a finished job holds nothing.
    lease_token  UUID,
    leased_by    TEXT,
    leased_until TIMESTAMPTZ,
    last_error   TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    CHECK ((state = 'running') = (lease_token IS NOT NULL AND leased_until IS NOT NULL)),
    CHECK ((state IN ('done', 'failed')) = (finished_at IS NOT NULL))
);

-- One open job per listing at a time.
CREATE UNIQUE INDEX extraction_jobs_open_listing ON extraction_jobs (listing_id) WHERE state IN ('queued', 'running');
-- What a worker looks for: queued jobs, and running ones whose lease has run out.
CREATE INDEX extraction_jobs_due ON extraction_jobs (leased_until NULLS FIRST, id) WHERE state IN ('queued', 'running');
