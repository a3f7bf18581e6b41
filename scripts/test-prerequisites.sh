#!/usr/bin/env bash
# What the test suite needs besides the database: Debian's chromium for the browser tests, gdal-bin for the GIS client tests.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test: installing chromium (Debian package) for the browser tests" >&2
    [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock || true)" ] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
  else
    echo "test: chromium is missing: sudo apt-get install chromium fonts-noto-cjk" >&2
    exit 1
  fi
fi
# Without a CJK font the browser tests still pass, but their screenshots show boxes instead of Chinese.
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test: installing fonts-noto-cjk (Debian package) for readable screenshots" >&2
    [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock || true)" ] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null
  else
    echo "test: no Chinese font; screenshots will not be readable: sudo apt-get install fonts-noto-cjk" >&2
  fi
fi
# GDAL (ogrinfo, ogr2ogr) is the client the GIS toolchain tests open TuoyuGeo's services and files with.
if ! command -v ogr2ogr >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test: installing gdal-bin (Debian package) for the GIS toolchain tests" >&2
    [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock || true)" ] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gdal-bin >/dev/null
  else
    echo "test: gdal-bin is missing: sudo apt-get install gdal-bin" >&2
    exit 1
  fi
fi
