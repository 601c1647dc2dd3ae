-- Requests sent with an Idempotency-Key header (the two imports; Http/Idempotency.cs): a retry
-- with the same key replays the answer kept here, or resumes an NDJSON import after the lines
-- committed so far, so a retry after a lost answer stores nothing twice. Kept 24 hours, then pruned.
CREATE TABLE idempotency_keys (
    id              INTEGER PRIMARY KEY,
    operation       TEXT    NOT NULL,
    -- the caller's API key id (0 for none): one caller's keys never meet another's
    key_id          INTEGER NOT NULL,
    idempotency_key TEXT    NOT NULL,
    -- SHA-256 (hex) of the whole body once answered; of its first committed_bytes while an import is under way
    body_hash       TEXT    NOT NULL,
    committed_lines INTEGER NOT NULL DEFAULT 0,
    committed_bytes INTEGER NOT NULL DEFAULT 0,
    accepted        INTEGER NOT NULL DEFAULT 0,
    batches         INTEGER NOT NULL DEFAULT 0,
    -- the answer, once there is one
    status          INTEGER,
    content_type    TEXT,
    response        TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    UNIQUE (operation, key_id, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);

-- What each committed batch of an NDJSON import under a key settled: the ids its refs were given
-- and the lines refused up to its last line, so a resumed import answers for the whole body.
CREATE TABLE idempotency_batches (
    request_id  INTEGER NOT NULL REFERENCES idempotency_keys (id) ON DELETE CASCADE,
    batch       INTEGER NOT NULL,
    state_json  TEXT    NOT NULL,
    PRIMARY KEY (request_id, batch)
);
