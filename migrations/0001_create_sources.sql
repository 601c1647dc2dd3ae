-- Anyone who can assert something. Names and aliases are stored as given; the *_folded
-- columns hold the matching form (see Text/TextFold.cs) and are never shown.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    name_folded TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('outlet', 'person', 'organization', 'anonymous')),
    country     TEXT,
    homepage    TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_sources_kind ON sources (kind, id);

-- Aliases belong to their source: replacing a source's aliases or deleting an unused source
-- removes them with it.
CREATE TABLE source_aliases (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    text_folded TEXT    NOT NULL,
    language    TEXT
);
CREATE INDEX ix_source_aliases_source ON source_aliases (source_id, position);
CREATE INDEX ix_source_aliases_folded ON source_aliases (text_folded);
