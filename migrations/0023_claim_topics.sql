-- A claim's topics (issue 17): up to five short tags, stored folded (Claims/ClaimTopics.cs: case,
-- accents and Arabic letter forms folded, words joined by '-'), in the claim's order. A source's
-- score on one topic comes from the rated claims carrying it (GET /v1/sources/{id}/credibility?topic=).
-- Like relays, topic rows note their claim in the change feed, so the read model re-reads it.
CREATE TABLE claim_topics (
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    position INTEGER NOT NULL,
    topic    TEXT    NOT NULL,
    PRIMARY KEY (claim_id, position)
) WITHOUT ROWID;
CREATE INDEX ix_claim_topics_topic ON claim_topics (topic, claim_id);

CREATE TRIGGER claim_topics_feed_insert AFTER INSERT ON claim_topics
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', NEW.claim_id);
END;
CREATE TRIGGER claim_topics_feed_delete AFTER DELETE ON claim_topics
BEGIN
    INSERT INTO changes (kind, entity_id) VALUES ('claim', OLD.claim_id);
END;
