#!/usr/bin/env bash
# Builds and runs the libsrtp2 reference harness (needs libsrtp2-dev and gcc). Prints packets/s per profile.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -O2 -o "$out/srtp_libsrtp_bench" "$here/srtp_libsrtp_bench.c" -lsrtp2
"$out/srtp_libsrtp_bench"
