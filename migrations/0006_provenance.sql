-- Which model's reply a draft was read from, and the model it stood in for when that one failed (NULL: none did).
ALTER TABLE listings
    ADD COLUMN extracted_by TEXT CHECK (char_length(extracted_by) <= 200),
    ADD COLUMN fallback_from TEXT CHECK (char_length(fallback_from) <= 200);
