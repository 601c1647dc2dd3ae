-- One change feed for the in-memory read model (src/CredibilityApi/Reads/ReadModel.cs) in place of
-- the four of migrations 0009-0011: every write, by any writer (the API, imports, the generator, a
-- shell), notes the kind and id of the entity whose read-side facts may have changed; the model
-- re-reads those entities, so an entry carries nothing else. Kinds: a claim (its speaker, relays,
-- stance, subject, quantity, status, latest verdict), a source (its name, kind, aliases), a
-- relation, an article (its publisher, which is its claims' publisher). The model holds one
-- position in it and prunes what it has taken in, keeping the last entry.
-- PostgreSQL dialect of migrations/0017_one_change_feed.sql. Each SQLite trigger is a plpgsql
-- function of the same name plus its trigger; the dropped triggers' functions are dropped too (the
-- feed tables take their own lock/notify triggers with them). Differences:
-- * seq is GENERATED ALWAYS AS IDENTITY: it never renumbers, even from an emptied table (SQLite's
--   INTEGER PRIMARY KEY numbers max(seq) + 1, hence the last entry is kept there).
-- * Entries are numbered in commit order: a statement-level BEFORE INSERT trigger takes
--   pg_advisory_xact_lock(1129465156) (the app also takes it first thing in each write
--   transaction), so writers serialise from their first entry to their commit and a replica
--   reading seq > its position never skips an entry that commits later with a lower seq.
-- * A statement-level AFTER INSERT trigger runs pg_notify('credibility_changes', '') to wake the
--   replicas (LISTEN credibility_changes); NOTIFY is delivered at commit, once per transaction.
-- * The triggers that write entries run once per statement over its transition table (new_rows,
--   old_rows), not once per row, so a bulk write (COPY, INSERT ... SELECT) notes its rows in one
--   INSERT; a statement that touched no row writes nothing (and takes no lock). Entries of one
--   statement come in id order. The article publisher trigger stays per row: a trigger with a
--   column list (UPDATE OF publisher_id) cannot have a transition table.
DROP TRIGGER relations_feed_insert ON relations;
DROP TRIGGER relations_feed_delete ON relations;
DROP TRIGGER claims_feed_insert ON claims;
DROP TRIGGER claims_feed_update ON claims;
DROP TRIGGER claim_via_feed_insert ON claim_via;
DROP TRIGGER claim_via_feed_delete ON claim_via;
DROP TRIGGER verdicts_feed_insert ON verdicts;
DROP TRIGGER sources_feed_insert ON sources;
DROP TRIGGER sources_feed_update ON sources;
DROP TRIGGER sources_feed_delete ON sources;
DROP TRIGGER source_names_after_source_insert ON sources;
DROP TRIGGER source_names_after_source_update ON sources;
DROP TRIGGER source_names_after_source_delete ON sources;
DROP TRIGGER source_names_after_alias_insert ON source_aliases;
DROP TRIGGER source_names_after_alias_update ON source_aliases;
DROP TRIGGER source_names_after_alias_delete ON source_aliases;
DROP FUNCTION relations_feed_insert();
DROP FUNCTION relations_feed_delete();
DROP FUNCTION claims_feed_insert();
DROP FUNCTION claims_feed_update();
DROP FUNCTION claim_via_feed_insert();
DROP FUNCTION claim_via_feed_delete();
DROP FUNCTION verdicts_feed_insert();
DROP FUNCTION sources_feed_insert();
DROP FUNCTION sources_feed_update();
DROP FUNCTION sources_feed_delete();
DROP FUNCTION source_names_after_source_insert();
DROP FUNCTION source_names_after_source_update();
DROP FUNCTION source_names_after_source_delete();
DROP FUNCTION source_names_after_alias_insert();
DROP FUNCTION source_names_after_alias_update();
DROP FUNCTION source_names_after_alias_delete();
DROP TABLE relation_changes;
DROP TABLE claim_changes;
DROP TABLE source_changes;
DROP TABLE source_name_changes;

