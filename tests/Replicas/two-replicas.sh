#!/usr/bin/env bash
# Two replicas over one PostgreSQL database (issue 18): two published service processes on two
# loopback ports, no proxy between them, one database. Writes alternate between them (sources;
# claims on shared subjects with stances, categorical values, quantities and relays; relations;
# verdicts; several writers in parallel) and every answer about chains, contradictions, subjects
# and scores must agree between the replicas within 1 s of the write, and a write must be
# readable through the replica that took it at once. Then one replica is killed with kill -9
# while writers run against it, restarted, and every write either replica acknowledged (2xx) must
# be readable through both, and the answers must agree again.
#
#   tests/Replicas/two-replicas.sh PUBLISH_DIR     (the output of .ci/publish)
#
# Uses $CREDIBILITY_TEST_POSTGRES (a connection string to a server it may create a database on)
# when set, else starts its own throwaway cluster (tests/Postgres/cluster.sh). The checks are
# driven by tests/Replicas/replicas.py; it prints one line per check group and ends with
# "N passed, N failed". Exits non-zero when any check failed. Bounded: a few minutes at most.
set -uo pipefail
cd "$(dirname "$0")/../.."
app=$(cd "${1:?usage: two-replicas.sh PUBLISH_DIR}" && pwd)
[ -f "$app/CredibilityApi.dll" ] || { echo "no CredibilityApi.dll in $app"; exit 2; }

work=$(mktemp -d)
chmod 755 "$work"
cluster=""
cleanup() {
  # the service processes the driver started (it records their pids), then the cluster
  if [ -f "$work/pids" ]; then
    while read -r pid; do kill -9 "$pid" 2>/dev/null; done <"$work/pids"
  fi
  [ -n "$cluster" ] && bash tests/Postgres/cluster.sh stop "$cluster" >/dev/null 2>&1
  if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS" && cp "$work"/replica-*.log "$KEEP_LOGS"/ 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${CREDIBILITY_TEST_POSTGRES:-}" ]; then
  server="$CREDIBILITY_TEST_POSTGRES"
else
  cluster="$work/cluster"
  server=$(bash tests/Postgres/cluster.sh start "$cluster") || { echo "could not start a PostgreSQL cluster"; exit 1; }
fi

# A database of its own on that server: the connection string with Database= replaced.
field() { tr ';' '\n' <<<"$server" | sed -n "s/^$1=//Ip" | head -n 1; }
dbname="replicas_$(date +%s)_$RANDOM"
export PGHOST=$(field Host) PGPORT=$(field Port) PGUSER=$(field Username) PGDATABASE=$(field Database)
pass=$(field Password); [ -n "$pass" ] && export PGPASSWORD="$pass"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $dbname" || { echo "could not create database $dbname"; exit 1; }
connection=$(sed -E "s/(^|;)Database=[^;]*/\1Database=$dbname/I" <<<"$server")
grep -qi "Database=$dbname" <<<"$connection" || connection="$connection;Database=$dbname"
if [ -n "${CREDIBILITY_TEST_POSTGRES:-}" ]; then
  # a shared server: drop the database again (after the replicas are gone)
  trap 'cleanup_db' EXIT
  cleanup_db() {
    if [ -f "$work/pids" ]; then while read -r pid; do kill -9 "$pid" 2>/dev/null; done <"$work/pids"; fi
    sleep 0.2
    psql -X -q -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$work"
  }
fi

REPLICAS_APP="$app" REPLICAS_CONNECTION="$connection" REPLICAS_WORK="$work" \
  REPLICAS_KEY="replicas-admin-key-$RANDOM$RANDOM$RANDOM" \
  timeout -k 5 170 python3 -B -u tests/Replicas/replicas.py
status=$?
[ "$status" = 124 ] && echo "the driver ran out of time (170 s)"
exit "$status"
