-- Feeds for the in-memory claim index (Chains/ClaimIndex.cs), as relation_changes feeds the
-- claim graph: triggers note every claim and source whose chain-facing facts may have changed
-- (speaker, relays, publisher, stance, subject, latest verdict; a source's name and kind).
CREATE TABLE claim_changes (
    seq      INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL
);

CREATE TRIGGER claims_feed_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claim_changes (claim_id) VALUES (NEW.id);
END;

CREATE TRIGGER claims_feed_update AFTER UPDATE ON claims
BEGIN
    INSERT INTO claim_changes (claim_id) VALUES (NEW.id);
END;

CREATE TRIGGER claim_via_feed_insert AFTER INSERT ON claim_via
BEGIN
    INSERT INTO claim_changes (claim_id) VALUES (NEW.claim_id);
END;

CREATE TRIGGER claim_via_feed_delete AFTER DELETE ON claim_via
BEGIN
    INSERT INTO claim_changes (claim_id) VALUES (OLD.claim_id);
END;

CREATE TRIGGER verdicts_feed_insert AFTER INSERT ON verdicts
BEGIN
    INSERT INTO claim_changes (claim_id) VALUES (NEW.claim_id);
END;

CREATE TABLE source_changes (
    seq       INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL
);

CREATE TRIGGER sources_feed_insert AFTER INSERT ON sources
BEGIN
    INSERT INTO source_changes (source_id) VALUES (NEW.id);
END;

CREATE TRIGGER sources_feed_update AFTER UPDATE ON sources
BEGIN
    INSERT INTO source_changes (source_id) VALUES (NEW.id);
END;

CREATE TRIGGER sources_feed_delete AFTER DELETE ON sources
BEGIN
    INSERT INTO source_changes (source_id) VALUES (OLD.id);
END;
