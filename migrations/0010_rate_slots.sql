-- One request pace per API key, shared by every instance on this database: each request reserves the next start,
-- one interval after the last one reserved by any process, so that together they stay within the key's limit.
-- The key is a SHA-256 digest of the endpoint, model and key's digest; the API key itself is never stored.
CREATE TABLE rate_slots (
    key     TEXT PRIMARY KEY CHECK (length(key) = 64),
    next_at TIMESTAMPTZ NOT NULL
);
