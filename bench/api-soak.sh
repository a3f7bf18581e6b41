#!/usr/bin/env bash
# Load and soak run of the public API (issue: throughput held, no errors, memory flat): a mix of the
# public's requests — nearby, a layer page by bbox, vector tiles, the targets summary — and the planners'
# coverage analysis of a district (2SFCA over its residential areas, 5 % of requests) from wrk on
# loopback for a bounded time, reported per interval with the server's resident memory.
# Usage: bench/api-soak.sh [intervals] [seconds per interval]   (defaults: 10 × 30 s)
intervals=${1:-10}
seconds=${2:-30}
connections=${BENCH_CONNECTIONS:-8}
. "$(dirname "$0")/lib.sh"

cat > /tmp/tuoyu-soak.lua <<'LUA'
math.randomseed(7)
local n = 0
request = function()
  n = n + 1
  local c = (math.random() < 0.5) and {119.296, 26.075} or {118.676, 24.874}
  local lon = c[1] + (math.random() - 0.5) * 0.3
  local lat = c[2] + (math.random() - 0.5) * 0.3
  local kind = n % 10
  if kind < 6 then
    return wrk.format("GET", string.format("/api/nearby?lon=%.5f&lat=%.5f&layer=institutions&limit=10&max_distance_m=2000", lon, lat))
  elseif kind < 8 then
    return wrk.format("GET", string.format("/api/institutions?bbox=%.4f,%.4f,%.4f,%.4f&page_size=200", lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01))
  elseif kind < 9 then
    local x = math.floor((lon + 180) / 360 * 16384)
    local r = math.rad(lat)
    local y = math.floor((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * 16384)
    return wrk.format("GET", string.format("/tiles/residential-areas/14/%d/%d.mvt", x, y))
  elseif n % 20 == 9 then
    return wrk.format("GET", "/api/analysis/targets?district=350102")
  else
    return wrk.format("GET", "/api/analysis/coverage?district=350102")
  end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("%d requests, %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA

echo "== soak: $intervals × ${seconds}s, wrk -t2 -c$connections, mixed public requests; server RSS before: $(rss_mb) MB"
for i in $(seq 1 "$intervals"); do
  # wrk counts a reply slower than its timeout as an error; the planners' analysis may take seconds on a loaded machine.
  result=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s /tmp/tuoyu-soak.lua "$base" | tail -1)
  echo "interval $i: $result; RSS $(rss_mb) MB"
done
