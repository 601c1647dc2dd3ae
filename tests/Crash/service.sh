# Sourced by the crash tests: the published service they kill, on loopback.
#
#   source tests/Crash/service.sh <published-app-folder or ""> <database file name>
#
# Sets $work (a temporary folder, removed on exit), $app (published there when not given), $db,
# $key (an admin key) and $base (http://127.0.0.1:$PORT); start [NAME=value ...] starts the
# service over $db, sets $server and returns once /readyz answers.
app=${1:-}
work=$(mktemp -d)
if [ -z "$app" ]; then
  app="$work/app"
  bash .ci/publish "$app" >/dev/null || exit 1
fi
db="$work/${2:?database file name}"
key="crash-admin-key-$RANDOM$RANDOM"
base="http://127.0.0.1:$port"
server=""
cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start() {
  env CREDIBILITY_ADMIN_KEY="$key" ConnectionStrings__Credibility="Data Source=$db" Logging__LogLevel__Default=Warning "$@" \
    dotnet "$app/CredibilityApi.dll" --urls "$base" >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "service did not become ready"; tail -20 "$work/server.log"; return 1
}
