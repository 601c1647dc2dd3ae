#!/usr/bin/env bash
# End-to-end: start the published service with the demo on a temporary database, give some of
# its sources rated claims (seed.ts), and drive the dashboard with Debian's chromium through
# Playwright (never a downloaded browser). Screenshots land in artifacts/screenshots/.
#
#   tests/E2E/run.sh <published-app-folder>
#
# The last line is always "e2e: N passed, M failed"; the exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

app=${1:?usage: tests/E2E/run.sh <published-app-folder>}
app=$(cd "$app" && pwd) || { echo "e2e: 0 passed, 1 failed"; exit 1; }
port=${PORT:-5298}
base="http://127.0.0.1:$port"
key="e2e-admin-key-$RANDOM$RANDOM$RANDOM"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

give_up() {
  echo "e2e: $1" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
}

if [ ! -x /usr/bin/chromium ]; then
  { apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; } >/dev/null \
    || give_up "installing chromium (apt-get install -y chromium) failed"
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd tests/E2E && npm ci --no-audit --no-fund >/dev/null) || give_up "npm ci in tests/E2E failed"

# Started from the repository, not the app folder: the service finds its wwwroot beside the assembly.
CREDIBILITY_ADMIN_KEY=$key ConnectionStrings__Credibility="Data Source=$work/e2e.db" Logging__LogLevel__Default=Warning \
  dotnet "$app/CredibilityApi.dll" --demo --urls "$base" >"$work/server.log" 2>&1 &
server=$!
ready=""
for _ in $(seq 1 150); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && ready=1 && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { tail -20 "$work/server.log" >&2; give_up "the service did not become ready"; }

shots="$root/artifacts/screenshots"
rm -rf "$shots" "$root/artifacts/e2e"
mkdir -p "$shots"
(cd tests/E2E && BASE_URL=$base ADMIN_KEY=$key SCREENSHOT_DIR=$shots E2E_ARTIFACTS="$root/artifacts" CHROMIUM=/usr/bin/chromium \
  npx playwright test)
status=$?

report="$root/artifacts/e2e/report.json"
[ -f "$report" ] || give_up "Playwright wrote no report (exit $status)"
read -r passed failed < <(node -e '
  const s = require(process.argv[1]).stats;
  console.log(s.expected + s.flaky, s.unexpected + (require(process.argv[1]).errors || []).length);
' "$report") || give_up "could not read $report"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "screenshots: $(ls "$shots" | tr '\n' ' ')"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
