-- What became of each mark a person met on the review page (issue 22): `confirmed` (they looked and kept the value:
-- the mark was wrong), `corrected` (they changed the value: the mark was right) or `published_anyway` (published
-- with the mark still on it). /stats reads, per field, how often a mark was right.
CREATE TABLE mark_outcomes (
    id         BIGSERIAL PRIMARY KEY,
    listing_id BIGINT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    code       TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('confirmed', 'corrected', 'published_anyway')),
    decided_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mark_outcomes_listing ON mark_outcomes (listing_id);
CREATE INDEX mark_outcomes_decided_at ON mark_outcomes (decided_at);
