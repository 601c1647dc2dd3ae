-- One change feed for the in-memory read model (src/CredibilityApi/Reads/ReadModel.cs) in place of
-- the four of migrations 0009-0011: every write, by any writer (the API, imports, the generator, a
-- shell), notes the kind and id of the entity whose read-side facts may have changed; the model
-- re-reads those entities, so an entry carries nothing else. Kinds: a claim (its speaker, relays,
-- stance, subject, quantity, status, latest verdict), a source (its name, kind, aliases), a
-- relation, an article (its publisher, which is its claims' publisher). The model holds one
-- position in it and prunes what it has taken in, keeping the last entry: seq is a plain INTEGER
-- PRIMARY KEY, numbered max(seq) + 1, so an emptied table would number from 1 again, below the
-- position the model resumes from.
DROP TRIGGER relations_feed_insert;
DROP TRIGGER relations_feed_delete;
DROP TRIGGER claims_feed_insert;
DROP TRIGGER claims_feed_update;
DROP TRIGGER claim_via_feed_insert;
DROP TRIGGER claim_via_feed_delete;
DROP TRIGGER verdicts_feed_insert;
DROP TRIGGER sources_feed_insert;
DROP TRIGGER sources_feed_update;
DROP TRIGGER sources_feed_delete;
DROP TRIGGER source_names_after_source_insert;
DROP TRIGGER source_names_after_source_update;
DROP TRIGGER source_names_after_source_delete;
DROP TRIGGER source_names_after_alias_insert;
DROP TRIGGER source_names_after_alias_update;
DROP TRIGGER source_names_after_alias_delete;
DROP TABLE relation_changes;
DROP TABLE claim_changes;
DROP TABLE source_changes;
DROP TABLE source_name_changes;

CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL CHECK (kind IN ('claim', 'source', 'relation', 'article')),
    entity_id INTEGER NOT NULL
);

CREATE TRIGGER sources_feed_insert AFTER INSERT ON sources
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('source', NEW.id);
END;
CREATE TRIGGER sources_feed_update AFTER UPDATE ON sources
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('source', NEW.id);
END;
CREATE TRIGGER sources_feed_delete AFTER DELETE ON sources
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('source', OLD.id);
END;

CREATE TRIGGER source_aliases_feed_insert AFTER INSERT ON source_aliases
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('source', NEW.source_id);
END;
CREATE TRIGGER source_aliases_feed_update AFTER UPDATE ON source_aliases
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('source', OLD.source_id);
    INSERT INTO changes (kind, entity_id) SELECT 'source', NEW.source_id WHERE NEW.source_id <> OLD.source_id;
END;
CREATE TRIGGER source_aliases_feed_delete AFTER DELETE ON source_aliases
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('source', OLD.source_id);
END;

-- Only the publisher of an article reaches the read model; a new article has no claims yet.
CREATE TRIGGER articles_feed_publisher AFTER UPDATE OF publisher_id ON articles
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('article', NEW.id);
END;
CREATE TRIGGER articles_feed_delete AFTER DELETE ON articles
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('article', OLD.id);
END;

CREATE TRIGGER claims_feed_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', NEW.id);
END;
CREATE TRIGGER claims_feed_update AFTER UPDATE ON claims
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', NEW.id);
END;
CREATE TRIGGER claims_feed_delete AFTER DELETE ON claims
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', OLD.id);
END;

CREATE TRIGGER claim_via_feed_insert AFTER INSERT ON claim_via
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', NEW.claim_id);
END;
CREATE TRIGGER claim_via_feed_delete AFTER DELETE ON claim_via
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', OLD.claim_id);
END;

CREATE TRIGGER relations_feed_insert AFTER INSERT ON relations
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('relation', NEW.id);
END;
CREATE TRIGGER relations_feed_update AFTER UPDATE ON relations
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('relation', NEW.id);
END;
CREATE TRIGGER relations_feed_delete AFTER DELETE ON relations
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('relation', OLD.id);
END;

CREATE TRIGGER verdicts_feed_insert AFTER INSERT ON verdicts
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', NEW.claim_id);
END;
CREATE TRIGGER verdicts_feed_delete AFTER DELETE ON verdicts
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', OLD.claim_id);
END;
