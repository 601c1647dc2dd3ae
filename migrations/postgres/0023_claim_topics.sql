-- A claim's topics (issue 17): up to five short tags, stored folded (Claims/ClaimTopics.cs: case,
-- accents and Arabic letter forms folded, words joined by '-'), in the claim's order. A source's
-- score on one topic comes from the rated claims carrying it (GET /v1/sources/{id}/credibility?topic=).
-- Like relays, topic rows note their claim in the change feed, so the read model re-reads it.
-- PostgreSQL dialect of migrations/0023_claim_topics.sql: WITHOUT ROWID -> a plain table with the
-- same primary key; each SQLite trigger is a plpgsql function of the same name plus its trigger,
-- run once per statement over its transition table like the feed triggers of 0017.
CREATE TABLE claim_topics (
    claim_id BIGINT NOT NULL REFERENCES claims (id),
    position BIGINT NOT NULL,
    topic    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (claim_id, position)
);
CREATE INDEX ix_claim_topics_topic ON claim_topics (topic, claim_id);

CREATE FUNCTION claim_topics_feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', claim_id FROM new_rows ORDER BY claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claim_topics_feed_insert AFTER INSERT ON claim_topics REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claim_topics_feed_insert();

CREATE FUNCTION claim_topics_feed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
        INSERT INTO changes (kind, entity_id) SELECT 'claim', claim_id FROM old_rows ORDER BY claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claim_topics_feed_delete AFTER DELETE ON claim_topics REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claim_topics_feed_delete();
