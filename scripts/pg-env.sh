# Sourced by backup.sh and restore.sh: libpq variables from TUOYU_DB (an Npgsql connection string) or from
# .tuoyu/db.env, and PG_BIN, the PostgreSQL client programs matching the server's major version.
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
if [ -z "${TUOYU_DB:-}" ] && [ -f "$root/.tuoyu/db.env" ]; then
  set -a; . "$root/.tuoyu/db.env"; set +a
fi
[ -n "${TUOYU_DB:-}" ] || { echo "set TUOYU_DB or run scripts/db.sh up first" >&2; exit 1; }
IFS=';' read -ra parts <<<"$TUOYU_DB"
for part in "${parts[@]}"; do
  key=$(echo "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' '); value=${part#*=}
  case "$key" in
    host|server) export PGHOST=$value ;;
    port) export PGPORT=$value ;;
    database) export PGDATABASE=$value ;;
    username|userid|user) export PGUSER=$value ;;
    password) export PGPASSWORD=$value ;;
  esac
done
PG_BIN=/usr/lib/postgresql/15/bin
[ -x "$PG_BIN/pg_dump" ] || PG_BIN=$(dirname "$(command -v pg_dump)")
export PG_BIN
