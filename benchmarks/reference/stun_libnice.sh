#!/bin/sh
# Builds and runs the libnice STUN reference (needs Debian libnice-dev, pkg-config, gcc).
# Usage: benchmarks/reference/stun_libnice.sh [iterations]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${TMPDIR:-/tmp}/stun_libnice
# shellcheck disable=SC2046
cc -O2 -o "$out" "$here/stun_libnice.c" $(pkg-config --cflags --libs nice)
"$out" "${1:-1000000}"
