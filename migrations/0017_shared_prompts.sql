-- A run's prompt is a system part, the same for every run of a prompt version and strategy (about 9 kB), and the
-- listing's own part (issue 25). The system part is stored once here, by the SHA-256 of its UTF-8 bytes in hex; a
-- run refers to it and keeps only its own part, starting at the line break before `[user]`. A run with no shared
-- part (no system message, or one stored while its part was first written by another) keeps its whole prompt and
-- no prompt_id. Read back, a run's prompt is the shared text followed by its own.
CREATE TABLE prompts (
    id         BIGSERIAL PRIMARY KEY,
    digest     TEXT NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE extraction_runs ADD COLUMN prompt_id BIGINT REFERENCES prompts (id);

-- The runs stored before: each distinct system part moves here once, and each run keeps the rest.
INSERT INTO prompts (digest, text)
SELECT DISTINCT encode(sha256(convert_to(shared, 'UTF8')), 'hex'), shared
FROM (
    SELECT left(prompt, position(E'\n\n[user]\n' IN prompt) - 1) AS shared
    FROM extraction_runs
    WHERE starts_with(prompt, E'[system]\n') AND position(E'\n\n[user]\n' IN prompt) > 0
) AS old;

UPDATE extraction_runs AS r
SET prompt_id = p.id, prompt = substr(r.prompt, position(E'\n\n[user]\n' IN r.prompt))
FROM prompts AS p
WHERE starts_with(r.prompt, E'[system]\n') AND position(E'\n\n[user]\n' IN r.prompt) > 0
    AND p.digest = encode(sha256(convert_to(left(r.prompt, position(E'\n\n[user]\n' IN r.prompt) - 1), 'UTF8')), 'hex');
