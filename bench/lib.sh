# Shared by the load scripts: the benchmark database (tuoyu_bench, loaded once with the synthetic province),
# the service started on loopback in Release, and a timer for single requests. Source it; it sets `port`,
# `base` and `server`, and stops the server on exit. With BENCH_BASE and BENCH_PID (a service already running on
# its own database, BENCH_DB) it uses that one and starts nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
port=${BENCH_PORT:-5090}
base=${BENCH_BASE:-"http://127.0.0.1:$port"}
admin=${BENCH_ADMIN:-bench}
admin_password=${BENCH_ADMIN_PASSWORD:-Bench-soak-2026}

if [ -n "${BENCH_BASE:-}" ]; then
  server=${BENCH_PID:?the pid of the service at BENCH_BASE}
  bench_psql() { PGPASSWORD=tuoyu psql -h 127.0.0.1 -p "${TUOYU_DB_PORT:-55432}" -U tuoyu -d "${BENCH_DB:-tuoyu_bench}" -tA "$@"; }
else
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is missing: apt-get install wrk"; exit 1; }
scripts/db.sh up >/dev/null
set -a; . .tuoyu/db.env; set +a
bench_db=${TUOYU_DB/Database=tuoyu;/Database=tuoyu_bench;}
bench_psql() { PGPASSWORD=tuoyu psql -h 127.0.0.1 -p "${TUOYU_DB_PORT:-55432}" -U tuoyu -d tuoyu_bench -tA "$@"; }
PGPASSWORD=tuoyu psql -h 127.0.0.1 -p "${TUOYU_DB_PORT:-55432}" -U tuoyu -d postgres -tAc "select 1 from pg_database where datname='tuoyu_bench'" | grep -q 1 ||
  PGPASSWORD=tuoyu psql -h 127.0.0.1 -p "${TUOYU_DB_PORT:-55432}" -U tuoyu -d postgres -qc "create database tuoyu_bench"

dotnet build src/Geo.Api -c Release --nologo -v quiet >/dev/null
dotnet build bench/Geo.Bench -c Release --nologo -v quiet >/dev/null
api="src/Geo.Api/bin/Release/net10.0/Geo.Api.dll"
export ConnectionStrings__Tuoyu="$bench_db"
dotnet "$api" seed-demo >/dev/null
TUOYU_ADMIN_PASSWORD=$admin_password dotnet "$api" create-admin "$admin" >/dev/null 2>&1 || true # exists already from a run before
if [ "$(bench_psql -c "select count(*) from institutions")" -lt 50000 ]; then
  dotnet bench/Geo.Bench/bin/Release/net10.0/Geo.Bench.dll generate-layers "$bench_db" 50000 200000
fi
bench_psql -c "select 'loaded: ' || (select count(*) from institutions) || ' institutions, ' || (select count(*) from residential_areas) || ' residential areas'"

# The public's rate limit would cap a load run from one address: lift it for the run only.
RateLimits__AnonymousPerMinute=100000000 Logging__LogLevel__Default=Warning dotnet "$api" --urls "$base" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null && break; sleep 0.5; done
fi

time_url() { # the median and the worst of 20 timed requests after 3 warm-ups, in ms
  for _ in 1 2 3; do curl -fs -o /dev/null "$1"; done
  for _ in $(seq 1 20); do curl -fs -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n |
    awk '{ t[NR] = $1 * 1000 } END { printf "median %.1f ms, worst %.1f ms\n", t[int((NR + 1) / 2)], t[NR] }'
}

staff_token() { # a bearer token of the bench's admin, for the planners' and importers' share of a mix
  curl -fs -H 'Content-Type: application/json' "$base/api/auth/token" -d "{\"user_name\":\"$admin\",\"password\":\"$admin_password\"}" | jq -r .access_token
}

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status"; }
