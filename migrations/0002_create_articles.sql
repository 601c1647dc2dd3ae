CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    url          TEXT    NOT NULL,
    -- scheme and host lower-cased, default port, fragment and trailing slash dropped
    url_key      TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    language     TEXT,
    published_at TEXT,
    publisher_id INTEGER REFERENCES sources (id),
    author       TEXT,
    body         TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_articles_publisher ON articles (publisher_id, id);
CREATE INDEX ix_articles_published ON articles (published_at);

CREATE TABLE citations (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    source_id     INTEGER NOT NULL REFERENCES sources (id),
    role          TEXT    NOT NULL CHECK (role IN ('quotes', 'reports', 'mentions')),
    span_start    INTEGER,
    span_end      INTEGER,
    matched_alias TEXT
);
CREATE INDEX ix_citations_article ON citations (article_id, position);
CREATE INDEX ix_citations_source ON citations (source_id);
