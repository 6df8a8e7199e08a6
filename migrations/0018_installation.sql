-- This installation's own id, made once with the schema (issue 28). Two installations may share an API key
-- (staging and production, a restored copy): each names its Batch API batches and requests with this id and the
-- remote batch's own token, and takes only what carries both as its own. A copy of the database keeps the id; the
-- tokens of the remote batches it makes after the copy are its own all the same.
CREATE TABLE installation (
    only_one BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_one),
    id       UUID NOT NULL DEFAULT gen_random_uuid(),
    made_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO installation DEFAULT VALUES;