CREATE TABLE changes (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('claim', 'source', 'relation', 'article')),
    entity_id BIGINT NOT NULL
);

-- The feed's lock and wake-up (the functions of 0009, restated so this file reads on its own).
CREATE OR REPLACE FUNCTION change_feed_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1129465156);
    RETURN NULL;
END;
$$;
CREATE OR REPLACE FUNCTION change_feed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('credibility_changes', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER changes_lock BEFORE INSERT ON changes
    FOR EACH STATEMENT EXECUTE FUNCTION change_feed_lock();
CREATE TRIGGER changes_notify AFTER INSERT ON changes
    FOR EACH STATEMENT EXECUTE FUNCTION change_feed_notify();

CREATE FUNCTION sources_feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'source', id FROM new_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_feed_insert AFTER INSERT ON sources REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sources_feed_insert();
CREATE FUNCTION sources_feed_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'source', id FROM new_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_feed_update AFTER UPDATE ON sources REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sources_feed_update();
CREATE FUNCTION sources_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'source', id FROM old_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_feed_delete AFTER DELETE ON sources REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sources_feed_delete();

CREATE FUNCTION source_aliases_feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'source', source_id FROM new_rows ORDER BY source_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_aliases_feed_insert AFTER INSERT ON source_aliases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION source_aliases_feed_insert();
CREATE FUNCTION source_aliases_feed_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'source', source_id FROM old_rows ORDER BY source_id;
        INSERT INTO changes (kind, entity_id)
        SELECT 'source', n.source_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.source_id <> o.source_id ORDER BY n.source_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_aliases_feed_update AFTER UPDATE ON source_aliases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION source_aliases_feed_update();
CREATE FUNCTION source_aliases_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'source', source_id FROM old_rows ORDER BY source_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER source_aliases_feed_delete AFTER DELETE ON source_aliases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION source_aliases_feed_delete();

-- Only the publisher of an article reaches the read model; a new article has no claims yet.
CREATE FUNCTION articles_feed_publisher() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('article', NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER articles_feed_publisher AFTER UPDATE OF publisher_id ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_feed_publisher();
CREATE FUNCTION articles_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'article', id FROM old_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER articles_feed_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_feed_delete();

CREATE FUNCTION claims_feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', id FROM new_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_feed_insert AFTER INSERT ON claims REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_feed_insert();
CREATE FUNCTION claims_feed_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', id FROM new_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_feed_update AFTER UPDATE ON claims REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_feed_update();
CREATE FUNCTION claims_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', id FROM old_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_feed_delete AFTER DELETE ON claims REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_feed_delete();

CREATE FUNCTION claim_via_feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', claim_id FROM new_rows ORDER BY claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claim_via_feed_insert AFTER INSERT ON claim_via REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claim_via_feed_insert();
CREATE FUNCTION claim_via_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', claim_id FROM old_rows ORDER BY claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claim_via_feed_delete AFTER DELETE ON claim_via REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claim_via_feed_delete();

CREATE FUNCTION relations_feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'relation', id FROM new_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER relations_feed_insert AFTER INSERT ON relations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION relations_feed_insert();
CREATE FUNCTION relations_feed_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'relation', id FROM new_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER relations_feed_update AFTER UPDATE ON relations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION relations_feed_update();
CREATE FUNCTION relations_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'relation', id FROM old_rows ORDER BY id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER relations_feed_delete AFTER DELETE ON relations REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION relations_feed_delete();

CREATE FUNCTION verdicts_feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', claim_id FROM new_rows ORDER BY claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER verdicts_feed_insert AFTER INSERT ON verdicts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verdicts_feed_insert();
CREATE FUNCTION verdicts_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', claim_id FROM old_rows ORDER BY claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER verdicts_feed_delete AFTER DELETE ON verdicts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verdicts_feed_delete();
