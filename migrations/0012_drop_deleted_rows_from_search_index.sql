-- The writers index folded text themselves (Text/SearchIndex.cs), since folding is not SQL. A
-- delete needs no folding, so a trigger removes the entry on every path that deletes a claim or
-- an article, cascades included, in the same transaction.
CREATE TRIGGER claims_fts_after_claim_delete AFTER DELETE ON claims
BEGIN
    DELETE FROM claims_fts WHERE rowid = old.id;
END;
CREATE TRIGGER articles_fts_after_article_delete AFTER DELETE ON articles
BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
END;
