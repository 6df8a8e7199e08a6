-- Evaluation runs (`listingdesk eval --store`): the headline figures for the list over time, and the whole report.
CREATE TABLE evaluation_runs (
    id                 BIGSERIAL PRIMARY KEY,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    label              TEXT NOT NULL CHECK (char_length(label) <= 200),
    model              TEXT NOT NULL CHECK (char_length(model) <= 200),
    prompt_version     TEXT NOT NULL CHECK (char_length(prompt_version) <= 100),
    strategy           TEXT NOT NULL CHECK (char_length(strategy) <= 100),
    items              INTEGER NOT NULL CHECK (items >= 0),
    kind_accuracy      DOUBLE PRECISION NOT NULL CHECK (kind_accuracy BETWEEN 0 AND 1),
    f1                 DOUBLE PRECISION NOT NULL CHECK (f1 BETWEEN 0 AND 1),
    hallucination      DOUBLE PRECISION NOT NULL CHECK (hallucination BETWEEN 0 AND 1),
    tokens_per_listing DOUBLE PRECISION CHECK (tokens_per_listing >= 0),
    cost_per_listing   DOUBLE PRECISION CHECK (cost_per_listing >= 0),
    report             JSONB NOT NULL
);

CREATE INDEX evaluation_runs_created_at ON evaluation_runs (created_at DESC);
