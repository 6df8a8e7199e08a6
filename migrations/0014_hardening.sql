-- Hardening (issue 21).

-- One key for an email, computed the same way by Swift (`EmailAddress.key`) and here: the address as stored
-- (trimmed, NFC) with the ASCII letters A-Z lowercased and nothing else. Swift's and PostgreSQL's Unicode case
-- mappings differ (`İ` among others), so neither is used: each account is found, made unique and slowed by this key.
ALTER TABLE accounts ADD COLUMN email_key TEXT GENERATED ALWAYS AS (
    translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) STORED;
DROP INDEX accounts_email;
CREATE UNIQUE INDEX accounts_email_key ON accounts (email_key);

-- An invitation an admin withdrew; one whose inviter is disabled (or gone) is dead too (the queries check both).
ALTER TABLE invitations ADD COLUMN withdrawn_at TIMESTAMPTZ;

-- Each run carries the key its process gave it, so that a completion tried again (its commit went through, its
-- answer was lost) stores its runs once.
ALTER TABLE extraction_runs ADD COLUMN run_key UUID;
CREATE UNIQUE INDEX extraction_runs_run_key ON extraction_runs (run_key);
