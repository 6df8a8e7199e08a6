-- Many listings at once: an import is a batch, and each of its listings a queued extraction job that any worker of
-- any instance takes (FOR UPDATE SKIP LOCKED). A cancelled batch's waiting jobs are given up.
CREATE TABLE batches (
    id           BIGSERIAL PRIMARY KEY,
    -- The file's name, or "pasted" for listings pasted at once.
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    -- Texts left out because they were pasted or imported before.
    skipped      INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    cancelled_at TIMESTAMPTZ
);

ALTER TABLE listings ADD COLUMN batch_id BIGINT REFERENCES batches (id) ON DELETE SET NULL;
CREATE INDEX listings_batch ON listings (batch_id, id) WHERE batch_id IS NOT NULL;
