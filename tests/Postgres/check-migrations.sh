#!/usr/bin/env bash
# The PostgreSQL dialect of the migrations (migrations/postgres/): applies every file in order to a
# new database on a throwaway cluster (tests/Postgres/cluster.sh), each as one transaction as DbUp
# runs it, then checks that
#   - the file names are those of migrations/*.sql, one for one;
#   - the schema has the SQLite schema's tables, columns, indexes and triggers (the SQLite
#     migrations applied with python3's sqlite3 module), and no INTEGER, boolean or non-"C" text;
#   - writes of every kind fill the change feed with increasing seq, under the feed's advisory lock,
#     with a NOTIFY on credibility_changes; an emptied feed does not renumber;
#   - a verdict sets claims.status through latest_verdicts (the latest by reviewed_at, id);
#   - the search tables find a prefix query, and deleting a claim or an article removes its row;
#   - unique constraints raise 23505, CHECKs 23514, the audit log refuses updates and deletes.
#
#   tests/Postgres/check-migrations.sh
#
# Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."

find_bin() {
  if command -v "$1" >/dev/null; then command -v "$1"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/$1" ] && echo "$found/$1"
}

cluster=$(mktemp -d "${TMPDIR:-/tmp}/credibility-pg.XXXXXX")
chmod 755 "$cluster"
trap 'tests/Postgres/cluster.sh stop "$cluster"' EXIT
tests/Postgres/cluster.sh start "$cluster" >/dev/null || { echo "could not start a cluster"; echo "0 passed, 1 failed"; exit 1; }
port=$(cat "$cluster/port")
psql_bin=$(find_bin psql)
db=credibility_check
# -X: no ~/.psqlrc; -tA: bare values, one row a line
pg() { "$psql_bin" -X -q -tA -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 "$@"; }

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok    $1"; }
bad() { failed=$((failed + 1)); echo "FAIL  $1"; [ $# -lt 2 ] || printf '%s\n' "$2" | sed 's/^/      /'; }

# check NAME EXPECTED SQL: the query's output (psql -tA) equals EXPECTED.
check() {
  local actual
  actual=$(pg -d "$db" -c "$3" 2>&1)
  if [ "$actual" = "$2" ]; then ok "$1"; else bad "$1" "expected: $2"$'\n'"actual:   $actual"; fi
}

# fails_with NAME SQLSTATE SQL: the statement fails with that SQLSTATE (and changes nothing).
fails_with() {
  local out
  out=$(pg -d "$db" -v VERBOSITY=sqlstate -c "$3" 2>&1)
  if grep -qx "ERROR:  $2" <<<"$out"; then ok "$1"; else bad "$1" "expected ERROR $2, got: $out"; fi
}

pg -d postgres -c "CREATE DATABASE $db" || { echo "could not create the database"; echo "0 passed, 1 failed"; exit 1; }

# --- the files ------------------------------------------------------------------------------------
sqlite_names=$(cd migrations && ls -1 *.sql | sort)
postgres_names=$(cd migrations/postgres && ls -1 *.sql | sort)
if [ "$sqlite_names" = "$postgres_names" ]; then
  ok "migrations/postgres has the files of migrations/ ($(wc -l <<<"$postgres_names"))"
else
  bad "migrations/postgres has the files of migrations/" "$(diff <(echo "$sqlite_names") <(echo "$postgres_names"))"
fi

applied=0
for file in migrations/postgres/*.sql; do
  if out=$(pg -d "$db" --single-transaction -f "$file" 2>&1); then
    applied=$((applied + 1))
  else
    bad "apply $file" "$out"
  fi
done
[ "$applied" = "$(ls migrations/postgres/*.sql | wc -l)" ] && ok "every file applies in order, each in one transaction ($applied)"

# --- the schema against SQLite's --------------------------------------------------------------------
# One line per fact: "table t", "column t.c", "index i", "trigger t"; SQLite's FTS5 shadow tables,
# automatic indexes and the search tables' extra columns (rowid, document) are not facts of either.
sqlite_facts=$(python3 - <<'PY'
import glob, sqlite3
db = sqlite3.connect(":memory:")
for path in sorted(glob.glob("migrations/*.sql")):
    with open(path, encoding="utf-8") as f:
        db.executescript(f.read())
facts = []
shadow = ("_data", "_idx", "_content", "_docsize", "_config")
for kind, name, table in db.execute("SELECT type, name, tbl_name FROM sqlite_master"):
    if name.startswith("sqlite_") or (kind == "table" and name.endswith(shadow) and name.split("_fts_")[0] != name):
        continue
    if kind in ("table", "view"):
        facts.append(f"{kind} {name}")
        for column in db.execute(f"SELECT name FROM pragma_table_info('{name}')"):
            facts.append(f"column {name}.{column[0]}")
    elif kind in ("index", "trigger"):
        facts.append(f"{kind} {name}")
print("\n".join(sorted(facts)))
PY
)
postgres_facts=$(pg -d "$db" -c "
  SELECT 'table ' || table_name FROM information_schema.tables
   WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
  UNION ALL SELECT 'view ' || table_name FROM information_schema.views WHERE table_schema = 'public'
  UNION ALL SELECT 'column ' || table_name || '.' || column_name FROM information_schema.columns
   WHERE table_schema = 'public'
     AND NOT (table_name IN ('claims_fts', 'articles_fts') AND column_name IN ('rowid', 'document'))
  UNION ALL SELECT 'index ' || indexname FROM pg_indexes
   WHERE schemaname = 'public' AND indexname NOT LIKE '%\_pkey' AND indexname NOT LIKE '%\_key'
     AND indexname NOT LIKE '%\_fts\_document'
  UNION ALL SELECT DISTINCT 'trigger ' || trigger_name FROM information_schema.triggers
   WHERE trigger_schema = 'public' AND trigger_name NOT IN ('changes_lock', 'changes_notify')
  ORDER BY 1" | LC_ALL=C sort)
sqlite_facts=$(LC_ALL=C sort <<<"$sqlite_facts")
if [ -n "$sqlite_facts" ] && [ "$sqlite_facts" = "$postgres_facts" ]; then
  ok "same tables, views, columns, indexes and triggers as the SQLite migrations ($(wc -l <<<"$postgres_facts") facts)"
else
  bad "same tables, views, columns, indexes and triggers as the SQLite migrations" \
    "$(diff <(echo "$sqlite_facts") <(echo "$postgres_facts") | grep '^[<>]' | sed 's/^</only in SQLite:/; s/^>/only in PostgreSQL:/')"
fi

check "every text column is COLLATE \"C\"" "0" "
  SELECT count(*) FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
  WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = 'text' AND c.collation_name IS DISTINCT FROM 'C'"
check "no integer, smallint, boolean, real or numeric columns (BIGINT and DOUBLE PRECISION only)" "0" "
  SELECT count(*) FROM information_schema.columns
  WHERE table_schema = 'public' AND data_type IN ('integer', 'smallint', 'boolean', 'real', 'numeric')"
check "text orders byte-wise (SQLite's BINARY)" "B,a,z,é" "
  INSERT INTO sources (id, name, name_folded, kind, created_at, updated_at) VALUES
    (9001, 'a', 'a', 'outlet', 't', 't'), (9002, 'B', 'b', 'outlet', 't', 't'),
    (9003, 'é', 'e', 'outlet', 't', 't'), (9004, 'z', 'z', 'outlet', 't', 't');
  SELECT string_agg(name, ',' ORDER BY name) FROM sources WHERE id > 9000;
  DELETE FROM sources WHERE id > 9000;"

# --- the change feed --------------------------------------------------------------------------------
# One write of each kind; each must add entries above the previous maximum, of the right kind.
feed_after() { # feed_after NAME KINDS SQL: SQL adds feed entries whose kinds (in seq order) are KINDS
  check "$1" "$2" "
    CREATE TEMP TABLE mark AS SELECT coalesce(max(seq), 0) AS seq FROM changes;
    $3;
    SELECT coalesce(string_agg(kind || ':' || entity_id, ' ' ORDER BY seq), '') FROM changes WHERE seq > (SELECT seq FROM mark);"
}
feed_after "a new source and its alias write source entries" "source:1 source:1" "
  INSERT INTO sources (name, name_folded, kind, created_at, updated_at) VALUES ('Reuters', 'reuters', 'outlet', 't', 't');
  INSERT INTO source_aliases (source_id, position, text, text_folded) VALUES (1, 0, 'رويترز', 'رويترز')"
pg -d "$db" -c "INSERT INTO sources (name, name_folded, kind, created_at, updated_at) VALUES ('Jane Doe', 'jane doe', 'person', 't', 't')" >/dev/null
feed_after "an article publisher change writes an article entry; a new article none" "article:1" "
  INSERT INTO articles (url, url_key, title, created_at, updated_at) VALUES ('https://a.example/1', 'https://a.example/1', 'Title', 't', 't');
  UPDATE articles SET publisher_id = 1 WHERE id = 1;
  UPDATE articles SET title = 'Other title' WHERE id = 1"
feed_after "a claim and its relay and topic write claim entries" "claim:1 claim:1 claim:1 claim:2" "
  INSERT INTO claims (text, stance, speaker_id, article_id, created_at, updated_at) VALUES ('the bridge fell', 'asserts', 2, 1, 't', 't');
  INSERT INTO claim_via (claim_id, position, source_id) VALUES (1, 0, 1);
  INSERT INTO claim_topics (claim_id, position, topic) VALUES (1, 0, 'bridges');
  INSERT INTO claims (text, stance, speaker_id, created_at, updated_at) VALUES ('the bridge stands', 'denies', 1, 't', 't')"
feed_after "a relation writes a relation entry" "relation:1" "
  INSERT INTO relations (from_claim_id, to_claim_id, type, created_at) VALUES (2, 1, 'contradicts', 't')"
feed_after "a verdict writes claim entries (its own and the status update's)" "claim:1 claim:1" "
  INSERT INTO verdicts (claim_id, rating, reviewer, reviewed_at, created_at) VALUES (1, 'false', 'Desk', '2026-01-02', 't')"
feed_after "a statement of several rows notes each of them, in id order" "claim:3 claim:4 claim:5" "
  INSERT INTO claims (id, text, stance, speaker_id, created_at, updated_at) VALUES
    (5, 'c', 'asserts', 1, 't', 't'), (3, 'a', 'asserts', 1, 't', 't'), (4, 'b', 'asserts', 1, 't', 't')"
feed_after "a statement that touches no row notes nothing" "" "
  UPDATE claims SET version = version + 1 WHERE id = -1;
  DELETE FROM claim_via WHERE claim_id = -1"
pg -d "$db" -c "
  INSERT INTO sources (id, name, name_folded, kind, created_at, updated_at) VALUES (3, 'Relay', 'relay', 'outlet', 't', 't');
  INSERT INTO source_aliases (source_id, position, text, text_folded) VALUES (3, 0, 'r', 'r');
  INSERT INTO claim_via (claim_id, position, source_id) VALUES (3, 0, 1)" >/dev/null
feed_after "cascaded deletes are noted (a claim's relays, a source's aliases)" "claim:3 claim:3 source:3 source:3" "
  DELETE FROM claims WHERE id = 3;
  DELETE FROM sources WHERE id = 3"
check "feed seq increases with every entry and has no gaps" "t" "
  SELECT count(*) = max(seq) - min(seq) + 1 AND count(*) = count(DISTINCT seq) FROM changes"
fails_with "feed seq cannot be given (GENERATED ALWAYS)" 428C9 "INSERT INTO changes (seq, kind, entity_id) VALUES (1000, 'claim', 1)"
check "an emptied feed does not renumber" "t" "
  CREATE TEMP TABLE mark AS SELECT max(seq) AS seq FROM changes;
  DELETE FROM changes;
  UPDATE claims SET version = version + 1 WHERE id = 2;
  SELECT min(seq) > (SELECT seq FROM mark) FROM changes"
# BEGIN, count the session's hold of the feed lock, write, count again, COMMIT
lock_out=$(pg -d "$db" -c "BEGIN" \
  -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1129465156 AND pid = pg_backend_pid()" \
  -c "UPDATE claims SET version = version + 1 WHERE id = 2" \
  -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = 1129465156 AND objsubid = 1 AND pid = pg_backend_pid() AND granted" \
  -c "COMMIT" 2>&1 | tr '\n' ' ')
if [ "$lock_out" = "0 1 " ]; then ok "a feed entry takes pg_advisory_xact_lock(1129465156), held to commit"; else bad "a feed entry takes pg_advisory_xact_lock(1129465156), held to commit" "counts before and after the write: $lock_out"; fi
# Two writers: while the first holds its entry uncommitted, the second waits on the feed lock before
# its first entry (so no later seq can commit before an earlier one). Polls pg_locks, bounded.
mkfifo "$cluster/first.in"
pg -d "$db" <"$cluster/first.in" >"$cluster/first.out" 2>&1 &
first=$!
exec 3>"$cluster/first.in"
echo "BEGIN; INSERT INTO sources (name, name_folded, kind, created_at, updated_at) VALUES ('First', 'first', 'outlet', 't', 't');" >&3
lock_state() { pg -d "$db" -c "SELECT string_agg(granted::text, ',' ORDER BY granted DESC) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1129465156"; }
for _ in $(seq 1 100); do [ "$(lock_state)" = "true" ] && break; sleep 0.1; done
pg -d "$db" -c "INSERT INTO sources (name, name_folded, kind, created_at, updated_at) VALUES ('Second', 'second', 'outlet', 't', 't')" >/dev/null 2>&1 &
second=$!
for _ in $(seq 1 100); do [ "$(lock_state)" = "true,false" ] && break; sleep 0.1; done
waiting=$(lock_state)
echo "COMMIT;" >&3
exec 3>&-
wait "$first" "$second"
order=$(pg -d "$db" -c "SELECT string_agg(s.name, ' ' ORDER BY c.seq) FROM changes c JOIN sources s ON s.id = c.entity_id AND c.kind = 'source' WHERE s.name IN ('First', 'Second')")
if [ "$waiting" = "true,false" ] && [ "$order" = "First Second" ]; then
  ok "a second writer waits on the feed lock until the first commits; entries in commit order"
else
  bad "a second writer waits on the feed lock until the first commits; entries in commit order" "locks (granted) while both were open: $waiting; feed order: $order"
fi
notify_out=$(pg -d "$db" -c "LISTEN credibility_changes" \
  -c "INSERT INTO sources (name, name_folded, kind, created_at, updated_at) VALUES ('AFP', 'afp', 'outlet', 't', 't')" \
  -c "SELECT 1" 2>&1)
if grep -q 'notification "credibility_changes"' <<<"$notify_out"; then ok "a feed entry sends NOTIFY credibility_changes at commit"; else bad "a feed entry sends NOTIFY credibility_changes at commit" "$notify_out"; fi
quiet_out=$(pg -d "$db" -c "LISTEN credibility_changes" -c "UPDATE articles SET title = 'Third title' WHERE id = 1" \
  -c "UPDATE claims SET version = version + 1 WHERE id = -1" -c "SELECT 1" 2>&1)
if grep -q "notification" <<<"$quiet_out"; then bad "writes that note nothing send no NOTIFY" "$quiet_out"; else ok "writes that note nothing send no NOTIFY"; fi

# --- latest verdict ------------------------------------------------------------------------------------
check "a verdict sets claims.status" "false" "SELECT status FROM claims WHERE id = 1"
check "an older verdict leaves claims.status; a newer one sets it; a tie on reviewed_at goes to the higher id" \
  $'1|false\n3|mostly-true\n4|mixed' "
  INSERT INTO verdicts (claim_id, rating, reviewer, reviewed_at, created_at) VALUES (1, 'true', 'Desk', '2026-01-01', 't');
  SELECT l.id || '|' || c.status FROM claims c JOIN latest_verdicts l ON l.claim_id = c.id WHERE c.id = 1;
  INSERT INTO verdicts (claim_id, rating, reviewer, reviewed_at, created_at) VALUES (1, 'mostly-true', 'Desk', '2026-01-03', 't');
  SELECT l.id || '|' || c.status FROM claims c JOIN latest_verdicts l ON l.claim_id = c.id WHERE c.id = 1;
  INSERT INTO verdicts (claim_id, rating, reviewer, reviewed_at, created_at) VALUES (1, 'mixed', 'Desk', '2026-01-03', 't');
  SELECT l.id || '|' || c.status FROM claims c JOIN latest_verdicts l ON l.claim_id = c.id WHERE c.id = 1"

# --- full-text search ----------------------------------------------------------------------------------
check "a prefix query over claims_fts finds the claim" "1" "
  INSERT INTO claims_fts (rowid, text) VALUES (1, 'the bridge fell'), (2, 'the bridge stands');
  SELECT string_agg(rowid::text, ',') FROM claims_fts WHERE document @@ to_tsquery('simple', 'fel:*')"
check "articles_fts weighs the title above the body" "2,1" "
  INSERT INTO articles (url, url_key, title, created_at, updated_at) VALUES ('https://a.example/2', 'https://a.example/2', 'Floods', 't', 't');
  INSERT INTO articles_fts (rowid, title, body) VALUES (1, 'other title', 'floods in the north'), (2, 'floods', 'rain');
  SELECT string_agg(rowid::text, ',' ORDER BY ts_rank_cd(document, q) DESC) FROM articles_fts, to_tsquery('simple', 'flood:*') q WHERE document @@ q"
check "deleting a claim removes its claims_fts row" "2" "
  DELETE FROM relations WHERE from_claim_id = 1 OR to_claim_id = 1;
  DELETE FROM verdicts WHERE claim_id = 1;
  DELETE FROM claim_topics WHERE claim_id = 1;
  DELETE FROM claims WHERE id = 1;
  SELECT string_agg(rowid::text, ',') FROM claims_fts"
check "deleting an article removes its articles_fts row" "1" "
  DELETE FROM articles WHERE id = 2;
  SELECT string_agg(rowid::text, ',') FROM articles_fts"

# --- constraints --------------------------------------------------------------------------------------
fails_with "articles.url_key is unique (23505)" 23505 "
  INSERT INTO articles (url, url_key, title, created_at, updated_at) VALUES ('https://a.example/1#x', 'https://a.example/1', 'Again', 't', 't')"
pg -d "$db" -c "INSERT INTO claims (id, text, stance, speaker_id, created_at, updated_at) VALUES (10, 'x', 'asserts', 1, 't', 't'), (11, 'y', 'asserts', 1, 't', 't');
  INSERT INTO relations (from_claim_id, to_claim_id, type, created_at) VALUES (10, 11, 'supports', 't')" >/dev/null
fails_with "a relation is unique by (from, to, type) (23505)" 23505 "
  INSERT INTO relations (from_claim_id, to_claim_id, type, created_at) VALUES (10, 11, 'supports', 't')"
fails_with "a relation cannot join a claim to itself (23514)" 23514 "
  INSERT INTO relations (from_claim_id, to_claim_id, type, created_at) VALUES (10, 10, 'supports', 't')"
fails_with "a relation needs existing claims (23503)" 23503 "
  INSERT INTO relations (from_claim_id, to_claim_id, type, created_at) VALUES (10, 999, 'supports', 't')"
fails_with "api_keys.key_hash is unique (23505)" 23505 "
  INSERT INTO api_keys (name, role, key_hash, prefix, created_at) VALUES ('a', 'admin', 'h', 'p', 't'), ('b', 'reader', 'h', 'q', 't')"
fails_with "idempotency keys are unique by (operation, key_id, key) (23505)" 23505 "
  INSERT INTO idempotency_keys (operation, key_id, idempotency_key, body_hash, created_at, updated_at)
  VALUES ('import', 0, 'k', 'h', 't', 't'), ('import', 0, 'k', 'h2', 't', 't')"
fails_with "a claim's topic position is its key (23505)" 23505 "
  INSERT INTO claim_topics (claim_id, position, topic) VALUES (10, 0, 'a'), (10, 0, 'b')"
fails_with "a source's kind is checked (23514)" 23514 "
  INSERT INTO sources (name, name_folded, kind, created_at, updated_at) VALUES ('x', 'x', 'blog', 't', 't')"
pg -d "$db" -c "INSERT INTO audit_log (at, action, entity, entity_id) VALUES ('t', 'create', 'source', 1)" >/dev/null
fails_with "the audit log refuses updates" 23001 "UPDATE audit_log SET action = 'delete'"
fails_with "the audit log refuses deletes" 23001 "DELETE FROM audit_log"
check "a source delete cascades to its aliases" "0" "
  INSERT INTO sources (id, name, name_folded, kind, created_at, updated_at) VALUES (50, 'gone', 'gone', 'outlet', 't', 't');
  INSERT INTO source_aliases (source_id, position, text, text_folded) VALUES (50, 0, 'g', 'g');
  DELETE FROM sources WHERE id = 50;
  SELECT count(*) FROM source_aliases WHERE source_id = 50"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
