#!/usr/bin/env bash
# Builds and runs the C UDP loopback reference (compare with UdpLoopbackBenchmarks in the same session).
# Usage: benchmarks/reference/run-udp.sh [packets=1000000] [packet-size=1200] [window=64]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${TMPDIR:-/tmp}/udp_loopback.$$"
trap 'rm -f "$out"' EXIT
gcc -O2 -Wall -Wextra -pthread -o "$out" "$here/udp_loopback.c"
"$out" "${1:-1000000}" "${2:-1200}" "${3:-64}"
