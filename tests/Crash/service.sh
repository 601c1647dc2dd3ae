# Sourced by the crash tests: the published service they kill, on loopback.
#
#   source tests/Crash/service.sh <published-app-folder or ""> <database file name>
#
# Sets $work (a temporary folder, removed on exit), $app (published there when not given), $db,
# $key (an admin key) and $base (http://127.0.0.1:$PORT); start [NAME=value ...] starts the
# service over $db, sets $server and returns once /readyz answers.
#
# With STORE=postgres and CREDIBILITY_TEST_POSTGRES (a connection string to a server database,
# as tests/Postgres/cluster.sh prints), $db is a fresh PostgreSQL database instead of a file,
# dropped on exit; integrity_check then runs amcheck on every B-tree index (PostgreSQL's own
# crash recovery is what is tested, with the service's promise that nothing acknowledged is lost).
app=${1:-}
work=$(mktemp -d)
if [ -z "$app" ]; then
  app="$work/app"
  bash .ci/publish "$app" >/dev/null || exit 1
fi
store=${STORE:-sqlite}
key="crash-admin-key-$RANDOM$RANDOM"
base="http://127.0.0.1:$port"
server=""
if [ "$store" = postgres ]; then
  server_cs=${CREDIBILITY_TEST_POSTGRES:?STORE=postgres needs CREDIBILITY_TEST_POSTGRES}
  source tests/Postgres/pg.sh
  db="crash_$RANDOM$RANDOM"
  pg "$server_cs" "CREATE DATABASE $db" || exit 1
  connection="$(pg_database "$server_cs" "$db")"
  settings=(Storage__Provider=postgres ConnectionStrings__Credibility="$connection")
  cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null; pg "$server_cs" "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$work"; }
  # Every B-tree index checked against its table (amcheck); "ok" when none is damaged.
  integrity_check() {
    pg "$connection" "CREATE EXTENSION IF NOT EXISTS amcheck" &&
      pg "$connection" "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace" >/dev/null &&
      echo ok
  }
else
  db="$work/${2:?database file name}"
  settings=(ConnectionStrings__Credibility="Data Source=$db")
  cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$work"; }
  integrity_check() { sqlite3 "$db" "PRAGMA integrity_check;"; }
fi
trap cleanup EXIT

start() {
  env CREDIBILITY_ADMIN_KEY="$key" "${settings[@]}" Logging__LogLevel__Default=Warning "$@" \
    dotnet "$app/CredibilityApi.dll" --urls "$base" >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "service did not become ready"; tail -20 "$work/server.log"; return 1
}
