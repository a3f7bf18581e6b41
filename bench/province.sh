#!/usr/bin/env bash
# The synthetic province at full size (issue: 1,000,000 residential areas and 100,000 institutions in one
# database): its load time, the layer figures of bench/api-load.sh and bench/nearby-ratio.sh on it, the planners'
# analyses end to end — `setup-district` of every district of 福州 (each timed), the coverage of 福州 as one city (points, then outlines) and
# of each of its districts, the targets roll-up of 福建省 and of 福州市, the first page of each layer's list — and
# the service's peak resident memory. Bounded and loopback only. Needs a running service
# on its own database, migrated and seeded with seed-demo:
#   BENCH_BASE=http://127.0.0.1:5092 BENCH_PID=<pid> BENCH_DB=tuoyu_bench_soak bench/province.sh [part]…
# parts: load setup layers ratio analysis (default: all); load generates the rows only when the database has fewer.
set -euo pipefail
institutions=${BENCH_INSTITUTIONS:-100000}
areas=${BENCH_AREAS:-1000000}
parts=${*:-load setup layers ratio analysis}
fuzhou="350102 350103 350104 350105 350111 350112 350121 350122 350123 350124 350125 350128 350181"
. "$(dirname "$0")/lib.sh"
load() { cut -d' ' -f1-3 /proc/loadavg; }

if [[ " $parts " == *" load "* ]] && [ "$(bench_psql -c "select count(*) from residential_areas")" -lt "$areas" ]; then
  echo "== load: $institutions institutions, $areas residential areas (load average $(load))"
  dotnet build bench/Geo.Bench -c Release --nologo -v quiet >/dev/null
  start=$(date +%s.%N)
  dotnet bench/Geo.Bench/bin/Release/net10.0/Geo.Bench.dll generate-layers \
    "Host=127.0.0.1;Port=${TUOYU_DB_PORT:-55432};Database=${BENCH_DB:?};Username=tuoyu;Password=tuoyu;Command Timeout=0" "$institutions" "$areas"
  echo "loaded and analysed in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s (load average $(load))"
fi

if [[ " $parts " == *" setup "* ]]; then
  echo "== setup-district of 福州's districts, one process each (load average $(load))"
  dotnet build src/Geo.Api -c Release --nologo -v quiet >/dev/null
  for code in $fuzhou; do
    start=$(date +%s.%N)
    ConnectionStrings__Tuoyu="Host=127.0.0.1;Port=${TUOYU_DB_PORT:-55432};Database=${BENCH_DB:?};Username=tuoyu;Password=tuoyu" \
      dotnet src/Geo.Api/bin/Release/net10.0/Geo.Api.dll setup-district "$code" | grep '^set up' | tr '\n' ' ' || printf 'setup-district %s FAILED ' "$code"
    echo "in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s (load average $(load))"
  done
fi

[[ " $parts " == *" layers "* ]] && { echo "== layers (load average $(load))"; bench/api-load.sh; }
[[ " $parts " == *" ratio "* ]] && { echo "== against PostGIS (load average $(load))"; bench/nearby-ratio.sh; }

if [[ " $parts " == *" analysis "* ]]; then
  echo "== analyses end to end, 5 requests each after one warm-up (load average $(load))"
  for url in "/api/analysis/coverage?district=350100&geometry=point" "/api/analysis/coverage?district=350100" $(printf '/api/analysis/coverage?district=%s ' $fuzhou) \
             "/api/analysis/targets?district=350102" "/api/targets/rollup?unit=350000" "/api/targets/rollup?unit=350100" \
             "/api/institutions?page_size=100" "/api/residential-areas?page_size=100" "/api/residential-areas?page_size=100&district=350100"; do
    curl -s -o /dev/null "$base$url"
    printf '%s (%s, %s bytes): ' "$url" "$(curl -s -o /dev/null -w '%{http_code}' "$base$url")" "$(curl -s "$base$url" | wc -c)"
    for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' "$base$url"; done | sort -n |
      awk '{ t[NR] = $1 * 1000 } END { printf "median %.0f ms, best %.0f ms, worst %.0f ms\n", t[3], t[1], t[5] }'
  done
  echo "rows counted by district: $(bench_psql -c "select count(*) from residential_areas where district_code is not null") residential areas," \
    "$(bench_psql -c "select count(*) from institutions where district_code is not null") institutions"
fi
echo "service peak RSS $(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status") MB (load average $(load))"
