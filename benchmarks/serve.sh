# Sourced by the benchmark scripts: starts the published service the way they all measure it.
#
#   serve <app-dir> <database> <base-url> <log> [NAME=value ...]
#
# <database> is an SQLite file, or a PostgreSQL connection string (it holds "Host="), which
# serves the same corpus from PostgreSQL (Storage__Provider=postgres).
#
# The GC settings are the build's own (runtimeconfig: workstation GC, a 4 MB gen0 budget cap), and
# the heap is compacted once after the read model's load and once after its warm-up
# (Memory__CompactAtStartup, off by default), as the memory figures are measured. The rate limiter
# is off: these measure speed, not abuse limits. Extra settings go after the log.
# Sets $server to the process id and returns once /readyz answers (or prints the log and exits).
serve() {
  local app=$1 database=$2 base=$3 log=$4 store
  shift 4
  if [[ $database == *Host=* ]]; then
    store=(Storage__Provider=postgres ConnectionStrings__Credibility="$database")
  else
    store=(ConnectionStrings__Credibility="Data Source=$database")
  fi
  env ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning RateLimit__PermitsPerMinute=0 Memory__CompactAtStartup=true \
    "${store[@]}" "$@" \
    dotnet "$app/CredibilityApi.dll" --urls "$base" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$log"
  exit 1
}
