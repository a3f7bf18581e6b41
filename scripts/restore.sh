#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a database, replacing what is there, in one transaction:
# it either completes or leaves the database as it was.
#   scripts/restore.sh <file>           into the service's database (TUOYU_DB, else .tuoyu/db.env)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:?usage: scripts/restore.sh <backup file>}
[ -s "$file" ] || { echo "restore: $file is missing or empty" >&2; exit 1; }
. "$root/scripts/pg-env.sh"
"$PG_BIN/pg_restore" --list "$file" >/dev/null # refuse a damaged file before touching the database
psql -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
"$PG_BIN/pg_restore" --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$PGDATABASE" "$file"
echo "restore: $file restored"
