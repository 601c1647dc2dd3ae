#!/usr/bin/env bash
# Generated clients: from the committed openapi/credibility-api.json, generate a C# client (Kiota)
# and a TypeScript client (openapi-typescript + openapi-fetch) and compile both, so a contract
# change that breaks a client fails here; then start the published service on loopback with a
# fresh database and run each client's scenario against it: over SQLite, and again over
# PostgreSQL when CREDIBILITY_TEST_POSTGRES names a server. Generated code is never committed.
#
#   tests/Clients/run.sh <published-app-folder>
#
# Prints each scenario's checks and, last, "clients: N passed, M failed" (the scenarios' checks,
# plus one failure for each client that did not generate, compile or run); exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 KIOTA_OFFLINE_ENABLED=true

app=${1:?usage: tests/Clients/run.sh <published-app-folder>}
port=${PORT:-5298}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "${pg_db:-}" ] && pg "$CREDIBILITY_TEST_POSTGRES" "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)"
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
ready=()   # the clients that generated and compiled
step() { echo "== clients: $1" >&2; }

step "C#: generate with Kiota, build"
# NoServerEntry: the document's server is "/" on purpose (the host that serves it); the scenario sets the base URL.
kiota() {
  dotnet tool restore >/dev/null || return 1
  dotnet kiota generate -l CSharp -d openapi/credibility-api.json -o tests/Clients/CSharp/Generated \
    -c CredibilityClient -n CredibilityApi.Client --clean-output --exclude-backward-compatible \
    --disable-validation-rules NoServerEntry --log-level Warning >"$work/kiota.log" 2>&1
  local status=$?
  grep -v -e '^Hint:' -e '^Example:' -e '^$' "$work/kiota.log" >&2
  return $status
}
if kiota && dotnet build tests/Clients/CSharp/CredibilityApi.ClientScenario.csproj -c Release --nologo -v minimal; then
  ready+=(csharp)
else
  echo "C# client: generation or compilation failed" >&2
  failed=$((failed + 1))
fi

step "TypeScript: generate with openapi-typescript, type-check and compile with tsc"
if (cd tests/Clients/TypeScript && npm ci --no-audit --no-fund --loglevel=error && npm run --silent generate && npm run --silent build); then
  ready+=(typescript)
else
  echo "TypeScript client: generation or type check failed" >&2
  failed=$((failed + 1))
fi

# The stores the scenarios run against: SQLite, and PostgreSQL too when CREDIBILITY_TEST_POSTGRES
# names a server (a connection string, as tests/Postgres/cluster.sh prints): a fresh database each.
stores=(sqlite)
[ -n "${CREDIBILITY_TEST_POSTGRES:-}" ] && stores+=(postgres)
pg_db=""
source tests/Postgres/pg.sh

start() {
  local store=$1 settings
  step "start the published service on $base over $store"
  CREDIBILITY_ADMIN_KEY="clients-admin-$RANDOM$RANDOM"
  export CREDIBILITY_ADMIN_KEY CREDIBILITY_URL=$base
  if [ "$store" = postgres ]; then
    pg_db="clients_$RANDOM$RANDOM"
    pg "$CREDIBILITY_TEST_POSTGRES" "CREATE DATABASE $pg_db" || return 1
    settings=(Storage__Provider=postgres
      ConnectionStrings__Credibility="$(pg_database "$CREDIBILITY_TEST_POSTGRES" "$pg_db")")
  else
    settings=(ConnectionStrings__Credibility="Data Source=$work/clients.db")
  fi
  env "${settings[@]}" Logging__LogLevel__Default=Warning \
    dotnet "$app/CredibilityApi.dll" --urls "$base" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "service did not become ready" >&2
  tail -20 "$work/server.log" >&2
  return 1
}

# Adds one scenario's "name: P passed, F failed" line to the tally; a scenario that died
# without it, or exited non-zero with no failed check, counts as one failure.
tally() {
  local status=$1 out=$2 line p f
  line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
  if [ -z "$line" ]; then
    failed=$((failed + 1))
    return
  fi
  p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
  f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
  [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  passed=$((passed + p))
  failed=$((failed + f))
}

scenario() {
  case $1 in
    csharp) dotnet tests/Clients/CSharp/bin/Release/net10.0/CredibilityApi.ClientScenario.dll ;;
    typescript) node tests/Clients/TypeScript/dist/scenario.js ;;
  esac
}
stop() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  server=""
  [ -n "$pg_db" ] && pg "$CREDIBILITY_TEST_POSTGRES" "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)"
  pg_db=""
}
for store in "${stores[@]}"; do
  [ "${#ready[@]}" -gt 0 ] || break
  if ! start "$store"; then
    failed=$((failed + ${#ready[@]}))
    stop
    continue
  fi
  for client in "${ready[@]}"; do
    step "$client scenario ($store)"
    scenario "$client" >"$work/$client.out" 2>&1
    status=$?
    cat "$work/$client.out"
    tally "$status" "$work/$client.out"
  done
  stop
done

echo "clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
