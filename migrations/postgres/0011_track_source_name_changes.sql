-- The in-memory index of source names (Sources/SourceNameIndex.cs) catches up from this table
-- instead of reloading every name: any write to a source or its aliases, by any writer, moves the
-- source's row to the next sequence number. One row per source, so it never grows past them.
-- No foreign key: a deleted source stays listed so the index drops it.
-- PostgreSQL dialect of migrations/0011_track_source_name_changes.sql: each SQLite trigger is a
-- plpgsql function of the same name plus its trigger. SQLite's update-then-insert-if-missing is one
-- INSERT ... ON CONFLICT DO UPDATE here (same result: the row moves to max(seq) + 1, or is added
-- at it). source_id is supplied by every writer, so it is a plain BIGINT key, not an identity.
-- The feed takes the feed lock and notifies like relation_changes (0009).
CREATE TABLE source_name_changes (
    source_id BIGINT PRIMARY KEY,
    seq       BIGINT NOT NULL
);
CREATE INDEX ix_source_name_changes_seq ON source_name_changes (seq);
CREATE TRIGGER source_name_changes_lock BEFORE INSERT ON source_name_changes
    FOR EACH STATEMENT EXECUTE FUNCTION change_feed_lock();
CREATE TRIGGER source_name_changes_notify AFTER INSERT ON source_name_changes
    FOR EACH STATEMENT EXECUTE FUNCTION change_feed_notify();

CREATE FUNCTION source_names_after_source_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO source_name_changes (source_id, seq)
    VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes))
    ON CONFLICT (source_id) DO UPDATE SET seq = EXCLUDED.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_names_after_source_insert AFTER INSERT ON sources
    FOR EACH ROW EXECUTE FUNCTION source_names_after_source_insert();

CREATE FUNCTION source_names_after_source_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO source_name_changes (source_id, seq)
    VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes))
    ON CONFLICT (source_id) DO UPDATE SET seq = EXCLUDED.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_names_after_source_update AFTER UPDATE ON sources
    FOR EACH ROW EXECUTE FUNCTION source_names_after_source_update();

CREATE FUNCTION source_names_after_source_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO source_name_changes (source_id, seq)
    VALUES (OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes))
    ON CONFLICT (source_id) DO UPDATE SET seq = EXCLUDED.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_names_after_source_delete AFTER DELETE ON sources
    FOR EACH ROW EXECUTE FUNCTION source_names_after_source_delete();

CREATE FUNCTION source_names_after_alias_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO source_name_changes (source_id, seq)
    VALUES (NEW.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes))
    ON CONFLICT (source_id) DO UPDATE SET seq = EXCLUDED.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_names_after_alias_insert AFTER INSERT ON source_aliases
    FOR EACH ROW EXECUTE FUNCTION source_names_after_alias_insert();

CREATE FUNCTION source_names_after_alias_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO source_name_changes (source_id, seq)
    VALUES (NEW.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes))
    ON CONFLICT (source_id) DO UPDATE SET seq = EXCLUDED.seq;
    INSERT INTO source_name_changes (source_id, seq)
    VALUES (OLD.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes))
    ON CONFLICT (source_id) DO UPDATE SET seq = EXCLUDED.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_names_after_alias_update AFTER UPDATE ON source_aliases
    FOR EACH ROW EXECUTE FUNCTION source_names_after_alias_update();

CREATE FUNCTION source_names_after_alias_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO source_name_changes (source_id, seq)
    VALUES (OLD.source_id, (SELECT coalesce(max(seq), 0) + 1 FROM source_name_changes))
    ON CONFLICT (source_id) DO UPDATE SET seq = EXCLUDED.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_names_after_alias_delete AFTER DELETE ON source_aliases
    FOR EACH ROW EXECUTE FUNCTION source_names_after_alias_delete();
