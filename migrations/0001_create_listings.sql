-- Listings: one typed column per FIELDS.md field, with CHECK constraints for enums and hard ranges.
-- Plausibility (a monthly rent of 5 won) is the validator's job; these constraints only keep out what cannot be a value.
CREATE TABLE listings (
    id              BIGSERIAL PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('real_estate', 'second_hand', 'not_listing')),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'rejected')),
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    source_text     TEXT NOT NULL,
    pasted_on       DATE NOT NULL,

    title           TEXT CHECK (char_length(title) <= 300),
    property_type   TEXT CHECK (property_type IN ('apartment', 'officetel', 'villa', 'house', 'one_room', 'commercial', 'land', 'other')),
    deal_type       TEXT CHECK (deal_type IN ('sale', 'jeonse', 'monthly_rent', 'short_term')),
    price           BIGINT CHECK (price BETWEEN 0 AND 1000000000000000),
    deposit         BIGINT CHECK (deposit BETWEEN 0 AND 1000000000000000),
    monthly_rent    BIGINT CHECK (monthly_rent BETWEEN 0 AND 1000000000000000),
    maintenance_fee BIGINT CHECK (maintenance_fee BETWEEN 0 AND 1000000000000000),
    currency        TEXT CHECK (currency ~ '^[A-Z]{3}$'),
    area_m2         NUMERIC(10, 1) CHECK (area_m2 BETWEEN 0.1 AND 10000000),
    supply_area_m2  NUMERIC(10, 1) CHECK (supply_area_m2 BETWEEN 0.1 AND 10000000),
    rooms           INTEGER CHECK (rooms BETWEEN 0 AND 1000),
    bathrooms       INTEGER CHECK (bathrooms BETWEEN 0 AND 1000),
    floor           INTEGER CHECK (floor BETWEEN -20 AND 300),
    total_floors    INTEGER CHECK (total_floors BETWEEN 1 AND 300),
    direction       TEXT CHECK (direction IN ('south', 'southeast', 'east', 'northeast', 'north', 'northwest', 'west', 'southwest')),
    heating         TEXT CHECK (heating IN ('individual', 'central', 'district')),
    built_year      INTEGER CHECK (built_year BETWEEN 1000 AND 3000),
    loan_ok         BOOLEAN,
    available_from  TEXT CHECK (available_from ~ '^([0-9]{4}-[0-9]{2}(-[0-9]{2})?|immediate|negotiable)$'),
    parking         BOOLEAN,
    elevator        BOOLEAN,
    pets_allowed    BOOLEAN,
    options         TEXT[] CHECK (options <@ ARRAY['air_conditioner', 'refrigerator', 'washing_machine', 'gas_range',
                        'induction', 'microwave', 'bed', 'desk', 'wardrobe', 'tv', 'internet', 'shoe_closet']::TEXT[]),
    location        TEXT CHECK (char_length(location) <= 500),

    category        TEXT CHECK (category IN ('digital', 'appliances', 'furniture', 'kitchen', 'kids', 'fashion', 'beauty',
                        'sports', 'hobby', 'books', 'tickets', 'pets', 'plants', 'vehicles', 'other')),
    brand           TEXT CHECK (char_length(brand) <= 300),
    model           TEXT CHECK (char_length(model) <= 300),
    condition       TEXT CHECK (condition IN ('new', 'like_new', 'good', 'fair', 'for_parts')),
    negotiable      BOOLEAN,
    trade_method    TEXT CHECK (trade_method IN ('in_person', 'shipping', 'both')),
    quantity        INTEGER CHECK (quantity BETWEEN 1 AND 10000000),
    size            TEXT CHECK (char_length(size) <= 100),

    reason          TEXT CHECK (char_length(reason) <= 1000),

    -- The listing's own words for each field (for highlighting), the current issues, and which fields a person set.
    evidence        JSONB NOT NULL DEFAULT '{}'::JSONB,
    issues          JSONB NOT NULL DEFAULT '[]'::JSONB,
    corrected_fields TEXT[] NOT NULL DEFAULT '{}',

    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at    TIMESTAMPTZ,
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);

CREATE INDEX listings_kind_status_id ON listings (kind, status, id DESC);

-- Every extraction attempt, kept whole, including the failed ones.
CREATE TABLE extraction_runs (
    id                BIGSERIAL PRIMARY KEY,
    listing_id        BIGINT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    attempt           INTEGER NOT NULL,
    model             TEXT NOT NULL,
    prompt_version    TEXT NOT NULL,
    strategy          TEXT NOT NULL,
    prompt            TEXT NOT NULL,
    raw_reply         TEXT,
    parsed_values     JSONB NOT NULL DEFAULT '{}'::JSONB,
    kind              TEXT,
    issues            JSONB NOT NULL DEFAULT '[]'::JSONB,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    tokens_estimated  BOOLEAN NOT NULL DEFAULT TRUE,
    latency_ms        INTEGER NOT NULL DEFAULT 0,
    finish_reason     TEXT,
    error             TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX extraction_runs_listing ON extraction_runs (listing_id);

-- Every correction a person makes, so that we can measure which fields the extractor gets wrong.
CREATE TABLE listing_edits (
    id           BIGSERIAL PRIMARY KEY,
    listing_id   BIGINT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    field        TEXT NOT NULL,
    value_before TEXT,
    value_after  TEXT,
    version      INTEGER NOT NULL,
    edited_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX listing_edits_listing ON listing_edits (listing_id);
