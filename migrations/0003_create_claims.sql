CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    text           TEXT    NOT NULL,
    language       TEXT,
    subject        TEXT,
    stance         TEXT    NOT NULL CHECK (stance IN ('asserts', 'denies')),
    speaker_id     INTEGER NOT NULL REFERENCES sources (id),
    quantity_value REAL,
    quantity_unit  TEXT,
    quantity_as_of TEXT,
    claimed_at     TEXT,
    article_id     INTEGER REFERENCES articles (id),
    -- the rating of the latest verdict, kept in step by the verdict writer so lists can filter on it
    status         TEXT    NOT NULL DEFAULT 'unrated',
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_claims_subject ON claims (subject, id);
CREATE INDEX ix_claims_speaker ON claims (speaker_id, id);
CREATE INDEX ix_claims_article ON claims (article_id, id);
CREATE INDEX ix_claims_status ON claims (status, id);

-- The relays between the speaker and the article's publisher, origin side first.
CREATE TABLE claim_via (
    claim_id  INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    PRIMARY KEY (claim_id, position)
) WITHOUT ROWID;
CREATE INDEX ix_claim_via_source ON claim_via (source_id, claim_id);
