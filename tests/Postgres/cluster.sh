#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb under a temporary directory, run by an
# unprivileged user on a free port, trust authentication on 127.0.0.1 only.
#   cluster.sh start DIR   prints the connection string of its "postgres" database on stdout
#   cluster.sh stop DIR    stops it and removes DIR
# Installs Debian's postgresql when initdb is missing (CI on a fresh machine).
set -euo pipefail
command_name=${1:?start or stop}
dir=${2:?a directory for the cluster}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bin() {
  if command -v "$1" >/dev/null; then command -v "$1"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/$1" ] && echo "$found/$1"
}

case "$command_name" in
  start)
    if [ -z "$(find_bin initdb || true)" ]; then
      echo "installing postgresql" >&2
      (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) >&2
    fi
    initdb=$(find_bin initdb); pg_ctl=$(find_bin pg_ctl)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_owner "$initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 -c shared_buffers=128MB" start >/dev/null
    echo "$port" > "$dir/port"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    pg_ctl=$(find_bin pg_ctl)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
