#!/usr/bin/env bash
# Data-layer performance (issue: 50,000 institutions and 200,000 residential areas):
#   /api/nearby under load (wrk, bounded: fixed duration and connections, loopback only),
#   the densest zoom-14 tile, and a bbox query returning ~5,000 features.
# Usage: bench/api-load.sh   (starts the local database; builds; loads the region once into tuoyu_bench)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${BENCH_PORT:-5090}
duration=${BENCH_DURATION:-30s}
connections=${BENCH_CONNECTIONS:-8}

command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is missing: apt-get install wrk"; exit 1; }
scripts/db.sh up >/dev/null
set -a; . .tuoyu/db.env; set +a
bench_db=${TUOYU_DB/Database=tuoyu;/Database=tuoyu_bench;}
PGPASSWORD=tuoyu psql -h 127.0.0.1 -p 55432 -U tuoyu -d postgres -tAc "select 1 from pg_database where datname='tuoyu_bench'" | grep -q 1 ||
  PGPASSWORD=tuoyu psql -h 127.0.0.1 -p 55432 -U tuoyu -d postgres -qc "create database tuoyu_bench"

dotnet build src/Geo.Api -c Release --nologo -v quiet >/dev/null
dotnet build bench/Geo.Bench -c Release --nologo -v quiet >/dev/null
api="src/Geo.Api/bin/Release/net10.0/Geo.Api.dll"
export ConnectionStrings__Tuoyu="$bench_db"
dotnet "$api" seed-demo >/dev/null
count=$(PGPASSWORD=tuoyu psql -h 127.0.0.1 -p 55432 -U tuoyu -d tuoyu_bench -tAc "select count(*) from institutions")
if [ "$count" -lt 50000 ]; then
  dotnet bench/Geo.Bench/bin/Release/net10.0/Geo.Bench.dll generate-layers "$bench_db" 50000 200000
fi
PGPASSWORD=tuoyu psql -h 127.0.0.1 -p 55432 -U tuoyu -d tuoyu_bench -tAc \
  "select 'loaded: ' || (select count(*) from institutions) || ' institutions, ' || (select count(*) from residential_areas) || ' residential areas'"

Logging__LogLevel__Default=Warning dotnet "$api" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done

# Warm up, then the load run: random points over the region, nearest 10 within 2 km.
cat > /tmp/tuoyu-nearby.lua <<'LUA'
math.randomseed(42)
request = function()
  -- around the two largest cities (Fuzhou, Quanzhou), where "near me" finds the most
  local c = (math.random() < 0.5) and {119.296, 26.075} or {118.676, 24.874}
  local lon = c[1] + (math.random() - 0.5) * 0.3
  local lat = c[2] + (math.random() - 0.5) * 0.3
  return wrk.format("GET", string.format("/api/nearby?lon=%.5f&lat=%.5f&layer=institutions&limit=10&max_distance_m=2000", lon, lat))
end
LUA
wrk -t2 -c"$connections" -d5s -s /tmp/tuoyu-nearby.lua "http://127.0.0.1:$port" >/dev/null
echo "== /api/nearby: wrk -t2 -c$connections -d$duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s /tmp/tuoyu-nearby.lua "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"

# The densest z14 tile: the one holding most residential areas.
read -r z x y <<<"$(PGPASSWORD=tuoyu psql -h 127.0.0.1 -p 55432 -U tuoyu -d tuoyu_bench -tAF' ' -c "
  select 14, floor((ST_X(location) + 180) / 360 * 16384)::int as x,
         floor((1 - ln(tan(radians(ST_Y(location))) + 1 / cos(radians(ST_Y(location)))) / pi()) / 2 * 16384)::int as y
    from residential_areas group by 2, 3 order by count(*) desc limit 1")"
time_url() { # prints the median and the worst of 20 timed requests after 3 warm-ups, in ms
  for _ in 1 2 3; do curl -fs -o /dev/null "$1"; done
  for _ in $(seq 1 20); do curl -fs -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n |
    awk '{ t[NR] = $1 * 1000 } END { printf "median %.1f ms, worst %.1f ms\n", t[int((NR + 1) / 2)], t[NR] }'
}
for layer in residential-areas institutions; do
  features=$(curl -fs "http://127.0.0.1:$port/tiles/$layer/$z/$x/$y.mvt" | wc -c)
  echo "== densest z14 tile /tiles/$layer/$z/$x/$y.mvt ($features bytes): $(time_url "http://127.0.0.1:$port/tiles/$layer/$z/$x/$y.mvt")"
done

# A square bbox around the densest tile, grown until it holds at least 5,000 residential areas.
read -r lon lat <<<"$(PGPASSWORD=tuoyu psql -h 127.0.0.1 -p 55432 -U tuoyu -d tuoyu_bench -tAF' ' -c "
  select ST_X(c), ST_Y(c) from (select ST_Centroid(ST_Transform(ST_TileEnvelope($z, $x, $y), 4326)) c) t")"
for half in $(seq 0.01 0.005 0.5); do
  bbox=$(awk -v x="$lon" -v y="$lat" -v h="$half" 'BEGIN { printf "%.5f,%.5f,%.5f,%.5f", x - h, y - h, x + h, y + h }')
  total=$(PGPASSWORD=tuoyu psql -h 127.0.0.1 -p 55432 -U tuoyu -d tuoyu_bench -tAc     "select count(*) from residential_areas where location && ST_MakeEnvelope(${bbox}, 4326)")
  [ "$total" -ge 5000 ] && break
done
echo "== bbox query $bbox ($total features): $(time_url "http://127.0.0.1:$port/api/residential-areas?bbox=$bbox&page_size=10000")"
