#!/usr/bin/env bash
# Credibility speed, on loopback only, bounded in count.
#
#   benchmarks/credibility.sh <database> [writes]
#
# Works on a copy of <database> (e.g. the 1M-claim corpus from `CredibilityApi.Tools generate`), so the
# corpus is left as it was. Publishes the service (Release), starts it over the copy, then in one run:
#   1. the full computation of every source's score and of every claim's belief, as the service
#      logs them (the first read after start-up computes both from scratch);
#   2. <writes> plain claim writes (POST /v1/claims), one at a time, each timed by curl;
#   3. <writes> verdict writes each followed by the read of the speaker's score
#      (POST /v1/claims/{id}/verdicts, then GET /v1/sources/{speaker}/credibility), the pair timed;
# and prints the latency percentiles of both and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

database=${1:?database file}
writes=${2:-300}
port=${PORT:-5198}
base="http://127.0.0.1:$port"
key="bench-admin-key-$(date +%s%N)"

out=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT
server=0
cp "$database" "$out/corpus.db"
bash .ci/publish "$out/app" >/dev/null

source benchmarks/serve.sh
serve "$out/app" "$out/corpus.db" "$base" "$out/server.log" \
  "Logging__LogLevel__CredibilityApi.Credibility=Information" CREDIBILITY_ADMIN_KEY="$key"

max_claim=$(sqlite3 "file:$out/corpus.db?mode=ro" "SELECT max(id) FROM claims")
max_source=$(sqlite3 "file:$out/corpus.db?mode=ro" "SELECT max(id) FROM sources WHERE kind <> 'anonymous'")
subject=$(sqlite3 "file:$out/corpus.db?mode=ro" "SELECT subject FROM claims WHERE subject IS NOT NULL LIMIT 1")

# 1. The first reads compute scores from scratch, and start-up starts a belief pass; the service logs how long each took.
curl -fs -o /dev/null "$base/v1/credibility/rankings?limit=10"
curl -fs -o /dev/null "$base/v1/subjects/$subject"
sleep 1

post() { # path, body -> "seconds id"
  curl -fs -o "$out/body.json" -w '%{time_total}' -X POST -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' --data "$2" "$base$1"
}

# 2. Plain claim writes.
: >"$out/claims"
for i in $(seq 1 "$writes"); do
  speaker=$(( ((RANDOM * 32768 + RANDOM) % max_source) + 1 ))
  post /v1/claims "{\"text\":\"Benchmark claim $i\",\"speakerId\":$speaker,\"stance\":\"asserts\"}" >>"$out/claims"
  echo >>"$out/claims"
done

# 3. Verdict writes, each with the read of the speaker's score it changed. Claims and their speakers
# are picked from the file beforehand, so nothing but the timed requests reaches the service.
ratings=(true mostly-true mixed mostly-false false)
sqlite3 -separator ' ' "file:$out/corpus.db?mode=ro" \
  "SELECT id, speaker_id FROM claims WHERE id IN (SELECT abs(random()) % $max_claim + 1 FROM generate_series(1, $writes * 2)) LIMIT $writes" \
  >"$out/picks" 2>/dev/null || sqlite3 -separator ' ' "file:$out/corpus.db?mode=ro" \
  "SELECT id, speaker_id FROM claims ORDER BY random() LIMIT $writes" >"$out/picks"
: >"$out/verdicts"
: >"$out/verdict-writes"
: >"$out/score-reads"
i=0
while read -r claim speaker; do
  i=$((i + 1))
  t1=$(post "/v1/claims/$claim/verdicts" "{\"rating\":\"${ratings[$((i % 5))]}\",\"reviewer\":\"Bench desk\"}")
  t2=$(curl -fs -o /dev/null -w '%{time_total}' "$base/v1/sources/$speaker/credibility")
  echo "$t1" >>"$out/verdict-writes"
  echo "$t2" >>"$out/score-reads"
  awk -v a="$t1" -v b="$t2" 'BEGIN { print a + b }' >>"$out/verdicts"
done <"$out/picks"

percentiles() { # file -> "p50 p90 p99" in ms
  sort -n "$1" | awk '{ v[NR] = $1 * 1000 } END {
    printf "%.2f %.2f %.2f", v[int(NR * 0.5) + 1], v[int(NR * 0.9) + 1], v[int(NR * 0.99) + 1] }'
}
read -r c50 c90 c99 <<<"$(percentiles "$out/claims")"
read -r v50 v90 v99 <<<"$(percentiles "$out/verdicts")"
read -r w50 w90 w99 <<<"$(percentiles "$out/verdict-writes")"
read -r r50 r90 r99 <<<"$(percentiles "$out/score-reads")"

echo "claims: $max_claim; $writes writes of each kind, one at a time, loopback"
grep -Eo '(Scores computed from scratch|Beliefs computed): [^"]*ms' "$out/server.log" | grep -v '{' | head -n 2 || true
printf '%-34s %8s %8s %8s\n' "write" p50 p90 p99
printf '%-34s %8s %8s %8s\n' "claim (POST /v1/claims)" "$c50" "$c90" "$c99"
printf '%-34s %8s %8s %8s\n' "  verdict (POST …/verdicts)" "$w50" "$w90" "$w99"
printf '%-34s %8s %8s %8s\n' "  then the speaker's score (GET)" "$r50" "$r90" "$r99"
printf '%-34s %8s %8s %8s\n' "verdict + its speaker's score" "$v50" "$v90" "$v99"
awk -v a="$v50" -v b="$c50" 'BEGIN { printf "ratio of medians: %.2f\n", a / b }'
echo "server peak memory (VmHWM): $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status") MB"
