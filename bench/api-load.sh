#!/usr/bin/env bash
# Data-layer performance (issue: 50,000 institutions and 200,000 residential areas):
#   /api/nearby under load (wrk, bounded: fixed duration and connections, loopback only),
#   the densest zoom-14 tile, and a bbox query returning ~5,000 features.
# Usage: bench/api-load.sh   (starts the local database; builds; loads the region once into tuoyu_bench)
duration=${BENCH_DURATION:-30s}
connections=${BENCH_CONNECTIONS:-8}
. "$(dirname "$0")/lib.sh"

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
wrk -t2 -c"$connections" -d5s -s /tmp/tuoyu-nearby.lua "$base" >/dev/null
echo "== /api/nearby: wrk -t2 -c$connections -d$duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s /tmp/tuoyu-nearby.lua "$base" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"

# The densest z14 tile: the one holding most residential areas.
read -r z x y <<<"$(bench_psql -F' ' -c "
  select 14, floor((ST_X(location) + 180) / 360 * 16384)::int as x,
         floor((1 - ln(tan(radians(ST_Y(location))) + 1 / cos(radians(ST_Y(location)))) / pi()) / 2 * 16384)::int as y
    from residential_areas group by 2, 3 order by count(*) desc limit 1")"
for layer in residential-areas institutions; do
  features=$(curl -fs "$base/tiles/$layer/$z/$x/$y.mvt" | wc -c)
  echo "== densest z14 tile /tiles/$layer/$z/$x/$y.mvt ($features bytes): $(time_url "$base/tiles/$layer/$z/$x/$y.mvt")"
done

# A square bbox around the densest tile, grown until it holds at least 5,000 residential areas.
read -r lon lat <<<"$(bench_psql -F' ' -c "
  select ST_X(c), ST_Y(c) from (select ST_Centroid(ST_Transform(ST_TileEnvelope($z, $x, $y), 4326)) c) t")"
for half in $(seq 0.01 0.005 0.5); do
  bbox=$(awk -v x="$lon" -v y="$lat" -v h="$half" 'BEGIN { printf "%.5f,%.5f,%.5f,%.5f", x - h, y - h, x + h, y + h }')
  total=$(bench_psql -c "select count(*) from residential_areas where location && ST_MakeEnvelope(${bbox}, 4326)")
  [ "$total" -ge 5000 ] && break
done
echo "== bbox query $bbox ($total features): $(time_url "$base/api/residential-areas?bbox=$bbox&page_size=10000")"
