#!/usr/bin/env bash
# ours<->aiortc and ours<->Chromium: CreateOffer -> data channel open (median of 10) and 64 MiB in 64 KiB messages
# both ways (docs/benchmarks.md, issue 7). Chromium runs in a loopback-only network namespace: needs root.
# Figures are printed and appended to $JINGLE_INTEROP_BENCH_OUT (default /tmp/jingle-interop-bench.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JINGLE_INTEROP_BENCH=1
export JINGLE_INTEROP_BENCH_OUT="${JINGLE_INTEROP_BENCH_OUT:-/tmp/jingle-interop-bench.txt}"
dotnet build tests/Jingle.Net.Tests -c Release
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$JINGLE_INTEROP_BENCH_OUT"
tests/Jingle.Net.Tests/bin/Release/net10.0/Jingle.Net.Tests -noColor -class "*InteropThroughputBenchmarks*" -showLiveOutput "$@"
echo "figures appended to $JINGLE_INTEROP_BENCH_OUT"
