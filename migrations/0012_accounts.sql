-- Accounts: who may see, correct and publish. Passwords are bcrypt hashes; sessions, API tokens and invitations are
-- kept as SHA-256 digests of their secrets, so that nothing in this database signs anyone in.
CREATE TABLE accounts (
    id            BIGSERIAL PRIMARY KEY,
    -- As typed, trimmed; compared without case (the index below).
    email         TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$2%'),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    disabled_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));

-- Sessions, through hummingbird-auth's SessionStorage: `key_hash` is the digest of the cookie's value; `value` the
-- session (`{"account": id}`), from which `account_id` is read so that disabling an account ends its sessions.
CREATE TABLE sessions (
    key_hash   BYTEA PRIMARY KEY CHECK (length(key_hash) = 32),
    value      JSONB NOT NULL,
    account_id BIGINT GENERATED ALWAYS AS ((value ->> 'account')::bigint) STORED,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Personal API tokens, sent as `Authorization: Bearer`; shown once, then only their first characters.
CREATE TABLE api_tokens (
    id           BIGSERIAL PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   BYTEA NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    -- The token's first characters (its kind and 4 of its 43 random ones), to tell tokens apart on the settings page.
    shown_prefix TEXT NOT NULL CHECK (length(shown_prefix) <= 12),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_account ON api_tokens (account_id, id);

-- An admin's invitation: a link that lets its holder make an account with the given email.
CREATE TABLE invitations (
    id          BIGSERIAL PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    email       TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    role        TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    invited_by  BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ
);

-- Failed sign-ins, per email and per client address (`key` is a digest of either): after a few, the next attempt
-- must wait, longer each time, whether or not its password is right.
CREATE TABLE sign_in_failures (
    key          BYTEA PRIMARY KEY CHECK (length(key) = 32),
    failures     INTEGER NOT NULL CHECK (failures > 0),
    last_failure TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

-- Each listing and batch belongs to the account that pasted or imported it. Rows from before accounts belong to no
-- one until the first account (the admin) is made: it takes them.
ALTER TABLE listings ADD COLUMN owner_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL;
CREATE INDEX listings_owner ON listings (owner_id, id DESC);
ALTER TABLE batches ADD COLUMN owner_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL;

-- A listing can be deleted now; its extraction runs stay (their tokens were spent and count in the usage).
ALTER TABLE extraction_runs ALTER COLUMN listing_id DROP NOT NULL;
ALTER TABLE extraction_runs DROP CONSTRAINT extraction_runs_listing_id_fkey;
ALTER TABLE extraction_runs
    ADD CONSTRAINT extraction_runs_listing_id_fkey FOREIGN KEY (listing_id) REFERENCES listings (id) ON DELETE SET NULL;
