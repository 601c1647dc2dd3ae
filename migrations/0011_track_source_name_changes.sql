-- The in-memory index of source names (Sources/SourceNameIndex.cs) catches up from this table
-- instead of reloading every name: any write to a source or its aliases, by any writer, moves the
-- source's row to the next sequence number. One row per source, so it never grows past them.
-- No foreign key: a deleted source stays listed so the index drops it. (Update-or-insert rather
-- than INSERT OR REPLACE, whose conflict clause the outer statement's own would override.)
CREATE TABLE source_name_changes (
    source_id INTEGER PRIMARY KEY,
    seq       INTEGER NOT NULL
);
CREATE INDEX ix_source_name_changes_seq ON source_name_changes (seq);

CREATE TRIGGER source_names_after_source_insert AFTER INSERT ON sources
BEGIN
    UPDATE source_name_changes SET seq = (SELECT max(seq) + 1 FROM source_name_changes) WHERE source_id = new.id;
    INSERT INTO source_name_changes (source_id, seq)
    SELECT new.id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes)
    WHERE NOT EXISTS (SELECT 1 FROM source_name_changes WHERE source_id = new.id);
END;
CREATE TRIGGER source_names_after_source_update AFTER UPDATE ON sources
BEGIN
    UPDATE source_name_changes SET seq = (SELECT max(seq) + 1 FROM source_name_changes) WHERE source_id = new.id;
    INSERT INTO source_name_changes (source_id, seq)
    SELECT new.id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes)
    WHERE NOT EXISTS (SELECT 1 FROM source_name_changes WHERE source_id = new.id);
END;
CREATE TRIGGER source_names_after_source_delete AFTER DELETE ON sources
BEGIN
    UPDATE source_name_changes SET seq = (SELECT max(seq) + 1 FROM source_name_changes) WHERE source_id = old.id;
    INSERT INTO source_name_changes (source_id, seq)
    SELECT old.id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes)
    WHERE NOT EXISTS (SELECT 1 FROM source_name_changes WHERE source_id = old.id);
END;
CREATE TRIGGER source_names_after_alias_insert AFTER INSERT ON source_aliases
BEGIN
    UPDATE source_name_changes SET seq = (SELECT max(seq) + 1 FROM source_name_changes) WHERE source_id = new.source_id;
    INSERT INTO source_name_changes (source_id, seq)
    SELECT new.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes)
    WHERE NOT EXISTS (SELECT 1 FROM source_name_changes WHERE source_id = new.source_id);
END;
CREATE TRIGGER source_names_after_alias_update AFTER UPDATE ON source_aliases
BEGIN
    UPDATE source_name_changes SET seq = (SELECT max(seq) + 1 FROM source_name_changes) WHERE source_id = new.source_id;
    INSERT INTO source_name_changes (source_id, seq)
    SELECT new.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes)
    WHERE NOT EXISTS (SELECT 1 FROM source_name_changes WHERE source_id = new.source_id);
    UPDATE source_name_changes SET seq = (SELECT max(seq) + 1 FROM source_name_changes) WHERE source_id = old.source_id;
    INSERT INTO source_name_changes (source_id, seq)
    SELECT old.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes)
    WHERE NOT EXISTS (SELECT 1 FROM source_name_changes WHERE source_id = old.source_id);
END;
CREATE TRIGGER source_names_after_alias_delete AFTER DELETE ON source_aliases
BEGIN
    UPDATE source_name_changes SET seq = (SELECT max(seq) + 1 FROM source_name_changes) WHERE source_id = old.source_id;
    INSERT INTO source_name_changes (source_id, seq)
    SELECT old.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes)
    WHERE NOT EXISTS (SELECT 1 FROM source_name_changes WHERE source_id = old.source_id);
END;
