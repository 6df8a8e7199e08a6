-- How each listing left a remote batch (issue 28): answered at the batch price, failed, expired, unreadable,
-- cancelled with its batch, or unanswered (in neither file). One JSON object of counts, written when the remote batch
-- is applied; the rows applied before have none ('{}') and are shown as before.
ALTER TABLE remote_batches ADD COLUMN outcomes JSONB NOT NULL DEFAULT '{}'::jsonb;
