-- A claim may give a categorical answer to its subject's question ("who carried out the strike")
-- instead of a quantity: the value as written, at most 500 characters (checked by the API). The
-- two are exclusive. Values are compared folded (Text/TextFold.cs), in memory: nothing is indexed.
-- PostgreSQL dialect of migrations/0019_add_claim_values.sql (TEXT COLLATE "C").
ALTER TABLE claims ADD COLUMN value TEXT COLLATE "C";
