-- An import past the account's enqueued-token limit (LISTINGDESK_BATCH_MAX_TOKENS) goes to the Batch API in turns
-- (issue 28): each remote batch keeps the prompt tokens it was estimated to enqueue, and a remote batch whose turn has
-- not come is 'waiting': its listings are held (no worker reads them at full price) and it is sent once the batches
-- running before it leave room under the limit.
ALTER TABLE remote_batches ADD COLUMN estimated_tokens BIGINT NOT NULL DEFAULT 0 CHECK (estimated_tokens >= 0);
ALTER TABLE remote_batches DROP CONSTRAINT remote_batches_state_check;
ALTER TABLE remote_batches ADD CONSTRAINT remote_batches_state_check
    CHECK (state IN ('waiting', 'submitting', 'submitted', 'applied', 'abandoned'));
DROP INDEX remote_batches_due;
CREATE INDEX remote_batches_due ON remote_batches (next_poll_at) WHERE state IN ('waiting', 'submitting', 'submitted');
