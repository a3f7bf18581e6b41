#!/usr/bin/env bash
# The project's PostgreSQL + PostGIS database for development and tests.
#
#   scripts/db.sh up      start it (installing PostgreSQL 15 + PostGIS 3 + pgRouting from Debian packages when missing)
#   scripts/db.sh down    stop what `up` started
#   scripts/db.sh status  say what runs and where
#
# Where a Docker engine answers, `up` starts the `db` service of docker-compose.yml. Where none does, it runs
# a local cluster in .tuoyu/pgdata (git-ignored) on 127.0.0.1:$TUOYU_DB_PORT, as the `postgres` user when run
# as root. Either way it writes .tuoyu/db.env with the connection strings of the two databases:
#   TUOYU_DB       the service's database (demo data)
#   TUOYU_TEST_DB  the integration tests' database (reset between tests)
# Running `up` twice is safe.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$root/.tuoyu"
pgdata="$state/pgdata"
[ -L "$pgdata" ] && pgdata=$(readlink -f "$pgdata") # see local_up: a checkout postgres cannot reach
port="${TUOYU_DB_PORT:-55432}"
pg_version=15
user=tuoyu
password=tuoyu
databases=(tuoyu tuoyu_test)
# PostgreSQL's defaults are sized for a small shared machine (128 MB of shared buffers, 4 MB of WAL buffers, 8 MB
# of buffers for a session's temporary tables). A bulk import writes a layer's heap, its indexes, its audit entries
# and a staging table in one transaction; with these, inserting 100,000 小区 with the layer's indexes took
# 1.7–2.0 s instead of 2.8–3.1 s (docs/benchmarks-import.md). docker-compose.yml starts its database with the same settings.
settings=(shared_buffers=1GB wal_buffers=64MB max_wal_size=4GB temp_buffers=64MB)

log() { printf 'db: %s\n' "$*" >&2; }
die() { printf 'db: error: %s\n' "$*" >&2; exit 1; }

docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

write_env() {
  mkdir -p "$state"
  {
    echo "TUOYU_DB='Host=127.0.0.1;Port=$port;Database=tuoyu;Username=$user;Password=$password'"
    echo "TUOYU_TEST_DB='Host=127.0.0.1;Port=$port;Database=tuoyu_test;Username=$user;Password=$password'"
  } > "$state/db.env"
}

pg_bin() {
  local dir="/usr/lib/postgresql/$pg_version/bin"
  [ -x "$dir/initdb" ] && echo "$dir"
}

install_packages() {
  local missing=()
  [ -n "$(pg_bin || true)" ] || missing+=("postgresql-$pg_version")
  [ -f "/usr/share/postgresql/$pg_version/extension/postgis.control" ] || missing+=("postgresql-$pg_version-postgis-3")
  # Walking-network costs are checked against pgRouting's (the migrations enable it where it is installed).
  [ -f "/usr/share/postgresql/$pg_version/extension/pgrouting.control" ] || missing+=("postgresql-$pg_version-pgrouting")
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) or run as root"
  log "installing ${missing[*]} from Debian packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Runs a PostgreSQL binary as the cluster's owner: `postgres` when we are root (the server refuses root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@") # from /, which postgres may enter wherever the checkout is
  else
    "$@"
  fi
}

local_up() {
  install_packages
  local bin; bin=$(pg_bin) || die "PostgreSQL $pg_version binaries not found"
  mkdir -p "$state"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$state"
    if ! runuser -u postgres -- test -w "$state"; then
      # The checkout lies where postgres cannot reach (e.g. under /root): keep the cluster in postgres's home
      # and link it from .tuoyu/pgdata, so that it stays this checkout's and `down` finds it.
      local home; home=$(getent passwd postgres | cut -d: -f6)
      pgdata="$home/tuoyugeo-$(printf '%s' "$root" | sha1sum | cut -c1-12)"
      mkdir -p "$pgdata" && chown postgres: "$pgdata" && chmod 700 "$pgdata"
      ln -sfn "$pgdata" "$state/pgdata"
      log "the postgres user cannot reach this checkout; the cluster lives in $pgdata (linked from .tuoyu/pgdata)"
    fi
  fi

  if [ ! -f "$pgdata/PG_VERSION" ]; then
    log "creating a cluster in .tuoyu/pgdata"
    local pwfile; pwfile=$(mktemp)
    echo "$password" > "$pwfile"; chmod 644 "$pwfile"
    as_owner "$bin/initdb" -D "$pgdata" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi

  if ! as_owner "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$port"
    as_owner "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=on ${settings[*]/#/-c }" start >/dev/null ||
      die "PostgreSQL did not start; see .tuoyu/pgdata/server.log"
  fi

  for db in "${databases[@]}"; do
    if ! PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
        "select 1 from pg_database where datname = '$db'" | grep -q 1; then
      PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qc "create database $db" >/dev/null
    fi
  done
}

docker_up() {
  log "starting the db service with docker compose"
  TUOYU_DB_PORT=$port docker compose -f "$root/docker-compose.yml" up -d --wait db
}

wait_ready() {
  for _ in $(seq 1 60); do
    PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U "$user" -d tuoyu -tAc 'select 1' >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "the database on 127.0.0.1:$port did not answer"
}

case "${1:-up}" in
  up)
    if docker_answers; then docker_up; else local_up; fi
    wait_ready
    write_env
    log "ready on 127.0.0.1:$port (connection strings in .tuoyu/db.env)"
    ;;
  down)
    if [ -f "$pgdata/PG_VERSION" ] && bin=$(pg_bin); then
      as_owner "$bin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 && log "stopped the local cluster" || true
    fi
    if docker_answers; then docker compose -f "$root/docker-compose.yml" stop db >/dev/null 2>&1 || true; fi
    ;;
  status)
    if PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U "$user" -d tuoyu -tAc 'select version()' 2>/dev/null; then
      log "answering on 127.0.0.1:$port"
    else
      log "not running"; exit 1
    fi
    ;;
  *) die "usage: scripts/db.sh up|down|status" ;;
esac
