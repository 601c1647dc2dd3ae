CREATE TABLE relations (
    id            INTEGER PRIMARY KEY,
    from_claim_id INTEGER NOT NULL REFERENCES claims (id),
    to_claim_id   INTEGER NOT NULL REFERENCES claims (id),
    type          TEXT    NOT NULL CHECK (type IN ('denies', 'contradicts', 'refutes', 'supports', 'corroborates')),
    note          TEXT,
    created_at    TEXT    NOT NULL,
    CHECK (from_claim_id <> to_claim_id),
    UNIQUE (from_claim_id, to_claim_id, type)
);
CREATE INDEX ix_relations_to ON relations (to_claim_id);
