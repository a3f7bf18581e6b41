#!/usr/bin/env bash
# Load and soak run of the public API (issue: throughput held, no errors, memory flat): a mix of the
# public's requests — nearby, a layer page by bbox, vector tiles, the targets summary — with the planners'
# work: the coverage analysis of a district (2SFCA over its residential areas) and what-if runs that add an
# institution, signed in with a bearer token, and once per interval a dry run and a commit of a small CSV
# import into a scratch district of its own (so the public's district is never written). wrk on loopback for
# a bounded time, reported per interval with the imports' outcome and the server's resident memory.
# Usage: bench/api-soak.sh [intervals] [seconds per interval]   (defaults: 10 × 30 s)
# BENCH_ONLY=nearby|bbox|tiles|targets|coverage|whatif sends that one kind of request and no import, to see what each
# kind costs in memory (run dotnet-counters beside it); BENCH_IMPORTS=0 leaves the imports out of the mix.
# The token: BENCH_TOKEN, else signed in as BENCH_ADMIN (default bench) with BENCH_ADMIN_PASSWORD, an admin
# the script creates with `create-admin` when it starts the service itself.
intervals=${1:-10}
seconds=${2:-30}
connections=${BENCH_CONNECTIONS:-8}
. "$(dirname "$0")/lib.sh"

# Scratch files of this run only, so that two soaks (two settings side by side, each on its own service) do not mix.
work=$(mktemp -d /tmp/tuoyu-soak.XXXXXX)
if [ -n "${BENCH_BASE:-}" ]; then trap 'rm -rf "$work"' EXIT; else trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT; fi

token=${BENCH_TOKEN:-$(staff_token)}
export TUOYU_SOAK_TOKEN=$token
auth=(-H "Authorization: Bearer $token")

# The scratch district: a 2 km square in the sea east of 福州, outside every district the mix reads.
scratch=350199
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/districts/$scratch")" != 200 ]; then
  curl -fs -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' "$base/api/districts" -d '{"type":"Feature",
    "geometry":{"type":"Polygon","coordinates":[[[120.10,25.90],[120.12,25.90],[120.12,25.92],[120.10,25.92],[120.10,25.90]]]},
    "properties":{"code":"'$scratch'","name":"压测临时区","level":"district","parent_code":"350100","boundary_is_synthetic":true,"population":50000}}'
fi

import_csv() { # $1: interval; 20 institutions whose approved slots change every interval, so each commit writes
  echo "name,credit_code,lon,lat,nature,operator_type,service_types,approved_slots,enrolled_slots,filing_status,status"
  awk -v interval="$1" 'BEGIN {
    # 统一社会信用代码 with its GB 32100-2015 check character: weights 3^i mod 31 over a 31-character alphabet.
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for (k = 1; k <= 20; k++) {
      code = sprintf("52350199MJ%07d", k); sum = 0; w = 1
      for (i = 1; i <= 17; i++) { sum += (index(alphabet, substr(code, i, 1)) - 1) * w; w = w * 3 % 31 }
      check = (31 - sum % 31) % 31
      printf "压测机构%d,%s%s,%.5f,%.5f,non_profit,independent,full_day,%d,10,filed,operating\n",
        k, code, substr(alphabet, check + 1, 1), 120.101 + (k % 5) * 0.004, 25.901 + int(k / 5) * 0.004, 40 + interval % 7 + k
    }
  }'
}

