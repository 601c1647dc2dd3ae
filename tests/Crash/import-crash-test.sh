#!/usr/bin/env bash
# Crash safety of the bulk import: start the published service, send a large NDJSON import,
# kill -9 the service at a random moment while it runs, restart, and check what was committed:
# whole batches only (each with its one audit entry), every claim with its relay row and its
# full-text row, and PRAGMA integrity_check. An import whose answer arrived before the kill must be
# there in full. Loopback only; bounded by the cycle count.
#
#   tests/Crash/import-crash-test.sh [published-app-folder]      (CYCLES=5 by default)
#
# Prints one line per cycle and a summary; exits non-zero on a partial batch, a lost
# acknowledged import, or damage.
set -uo pipefail
cd "$(dirname "$0")/../.."

cycles=${CYCLES:-5}
sources=1000
claims=${CLAIMS:-60000}
batch=5000 # NdjsonImporter.BatchSize
port=${PORT:-5298}
source tests/Crash/service.sh "${1:-}" import-crash.db

# One import body per cycle: sources, then claims naming them by ref (speaker and one relay),
# Arabic and English text, so a batch mixes all the rows a claim writes.
body() {
  local cycle=$1
  awk -v cycle="$cycle" -v sources="$sources" -v claims="$claims" 'BEGIN {
    for (s = 1; s <= sources; s++)
      printf "{\"entity\":\"source\",\"ref\":\"s%d\",\"data\":{\"name\":\"crash %d outlet %d\",\"kind\":\"outlet\"}}\n", s, cycle, s
    for (c = 1; c <= claims; c++) {
      text = (c % 2) ? "نفت الوكالة انسحاب القوات رقم " c : "The agency denied the withdrawal, number " c
      printf "{\"entity\":\"claim\",\"ref\":\"c%d\",\"data\":{\"text\":\"%s (%d)\",\"speakerId\":\"s%d\",\"via\":[\"s%d\"],\"subject\":\"crash-%d-%d\"}}\n",
        c, text, cycle, 1 + (c % sources), 1 + ((c * 7 + 3) % sources), cycle, c % 500
    }
  }' >"$work/body.ndjson"
}

count() { sqlite3 "file:$db?mode=ro" "$1"; }

bad=0
start RateLimit__PermitsPerMinute=0 || exit 1
for cycle in $(seq 1 "$cycles"); do
  body "$cycle"
  before=$(count "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM claims)")
  curl -s -m 120 -o "$work/answer" -w '%{http_code}' -X POST "$base/v1/imports/ndjson" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/x-ndjson' \
    --data-binary "@$work/body.ndjson" >"$work/status" 2>/dev/null &
  client=$!
  # a random moment between 0.5 and 2.5 s into the import (the whole import takes several seconds)
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.5 + (r % 2000) / 1000 }')"
  kill -9 "$server"
  wait "$server" 2>/dev/null
  wait "$client"
  acknowledged=$([ "$(cat "$work/status")" = "200" ] && echo yes || echo no)
  start RateLimit__PermitsPerMinute=0 || exit 1

  rows=$(( $(count "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM claims)") - before ))
  audited=$(count "SELECT count(*) FROM audit_log WHERE entity = 'import'")
  unsearchable=$(count "SELECT count(*) FROM claims WHERE id NOT IN (SELECT rowid FROM claims_fts)")
  unrelayed=$(count "SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM claim_via v WHERE v.claim_id = c.id)")
  problem=""
  if [ $((rows % batch)) -ne 0 ] && [ "$rows" -ne $((sources + claims)) ]; then problem="$problem a partial batch ($rows rows);"; fi
  if [ "$acknowledged" = yes ] && [ "$rows" -ne $((sources + claims)) ]; then problem="$problem an acknowledged import lost rows;"; fi
  if [ "$unsearchable" -ne 0 ]; then problem="$problem $unsearchable claims without their full-text row;"; fi
  if [ "$unrelayed" -ne 0 ]; then problem="$problem $unrelayed claims without their relay;"; fi
  echo "cycle $cycle: $rows of $((sources + claims)) lines committed, answered: $acknowledged, import audit entries so far: $audited${problem:+, FAILED:$problem}"
  [ -z "$problem" ] || bad=$((bad + 1))
done

kill -9 "$server"; wait "$server" 2>/dev/null; server=""
integrity=$(sqlite3 "$db" "PRAGMA integrity_check;")
batches=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE entity = 'import'")
committed=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM claims)")
[ $((batches * batch)) -ge "$committed" ] || { echo "fewer audit entries ($batches) than committed batches"; bad=$((bad + 1)); }
echo "import crash test: $cycles kill -9 cycles, $committed lines committed in $batches batches, $bad bad cycles, integrity_check: $integrity"
[ "$bad" -eq 0 ] && [ "$integrity" = "ok" ]
