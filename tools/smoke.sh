#!/usr/bin/env bash
# Smoke-runs each development program of tools/CredibilityApi.Tools on a tiny input: generate a
# 200-claim corpus and a 30-speaker corpus, import-bench 500 claims, extract-bench on a 500-word page, and the
# population and speaker benchmarks against the published service (population on a made-up 8-row file in the
# dataset's layout, tools/smoke/population; speakers on a 60-speaker generated set).
# Checks exit codes and the one line each prints last; loopback only.
#
#   tools/smoke.sh <published-app-folder>     last line: "tools: N passed, M failed"
set -uo pipefail
cd "$(dirname "$0")/.."
app=${1:-artifacts/publish}
tool=tools/CredibilityApi.Tools/bin/Release/net10.0/CredibilityApi.Tools.dll
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0

check() {
  local name=$1 pattern=$2 out=$3 status=$4
  if [ "$status" -eq 0 ] && grep -qE "$pattern" <<<"$out"; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name (exit $status)"; echo "$out" | tail -n 5
  fi
}

out=$(dotnet "$tool" generate --claims 200 --seed 1 --database "$work/generated.db" 2>&1); status=$?
check "generate" '^done: [0-9]+ sources, [0-9]+ articles, 200 claims' "$out" "$status"

out=$(dotnet "$tool" import-bench --claims 500 --warmup 0 --directory "$work" 2>&1); status=$?
check "import-bench" '^import / raw rate: [0-9]+ %' "$out" "$status"

out=$(dotnet "$tool" extract-bench --sources 1000 --words 500 --runs 5 2>&1); status=$?
check "extract-bench" '^extraction over 5 runs: median [0-9.]+ ms' "$out" "$status"

source benchmarks/serve.sh
key=smoke-admin-key-0123456789
base=http://127.0.0.1:5398
serve "$app" "$work/population.db" "$base" "$work/service.log" CREDIBILITY_ADMIN_KEY=$key
out=$(dotnet "$tool" population --data tools/smoke/population --url "$base" --key "$key" 2>&1); status=$?
check "population" '^estimate accuracy: [0-9.]+ \([0-9]+/3\)' "$out" "$status"

out=$(dotnet "$tool" generate --speakers 30 --parties 3 --seed 1 --database "$work/speakers.db" 2>&1); status=$?
check "generate --speakers" '^done: 33 sources, [0-9]+ statements, [0-9]+ verdicts' "$out" "$status"

out=$(dotnet "$tool" speakers --url "$base" --key "$key" --speakers 60 --parties 3 --seed 1 2>&1); status=$?
check "speakers" '^with affiliation prior and topics +AUC [0-9.]+' "$out" "$status"

echo "tools: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
