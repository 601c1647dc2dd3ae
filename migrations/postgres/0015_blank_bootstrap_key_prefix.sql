-- Earlier versions kept the first ten characters of the operator's CREDIBILITY_ADMIN_KEY as its
-- key's prefix, in the key's row and in the snapshots its audit entries hold (for a short secret,
-- the whole of it). Nothing of an operator's secret is kept now: its prefix is stored empty.
-- The operator's keys are those no API call made: their creation was the service's own act.
-- PostgreSQL dialect of migrations/0015_blank_bootstrap_key_prefix.sql: SQLite's json_type/json_set
-- on the text columns become jsonb's ? and jsonb_set (a rewritten snapshot comes back as jsonb's
-- text, keys in jsonb's order; only rows holding a prefix are rewritten). The guard trigger is
-- dropped and created again over its unchanged function (0007). On a new database, the only kind
-- PostgreSQL has, this finds nothing to change.
CREATE TEMP TABLE operator_keys AS
SELECT id FROM api_keys k
WHERE k.name = 'CREDIBILITY_ADMIN_KEY'
  AND NOT EXISTS (
      SELECT 1 FROM audit_log a
      WHERE a.entity = 'api-key' AND a.action = 'create' AND a.entity_id = k.id AND a.key_id IS NOT NULL);

UPDATE api_keys SET prefix = '' WHERE id IN (SELECT id FROM operator_keys);

-- The audit log is append-only; this one redaction of leaked secret material lifts the guard
-- for the length of this transaction and puts it back unchanged.
DROP TRIGGER audit_log_is_append_only_update ON audit_log;

UPDATE audit_log SET
    before_json = CASE WHEN jsonb_typeof(before_json::jsonb) = 'object' AND before_json::jsonb ? 'prefix'
                       THEN jsonb_set(before_json::jsonb, '{prefix}', 'null'::jsonb)::text ELSE before_json END,
    after_json = CASE WHEN jsonb_typeof(after_json::jsonb) = 'object' AND after_json::jsonb ? 'prefix'
                      THEN jsonb_set(after_json::jsonb, '{prefix}', 'null'::jsonb)::text ELSE after_json END
WHERE entity = 'api-key' AND entity_id IN (SELECT id FROM operator_keys);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only_update();

DROP TABLE operator_keys;