import_round() { # dry run then commit; prints "import dry <ms> commit <ms> <changes> changes" or the failure
  import_csv "$1" > $work/import.csv
  local out=""
  for mode in dry_run commit; do
    local reply
    reply=$(curl -s -o $work/import.json -w '%{http_code} %{time_total}' "${auth[@]}" \
      -F "file=@$work/import.csv;type=text/csv;filename=soak.csv" "$base/api/import/institutions?crs=EPSG:4326&mode=$mode")
    [ "${reply%% *}" = 200 ] || { echo "import $mode FAILED: HTTP ${reply%% *} $(head -c 300 $work/import.json)"; return; }
    [ "$(jq .errors $work/import.json)" = 0 ] || { echo "import $mode FAILED: $(jq -c '[.row_reports[].problems[].message] | unique' $work/import.json)"; return; }
    out+="$mode $(awk -v t="${reply#* }" 'BEGIN { printf "%.0f", t * 1000 }') ms, "
  done
  echo "import ${out}$(jq -r .changes $work/import.json) changes"
}

cat > $work/soak.lua <<'LUA'
math.randomseed(7)
local n = 0
local only = ({ nearby = 0, bbox = 11, tiles = 15, targets = 17, coverage = 18, whatif = 19 })[os.getenv("TUOYU_SOAK_ONLY") or ""]
local auth = { ["Authorization"] = "Bearer " .. os.getenv("TUOYU_SOAK_TOKEN"), ["Content-Type"] = "application/json" }
request = function()
  n = n + 1
  local c = (math.random() < 0.5) and {119.296, 26.075} or {118.676, 24.874}
  local lon = c[1] + (math.random() - 0.5) * 0.3
  local lat = c[2] + (math.random() - 0.5) * 0.3
  local kind = only or n % 20
  if kind < 11 then
    return wrk.format("GET", string.format("/api/nearby?lon=%.5f&lat=%.5f&layer=institutions&limit=10&max_distance_m=2000", lon, lat))
  elseif kind < 15 then
    return wrk.format("GET", string.format("/api/institutions?bbox=%.4f,%.4f,%.4f,%.4f&page_size=200", lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01))
  elseif kind < 17 then
    local x = math.floor((lon + 180) / 360 * 16384)
    local r = math.rad(lat)
    local y = math.floor((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * 16384)
    return wrk.format("GET", string.format("/tiles/residential-areas/14/%d/%d.mvt", x, y))
  elseif kind == 17 then
    return wrk.format("GET", "/api/analysis/targets?district=350102")
  elseif kind == 18 then
    return wrk.format("GET", "/api/analysis/coverage?district=350102", auth)
  else
    -- what-if: one new institution somewhere in 鼓楼
    local body = string.format('{"district":"350102","add":[{"name":"拟建","lon":%.5f,"lat":%.5f,"approved_slots":80}]}',
      119.28 + math.random() * 0.04, 26.06 + math.random() * 0.04)
    return wrk.format("POST", "/api/analysis/coverage", auth, body)
  end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("%d requests, %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA

export TUOYU_SOAK_ONLY=${BENCH_ONLY:-}
imports=${BENCH_IMPORTS:-1}
[ -z "${BENCH_ONLY:-}" ] || imports=0
rss_range() { # $1: the pid of the load; the server's resident memory every 2 s until it ends, as "min–max"
  local low=999999 high=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(rss_mb); [ "$now" -lt "$low" ] && low=$now; [ "$now" -gt "$high" ] && high=$now
    sleep 2
  done
  echo "$low–$high"
}

mix="55 % nearby, 20 % bbox pages, 10 % tiles, 5 % targets, 5 % coverage, 5 % what-if (planner token)"
[ -z "${BENCH_ONLY:-}" ] || mix="$BENCH_ONLY only"
[ "$imports" = 1 ] && mix+=", a CSV import (dry run + commit) beside it, one at a time"
echo "== soak: $intervals × ${seconds}s, wrk -t2 -c$connections: $mix; server RSS before: $(rss_mb) MB; load $(cut -d' ' -f1-3 /proc/loadavg)"
# One request of each kind before the first interval: the first of each compiles its queries and the analysis,
# which on a loaded machine can take longer than wrk's timeout; the intervals measure the service warmed up.
warm_up=$(curl -s -o /dev/null -w '%{time_total} ' "$base/api/nearby?lon=119.296&lat=26.075&layer=institutions&limit=10&max_distance_m=2000"
  curl -s -o /dev/null -w '%{time_total} ' "$base/api/institutions?bbox=119.28,26.06,119.30,26.08&page_size=200"
  curl -s -o /dev/null -w '%{time_total} ' "$base/tiles/residential-areas/14/13621/6962.mvt"
  curl -s -o /dev/null -w '%{time_total} ' "$base/api/analysis/targets?district=350102"
  curl -s -o /dev/null -w '%{time_total} ' "${auth[@]}" "$base/api/analysis/coverage?district=350102"
  curl -s -o /dev/null -w '%{time_total}' "${auth[@]}" -H 'Content-Type: application/json' "$base/api/analysis/coverage" \
    -d '{"district":"350102","add":[{"name":"拟建","lon":119.30,"lat":26.08,"approved_slots":80}]}')
echo "warm-up, one request of each kind: $warm_up s"

# An import round starts with an interval when the one before has ended, and is reported with the interval it ends
# in: a slow import (20 rows may take tens of seconds on a loaded machine) never stretches an interval, so the
# mix runs for intervals × seconds whatever the imports take.
importer=""
reported=0
: > "$work/imports.log"
for i in $(seq 1 "$intervals"); do
  if [ "$imports" = 1 ] && { [ -z "$importer" ] || ! kill -0 "$importer" 2>/dev/null; }; then
    { line=$(import_round "$i"); echo "import of interval $i: $line" >> "$work/imports.log"; } &
    importer=$!
  fi
  # wrk counts a reply slower than its timeout as an error; the planners' analysis may take seconds on a loaded machine.
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout "${BENCH_TIMEOUT:-10s}" -s $work/soak.lua "$base" | tail -1 > $work/wrk.out &
  load=$!
  range=$(rss_range "$load")
  ended=$(tail -n +$((reported + 1)) "$work/imports.log"); reported=$(wc -l < "$work/imports.log")
  [ "$imports" = 1 ] || ended="no import"
  echo "interval $i: $(cat $work/wrk.out); ${ended:-import still running}; RSS $(rss_mb) MB (every 2 s: $range MB); load $(cut -d' ' -f1 /proc/loadavg)"
done
if [ -n "$importer" ]; then wait "$importer"; tail -n +$((reported + 1)) "$work/imports.log"; fi
echo "imports: $(grep -c ' changes$' "$work/imports.log" || true) rounds committed, $(grep -c FAILED "$work/imports.log" || true) failed"
