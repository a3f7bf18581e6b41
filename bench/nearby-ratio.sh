#!/usr/bin/env bash
# The hot path against PostGIS itself, in one run (issue: /api/nearby ≥ 50 % of raw PostGIS; tiles within 1.2×):
#   - pgbench runs the very SQL the service sends for /api/nearby (nearby/nearby.sql, prepared, as Npgsql's
#     auto-prepare does) and wrk runs /api/nearby on the same random points (nearby/nearby.lua), both with the
#     same connections, for the same time, one after the other, twice, so load drift shows;
#   - the service's processor time per request, from /proc, says how much of a request is the service's own work;
#   - the densest zoom-14 residential-area tile: pgbench on its ST_AsMVT query against wrk on its URL, one connection.
# Bounded (fixed duration and connections) and loopback only. Needs a running service and its database:
#   BENCH_BASE=http://127.0.0.1:5090 BENCH_PID=<service pid> BENCH_DB=tuoyu_bench bench/nearby-ratio.sh
# BENCH_PREVIOUS=<url of another build on the same database> adds that build to every round, so a change is
# measured against what it replaces under the same load; BENCH_ROUNDS (2; 0 skips nearby), BENCH_TILE_ROUNDS (8) and
# BENCH_TILES=0 (skip the tile part).
set -euo pipefail
cd "$(dirname "$0")"
base=${BENCH_BASE:?the running service, e.g. http://127.0.0.1:5090}
db=${BENCH_DB:-tuoyu_bench}
seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-8}
export PGPASSWORD=${PGPASSWORD:-tuoyu}
pg=(-h 127.0.0.1 -p "${TUOYU_DB_PORT:-55432}" -U tuoyu)

cpu_ms() { [ -n "${BENCH_PID:-}" ] && awk '{ printf "%d", ($14 + $15) * 1000 / 100 }' "/proc/$BENCH_PID/stat" || echo 0; }
pgbench_tps() { pgbench "${pg[@]}" -n -M prepared -c "$1" -j 2 -T "$seconds" -f "$2" "$db" 2>&1 | awk '/^tps/ { print $3 }'; }
wrk_rps() { wrk -t2 -c"$1" -d"${seconds}s" -s "$2" "$base" | awk '/Requests\/sec/ { print $2 } /Non-2xx/ { print "errors: " $0 > "/dev/stderr" }'; }

wrk -t2 -c"$connections" -d5s -s nearby/nearby.lua "$base" >/dev/null # warm-up: JIT, prepared statements, pool
for round in $(seq "${BENCH_ROUNDS:-2}"); do
  sql=$(pgbench_tps "$connections" nearby/nearby.sql)
  if [ -n "${BENCH_PREVIOUS:-}" ]; then
    previous=$(base=$BENCH_PREVIOUS wrk_rps "$connections" nearby/nearby.lua)
    awk -v s="$sql" -v h="$previous" -v r="$round" 'BEGIN { printf "nearby round %d: previous build %.0f req/s: %.1f %% of raw PostGIS\n", r, h, 100 * h / s }'
  fi
  before=$(cpu_ms)
  http=$(wrk_rps "$connections" nearby/nearby.lua)
  used=$(( $(cpu_ms) - before ))
  awk -v s="$sql" -v h="$http" -v c="$connections" -v u="$used" -v t="$seconds" -v r="$round" 'BEGIN {
    printf "nearby round %d, %d connections: pgbench %.0f tps, HTTP %.0f req/s: %.1f %% of raw PostGIS; service %.2f ms processor a request\n",
      r, c, s, h, 100 * h / s, u / (h * t) }'
done
[ "${BENCH_TILES:-1}" = 0 ] && exit 0

# The densest z14 tile of residential areas, and its query as the service sends it (public caller).
read -r z x y <<<"$(psql "${pg[@]}" -d "$db" -tA -F' ' -c "
  select 14, floor((ST_X(location) + 180) / 360 * 16384)::int,
         floor((1 - ln(tan(radians(ST_Y(location))) + 1 / cos(radians(ST_Y(location)))) / pi()) / 2 * 16384)::int
    from residential_areas group by 2, 3 order by count(*) desc limit 1")"
cat > /tmp/tuoyu-tile.sql <<SQL
WITH b AS MATERIALIZED (SELECT ST_TileEnvelope($z, $x, $y) AS mercator, ST_Transform(ST_TileEnvelope($z, $x, $y), 4326) AS wgs84)
SELECT ST_AsMVT(tile, 'residential-areas', 4096, 'geom', 'id') FROM (
  SELECT t.id, t.name, t.population, t.kind, t.subdistrict_code, ST_AsMVTGeom(ST_Transform(coalesce(t.boundary, t.location), 3857), b.mercator, 4096, 64, true) AS geom
    FROM residential_areas t, b
   WHERE (t.boundary && b.wgs84 OR t.location && b.wgs84) AND coalesce(t.boundary, t.location) && b.wgs84
) tile WHERE tile.geom IS NOT NULL;
SQL
printf 'request = function() return wrk.format("GET", "/tiles/residential-areas/%s/%s/%s.mvt") end\n' "$z" "$x" "$y" > /tmp/tuoyu-tile.lua
# Short slices, alternating, so the load of a shared machine falls on both sides alike; the median ratio is the figure.
slice=${BENCH_TILE_SLICE:-3}
tile_ms() { wrk -t1 -c1 -d"${slice}s" -s /tmp/tuoyu-tile.lua "$1" | awk '/Requests\/sec/ { print 1000 / $2 }'; }
for url in "$base" ${BENCH_PREVIOUS:-}; do wrk -t1 -c1 -d2s -s /tmp/tuoyu-tile.lua "$url" >/dev/null; done # warm-up: the statement prepared
for round in $(seq "${BENCH_TILE_ROUNDS:-8}"); do
  raw=$(pgbench "${pg[@]}" -n -M prepared -c 1 -j 1 -T "$slice" -f /tmp/tuoyu-tile.sql "$db" 2>&1 | awk '/^latency average/ { print $4 }')
  http=$(tile_ms "$base")
  previous=$([ -n "${BENCH_PREVIOUS:-}" ] && tile_ms "$BENCH_PREVIOUS" || echo 0)
  awk -v r="$raw" -v h="$http" -v p="$previous" -v n="$round" -v t="$z/$x/$y" 'BEGIN {
    printf "densest z14 tile %s round %d, one connection: ST_AsMVT %.2f ms, HTTP %.2f ms: %.2f×", t, n, r, h, h / r
    if (p > 0) printf "; previous build %.2f ms: %.2f×", p, p / r
    printf "\n" }'
done | tee /tmp/tuoyu-tile-rounds.txt
sort -t: -k3 -n <(sed -E 's/.*HTTP [0-9.]+ ms: ([0-9.]+)×.*/x: x: \1/' /tmp/tuoyu-tile-rounds.txt) | awk -F': ' '{ v[NR] = $3 } END { printf "tile median of %d rounds: %.2f×\n", NR, (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
