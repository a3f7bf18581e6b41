#!/usr/bin/env bash
# What the test suite needs besides the database: Debian's chromium for the browser tests, gdal-bin for the GIS client
# tests, poppler-utils for the report test (pdfinfo, pdftotext, pdftoppm read back the PDF chromium prints).
set -euo pipefail

# need COMMAND PACKAGES WHY: installs the Debian packages when COMMAND is missing (as root), else says how and fails.
need() {
  local command=$1 packages=$2 why=$3
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "test: installing $packages (Debian) for $why" >&2
    [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock || true)" ] || apt-get update -qq
    # shellcheck disable=SC2086 # several packages, one word each
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
  else
    echo "test: $command is missing: sudo apt-get install $packages" >&2
    exit 1
  fi
}

need chromium "chromium fonts-noto-cjk" "the browser tests"
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
need ogr2ogr gdal-bin "the GIS toolchain tests"
need pdftoppm poppler-utils "the report test"
