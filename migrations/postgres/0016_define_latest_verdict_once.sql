-- The latest verdict of a claim is the last by (reviewed_at, id). It is defined here once, as a
-- view every reader joins, and claims.status follows it through a trigger, as every other derived
-- fact is kept (no writer has to remember it). Verdicts are never updated or deleted, so a new
-- verdict is the only event that can change it.
-- PostgreSQL dialect of migrations/0016_define_latest_verdict_once.sql: the same view; the trigger
-- is a plpgsql function of the same name plus its trigger, run once per statement over the new
-- verdicts (its transition table new_rows): each claim they rate is updated once.
CREATE VIEW latest_verdicts AS
SELECT v.id, v.claim_id, v.rating, v.reviewer, v.url, v.reviewed_at, v.explanation, v.original_label, v.created_at
FROM verdicts v
WHERE v.id = (SELECT x.id FROM verdicts x WHERE x.claim_id = v.claim_id ORDER BY x.reviewed_at DESC, x.id DESC LIMIT 1);

CREATE FUNCTION verdicts_keep_claim_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims SET status = (SELECT rating FROM latest_verdicts WHERE claim_id = claims.id)
    WHERE id IN (SELECT claim_id FROM new_rows);
    RETURN NULL;
END;
$$;
CREATE TRIGGER verdicts_keep_claim_status AFTER INSERT ON verdicts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verdicts_keep_claim_status();
