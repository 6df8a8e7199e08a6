-- More listings than requests. A run says how its request reached the model: alone, packed with other listings of a
-- batch (one prompt, one envelope per listing, tagged with its id), or through OpenAI's Batch API. A shared request's
-- tokens, time and cost are split among its runs, so that the runs of one request add up to it.
ALTER TABLE extraction_runs
    ADD COLUMN delivery TEXT NOT NULL DEFAULT 'single' CHECK (delivery IN ('single', 'packed', 'batch_api')),
    ADD COLUMN pack_size INTEGER NOT NULL DEFAULT 1 CHECK (pack_size BETWEEN 1 AND 1000),
    ADD COLUMN request_ref TEXT CHECK (char_length(request_ref) <= 200);
-- How the request its draft was read from reached the model (NULL: no model read it, or read before this column).
ALTER TABLE listings ADD COLUMN extracted_via TEXT CHECK (extracted_via IN ('single', 'packed', 'batch_api'));

-- A batch's listings sent to the Batch API: one row per remote batch. While it runs, the jobs of its listings are
-- 'remote' (no worker takes them), held by the row's token; its answers are stored once, by custom_id, and what it
-- did not answer goes back to the queue.
CREATE TABLE remote_batches (
    id             BIGSERIAL PRIMARY KEY,
    batch_id       BIGINT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    token          UUID NOT NULL,
    -- submitting: the jobs are held and the file is being sent; submitted: the provider has the batch;
    -- applied: its answers are stored and what it did not answer is queued again; abandoned: it could not be sent.
    state          TEXT NOT NULL DEFAULT 'submitting'
        CHECK (state IN ('submitting', 'submitted', 'applied', 'abandoned')),
    model          TEXT NOT NULL CHECK (char_length(model) <= 200),
    input_file_id  TEXT CHECK (char_length(input_file_id) <= 200),
    remote_id      TEXT CHECK (char_length(remote_id) <= 200),
    -- As the provider says: validating, in_progress, finalizing, completed, expired, failed, cancelling, cancelled.
    remote_status  TEXT CHECK (char_length(remote_status) <= 40),
    output_file_id TEXT CHECK (char_length(output_file_id) <= 200),
    error_file_id  TEXT CHECK (char_length(error_file_id) <= 200),
    total          INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
    completed      INTEGER NOT NULL DEFAULT 0 CHECK (completed >= 0),
    failed         INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
    -- What went back to the queue when it was applied.
    requeued       INTEGER NOT NULL DEFAULT 0 CHECK (requeued >= 0),
    last_error     TEXT CHECK (char_length(last_error) <= 2000),
    polls          INTEGER NOT NULL DEFAULT 0 CHECK (polls >= 0),
    next_poll_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at    TIMESTAMPTZ
);
CREATE INDEX remote_batches_batch ON remote_batches (batch_id, id);
CREATE INDEX remote_batches_due ON remote_batches (next_poll_at) WHERE state IN ('submitting', 'submitted');

ALTER TABLE extraction_jobs DROP CONSTRAINT extraction_jobs_state_check;
ALTER TABLE extraction_jobs ADD CONSTRAINT extraction_jobs_state_check
    CHECK (state IN ('queued', 'running', 'remote', 'done', 'failed'));
ALTER TABLE extraction_jobs ADD COLUMN remote_batch_id BIGINT REFERENCES remote_batches (id) ON DELETE SET NULL;
ALTER TABLE extraction_jobs ADD CONSTRAINT extraction_jobs_remote_held
    CHECK (state <> 'remote' OR (remote_batch_id IS NOT NULL AND lease_token IS NOT NULL));
CREATE INDEX extraction_jobs_remote ON extraction_jobs (remote_batch_id) WHERE state = 'remote';

-- Still one open job per listing, a remote one included.
DROP INDEX extraction_jobs_open_listing;
CREATE UNIQUE INDEX extraction_jobs_open_listing ON extraction_jobs (listing_id)
    WHERE state IN ('queued', 'running', 'remote');
