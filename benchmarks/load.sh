#!/usr/bin/env bash
# Load benchmark of the read side, on loopback only, bounded in time.
#
#   benchmarks/load.sh <database> [seconds-per-endpoint] [connections]
#
# <database>: an SQLite file, or a PostgreSQL connection string ("Host=…;Port=…;Username=…;Database=…").
#
# Publishes the service (Release), starts it over <database> (e.g. a corpus made with
# `CredibilityApi.Tools generate --claims 1000000 --seed 42 --database bench-1m.db`), and measures with
# wrk, in one run: /healthz, the chain (depth 4) and provenance of random claims, and the
# contradictions list; then prints each endpoint's throughput, latency percentiles and ratio to
# /healthz, and the server's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."

database=${1:?database file}
seconds=${2:-20}
connections=${3:-64}
port=${PORT:-5199}
base="http://127.0.0.1:$port"

command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
out=$(mktemp -d)
bash .ci/publish "$out/app" >/dev/null

server=0
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT
source benchmarks/serve.sh
serve "$out/app" "$database" "$base" "$out/server.log"
if [[ $database == *Host=* ]]; then
  source tests/Postgres/pg.sh
  max_id=$(pg "$database" "SELECT max(id) FROM claims")
else
  max_id=$(sqlite3 "file:$database?mode=ro" "SELECT max(id) FROM claims")
fi

run() { # name, path template
  local name=$1 template=$2
  PATH_TEMPLATE=$template MAX_ID=$max_id wrk -t2 -c"$connections" -d"${seconds}s" --latency \
    -s benchmarks/random-path.lua "$base" >"$out/$name.txt"
  local rps p50 p90 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$out/$name.txt")
  p90=$(awk '$1=="90%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$out/$name.txt")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$out/$name.txt" | tr '\n' ' ')
  local rss
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status")
  echo "$name $rps $p50 $p90 $p99 ${rss}MB ${errors:-none}" >>"$out/results"
}

echo "server memory when ready: $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status") MB" >"$out/ready"
# warm up the JIT and the page cache
PATH_TEMPLATE="/v1/claims/{id}/chain?depth=4" MAX_ID=$max_id wrk -t2 -c16 -d5s -s benchmarks/random-path.lua "$base" >/dev/null

run healthz "/healthz"
run chain "/v1/claims/{id}/chain?depth=4"
run provenance "/v1/claims/{id}/provenance"
run contradictions "/v1/contradictions?limit=50"

peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
healthz=$(awk '$1=="healthz" {print $2}' "$out/results")
echo "claims: $max_id, ${seconds}s per endpoint, $connections connections, 2 wrk threads, loopback"
printf '%-15s %12s %10s %10s %10s %10s %10s  %s\n' endpoint "req/s" p50 p90 p99 "vs healthz" "RSS after" errors
while read -r name rps p50 p90 p99 after errors; do
  ratio=$(awk -v a="$rps" -v b="$healthz" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  printf '%-15s %12s %10s %10s %10s %10s %10s  %s\n' "$name" "$rps" "$p50" "$p90" "$p99" "$ratio" "$after" "$errors"
done <"$out/results"
cat "$out/ready"
echo "server peak memory (VmHWM): $((peak / 1024)) MB"
