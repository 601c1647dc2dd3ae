#!/usr/bin/env bash
# Beliefs on one crowded subject, on loopback.
#
#   benchmarks/beliefs.sh [app-dir] [values]
#
# Publishes the service (Release) unless a published app folder is given, starts it over an empty
# database and imports <values> (default 15,000) claims of distinct values of one unit on one
# subject in one NDJSON request (KIND=categorical: distinct categorical values, "Person N Family M",
# 50 to each family, so every value has similar rivals). Then, one request at a time unless said:
#   1. the first subject read after the import (it starts a belief pass), and when beliefs show;
#   2. after a rest, a claim written on another subject, then at once a read of one claim (it starts
#      the next pass) and, 0.1 s later while that pass runs, an unrelated read: the new claim's chain;
#   3. a restart over the same database and the first subject read after it.
# Every read is timed by curl; the service logs each pass ("Beliefs computed: … beliefs … ms").
set -euo pipefail
cd "$(dirname "$0")/.."

values=${2:-15000}
port=${PORT:-5197}
base="http://127.0.0.1:$port"
key="bench-admin-key-$(date +%s%N)"
subject="crowded"

out=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT
server=0
if [ -n "${1:-}" ]; then app=$1; else app="$out/app"; bash .ci/publish "$app" >/dev/null; fi

source benchmarks/serve.sh
settings=("Logging__LogLevel__CredibilityApi.Credibility=Information" CREDIBILITY_ADMIN_KEY="$key")
serve "$app" "$out/db" "$base" "$out/server.log" "${settings[@]}"

auth=(-H "Authorization: Bearer $key")
speaker=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"Bench speaker","kind":"outlet"}' "$base/v1/sources" \
  | sed -E 's/^\{"id":([0-9]+).*/\1/')
if [ "${KIND:-quantity}" = categorical ]; then
  # Distinct categorical values, 50 to a family word: each alike its family's others (similarity about ⅔).
  seq 1 "$values" | awk -v s="$speaker" -v subj="$subject" \
    '{ printf "{\"entity\":\"claim\",\"data\":{\"text\":\"Value %d\",\"speakerId\":%d,\"subject\":\"%s\",\"value\":\"Person %d Family %d\"}}\n", $1, s, subj, $1, $1 % 2000 }' \
    >"$out/lines.ndjson"
else
  seq 1 "$values" | awk -v s="$speaker" -v subj="$subject" \
    '{ printf "{\"entity\":\"claim\",\"data\":{\"text\":\"Value %d\",\"speakerId\":%d,\"subject\":\"%s\",\"quantity\":{\"value\":%d,\"unit\":\"people\"}}}\n", $1, s, subj, $1 }' \
    >"$out/lines.ndjson"
fi
import=$(curl -fs -o /dev/null -w '%{time_total}' "${auth[@]}" -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$out/lines.ndjson" "$base/v1/imports/ndjson")
imported=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)

read_time() { curl -fs -o /dev/null -w '%{time_total}' "$base$1"; }
computed_at() { curl -fs "$base/v1/subjects/$subject" | grep -Eo '"computedAt":("[^"]*"|null)' | sed -E 's/"computedAt"://; s/"//g'; }
wait_fresh() { # since -> seconds until the subject's computedAt is at or after it
  local since=$1 start=$(date +%s.%N) at
  while :; do
    at=$(computed_at)
    if [ "$at" != null ] && [[ "$at" > "$since" || "$at" == "$since" ]]; then break; fi
    sleep 0.05
  done
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'
}

echo "import of $values claims: ${import} s"
first=$(read_time "/v1/subjects/$subject")
echo "1. first subject read after the import: ${first} s; beliefs shown after $(wait_fresh "$imported") s more"

sleep "${REST:-20}" # past the rest a slow pass earns (four times its length) before the next starts
other=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"text\":\"Elsewhere\",\"speakerId\":$speaker,\"subject\":\"elsewhere\"}" "$base/v1/claims" | sed -E 's/^\{"id":([0-9]+).*/\1/')
written=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
read_time "/v1/claims/1" >"$out/trigger-read" &
reader=$!
sleep 0.1
unrelated=$(read_time "/v1/claims/$other/chain")
wait "$reader"
echo "2. after a write: GET /v1/claims/1 (starts the pass) $(cat "$out/trigger-read") s; unrelated GET /v1/claims/$other/chain 0.1 s later, during the pass: ${unrelated} s; beliefs shown after $(wait_fresh "$written") s"

kill "$server"; wait "$server" 2>/dev/null || true
serve "$app" "$out/db" "$base" "$out/server2.log" "${settings[@]}"
restart=$(read_time "/v1/subjects/$subject")
echo "3. first subject read after a restart: ${restart} s (computedAt $(computed_at))"
echo "passes logged:"
grep -Eho 'Beliefs computed: [^"]*ms\)?' "$out/server.log" "$out/server2.log" | grep -v '{' || true
