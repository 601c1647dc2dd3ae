# Sourced by the scripts that reach PostgreSQL with the service's connection strings (Npgsql's
# "Host=…;Port=…;Username=…;Database=…", as tests/Postgres/cluster.sh prints them).
#
#   pg <connection-string> <sql>              runs one statement with psql, prints unaligned rows
#   pg_database <connection-string> <name>    the same connection string naming another database

pg() {
  psql "$(sed -E 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/' <<<"$1")" \
    -qAt -v ON_ERROR_STOP=1 -c "$2"
}

pg_database() {
  sed -E 's/Database=[^;]*/Database='"$2"'/' <<<"$1"
}
