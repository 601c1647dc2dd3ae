CREATE TABLE verdicts (
    id             INTEGER PRIMARY KEY,
    claim_id       INTEGER NOT NULL REFERENCES claims (id),
    rating         TEXT    NOT NULL CHECK (rating IN ('true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'unverifiable')),
    reviewer       TEXT    NOT NULL,
    url            TEXT,
    reviewed_at    TEXT    NOT NULL,
    explanation    TEXT,
    original_label TEXT,
    created_at     TEXT    NOT NULL
);
-- the latest verdict of a claim is the last by (reviewed_at, id)
CREATE INDEX ix_verdicts_claim ON verdicts (claim_id, reviewed_at, id);
