-- A feed of relation writes, filled by triggers so that every writer (the API, imports, the
-- synthetic generator, a shell) reaches the in-memory claim graph (Chains/ClaimGraph.cs), which
-- applies the feed before it answers. Applied entries are pruned.
CREATE TABLE relation_changes (
    seq           INTEGER PRIMARY KEY,
    op            TEXT    NOT NULL CHECK (op IN ('insert', 'delete')),
    relation_id   INTEGER NOT NULL,
    from_claim_id INTEGER NOT NULL,
    to_claim_id   INTEGER NOT NULL,
    type          TEXT    NOT NULL
);

CREATE TRIGGER relations_feed_insert AFTER INSERT ON relations
BEGIN
    INSERT INTO relation_changes (op, relation_id, from_claim_id, to_claim_id, type)
    VALUES ('insert', NEW.id, NEW.from_claim_id, NEW.to_claim_id, NEW.type);
END;

CREATE TRIGGER relations_feed_delete AFTER DELETE ON relations
BEGIN
    INSERT INTO relation_changes (op, relation_id, from_claim_id, to_claim_id, type)
    VALUES ('delete', OLD.id, OLD.from_claim_id, OLD.to_claim_id, OLD.type);
END;

-- contradictions?since= starts from the first relation at or after a time
CREATE INDEX ix_relations_created ON relations (created_at);
