-- The writers index folded text themselves (Text/SearchIndex.cs), since folding is not SQL. A
-- delete needs no folding, so a trigger removes the entry on every path that deletes a claim or
-- an article, cascades included, in the same transaction.
-- PostgreSQL dialect of migrations/0012_drop_deleted_rows_from_search_index.sql: each SQLite
-- trigger is a plpgsql function of the same name plus its trigger, run once per statement over the
-- deleted rows (its transition table old_rows), so a bulk delete removes its entries in one go.
CREATE FUNCTION claims_fts_after_claim_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM claims_fts WHERE rowid IN (SELECT id FROM old_rows);
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_fts_after_claim_delete AFTER DELETE ON claims REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_fts_after_claim_delete();

CREATE FUNCTION articles_fts_after_article_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_fts WHERE rowid IN (SELECT id FROM old_rows);
    RETURN NULL;
END;
$$;
CREATE TRIGGER articles_fts_after_article_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_fts_after_article_delete();
