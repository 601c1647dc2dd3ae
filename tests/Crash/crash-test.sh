#!/usr/bin/env bash
# Crash safety: start the published service, drive writes from several clients, kill -9 it at a
# random moment, restart, and check that every write that was answered 2xx is there, for
# CYCLES rounds; then PRAGMA integrity_check (amcheck with STORE=postgres: tests/Crash/service.sh).
# Loopback only; bounded by the cycle count.
#
#   tests/Crash/crash-test.sh [published-app-folder]      (CYCLES=20 CLIENTS=4 by default)
#
# Prints one line per cycle and a summary; exits non-zero on any lost write or damage.
set -uo pipefail
cd "$(dirname "$0")/../.."

cycles=${CYCLES:-20}
clients=${CLIENTS:-4}
port=${PORT:-5299}
source tests/Crash/service.sh "${1:-}" crash.db

# One client: POST sources until told to stop; log "id<TAB>name" for every 201.
client() {
  local n=$1 cycle=$2 i=0
  while [ ! -f "$work/stop" ]; do
    i=$((i + 1))
    local name="crash c$cycle w$n #$i"
    local out
    out=$(curl -s -m 5 -o - -w '\n%{http_code}' -X POST "$base/v1/sources" \
      -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$name\",\"kind\":\"outlet\",\"aliases\":[{\"text\":\"مصدر $i\",\"language\":\"ar\"}]}" 2>/dev/null) || true
    if [ "$(tail -n1 <<<"$out")" = "201" ]; then
      local id
      id=$(head -n1 <<<"$out" | sed -E 's/^\{"id":([0-9]+),.*/\1/')
      printf '%s\t%s\n' "$id" "$name" >>"$work/acked-$n"
    fi
  done
}

# Every stored source as "id<TAB>name", read page by page through the API.
stored() {
  local cursor="" page
  while :; do
    page=$(curl -s "$base/v1/sources?limit=500${cursor:+&cursor=$cursor}")
    grep -oE '"id":[0-9]+,"name":"[^"]*"' <<<"$page" | sed -E 's/"id":([0-9]+),"name":"([^"]*)"/\1\t\2/'
    cursor=$(grep -oE '"nextCursor":"[^"]+"' <<<"$page" | sed -E 's/.*:"([^"]+)"/\1/')
    [ -n "$cursor" ] || break
  done
}

lost=0
total=0
start || exit 1
for cycle in $(seq 1 "$cycles"); do
  rm -f "$work/stop"
  for n in $(seq 1 "$clients"); do client "$n" "$cycle" & done
  # a random moment between 0.3 and 1.5 s into the writes
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + (r % 1200) / 1000 }')"
  kill -9 "$server"
  wait "$server" 2>/dev/null
  touch "$work/stop"
  wait
  start || exit 1

  acked=$(cat "$work"/acked-* 2>/dev/null | wc -l)
  cat "$work"/acked-* 2>/dev/null | sort >"$work/expected"
  stored | sort >"$work/actual"
  missing=$(comm -23 "$work/expected" "$work/actual" | wc -l)
  comm -23 "$work/expected" "$work/actual" | sed 's/^/lost: /'
  echo "cycle $cycle: $acked acknowledged writes so far, $missing missing"
  lost=$((lost + missing))
  total=$acked
done

kill -9 "$server"; wait "$server" 2>/dev/null; server=""
integrity=$(integrity_check)
echo "crash test: $cycles kill -9 cycles, $clients writers, $total acknowledged writes, $lost lost, integrity_check: $integrity"
[ "$lost" -eq 0 ] && [ "$integrity" = "ok" ]
