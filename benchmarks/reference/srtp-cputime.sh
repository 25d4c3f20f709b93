#!/usr/bin/env bash
# Our SRTP protect/unprotect rates in thread CPU time, then the openssl speed reference (also CPU time), and the
# goal ratios. Usage: benchmarks/reference/srtp-cputime.sh [seconds-per-measurement]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ours="$(dotnet run -c Release --file "$here/srtp-cputime/srtp_cputime.cs" -- "${1:-2}")"
echo "$ours"
ref="$("$here/srtp-openssl.sh")"
echo "$ref"
gcm_ref=$(echo "$ref" | awk '/aes-128-gcm/ {print $(NF-1)}')
comb_ref=$(echo "$ref" | awk '/combined/ {print $(NF-1)}')
gcm_ours=$(echo "$ours" | awk '/^AeadAes128Gcm/ {print $3}')
cm80_ours=$(echo "$ours" | awk '/^Aes128CmHmacSha1_80/ {print $3}')
awk -v a="$gcm_ref" -v b="$gcm_ours" -v c="$comb_ref" -v d="$cm80_ours" 'BEGIN {
  printf "AEAD_AES_128_GCM protect vs openssl aes-128-gcm:          %.2fx (goal >= 1.0x)\n", a / b;
  printf "AES_CM_128_HMAC_SHA1_80 protect vs openssl ctr+hmac-sha1: %.2fx (goal >= 0.9x)\n", c / d;
}'
