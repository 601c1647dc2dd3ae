-- Full-text indexes over folded text (Text/TextFold.cs); rowid is the claim or article id.
-- The writers keep them in step inside the same transaction as the row.
-- PostgreSQL dialect of migrations/0008_create_search_index.sql: instead of FTS5 virtual tables,
-- plain tables keeping the column name rowid (so the writers' INSERT/DELETE statements stay the
-- same), each with a stored tsvector of the 'simple' configuration (the text is already folded by
-- the app, so no stemming or accent folding happens here) and a GIN index on it. An article's
-- title weighs 'A' and its body 'B' (SQLite ranks with bm25(articles_fts, 2.0, 1.0)).
CREATE TABLE claims_fts (
    rowid    BIGINT PRIMARY KEY,
    text     TEXT COLLATE "C" NOT NULL,
    document tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED
);
CREATE INDEX ix_claims_fts_document ON claims_fts USING GIN (document);

CREATE TABLE articles_fts (
    rowid    BIGINT PRIMARY KEY,
    title    TEXT COLLATE "C" NOT NULL,
    body     TEXT COLLATE "C",
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(body, '')), 'B')) STORED
);
CREATE INDEX ix_articles_fts_document ON articles_fts USING GIN (document);
