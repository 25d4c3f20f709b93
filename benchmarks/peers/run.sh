#!/bin/sh
# Reference rows of issue 7 part 6 (aiortc<->aiortc, Chromium<->Chromium). Needs Debian python3-aiortc and
# chromium (scripts/apt-packages.d/peers.list) and root for the Chromium row (unshare -n). Arguments go to
# bench_peers.py (--runs, --total, --chunk, --only aiortc|chromium, --json).
set -eu
cd "$(dirname "$0")"
exec /usr/bin/python3 bench_peers.py "$@"
