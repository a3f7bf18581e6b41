#!/usr/bin/env bash
# A consistent backup of a TuoyuGeo database (pg_dump custom format: schema, data, PostGIS tables).
#   scripts/backup.sh [file]            the service's database (TUOYU_DB, else .tuoyu/db.env)
#   TUOYU_DB='Host=…;…' scripts/backup.sh backups/tuoyu.dump
# Restore with scripts/restore.sh. pg_dump takes a snapshot, so the service may keep running.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/pg-env.sh"
file=${1:-"$root/backups/tuoyu-$(date -u +%Y%m%dT%H%M%SZ).dump"}
mkdir -p "$(dirname "$file")"
"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file="$file.partial" "$PGDATABASE"
mv "$file.partial" "$file" # a backup file exists only once it is complete
echo "backup: $file ($(du -h "$file" | cut -f1))"
