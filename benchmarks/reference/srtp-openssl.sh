#!/usr/bin/env bash
# Reference rates for the SRTP benchmarks (benchmarks/Jingle.Net.Benchmarks/Rtp): what OpenSSL does with the raw
# primitives on 1200-byte buffers on this machine. Compare:
#   AEAD_AES_128_GCM protect          vs  aes-128-gcm (AEAD)            goal >= 1.0x
#   AES_CM_128_HMAC_SHA1_80 protect   vs  1 / (1/ctr + 1/hmac-sha1)     goal >= 0.9x
# Usage: benchmarks/reference/srtp-openssl.sh   (prints packets/s for each and the combined CTR+HMAC rate)
set -euo pipefail
command -v openssl >/dev/null || { echo "openssl not installed (apt-get install openssl)" >&2; exit 1; }

rate() { # last column of openssl speed's result line is k bytes/s for the single size given
  openssl speed -seconds 2 -bytes 1200 "$@" 2>/dev/null | awk '/^[a-zA-Z]/ && $NF ~ /k$/ {v=$NF} END {sub(/k$/,"",v); print v}'
}

gcm_k=$(rate -aead -evp aes-128-gcm)
ctr_k=$(rate -evp aes-128-ctr)
hmac_k=$(rate -hmac sha1)
openssl version
awk -v g="$gcm_k" -v c="$ctr_k" -v h="$hmac_k" 'BEGIN {
  gp = g * 1000 / 1200; cp = c * 1000 / 1200; hp = h * 1000 / 1200;
  comb = 1 / (1 / cp + 1 / hp);
  printf "aes-128-gcm (aead, 1200 B):  %12.0f ops/s  %8.1f ns/op\n", gp, 1e9 / gp;
  printf "aes-128-ctr (1200 B):        %12.0f ops/s  %8.1f ns/op\n", cp, 1e9 / cp;
  printf "hmac sha1 (1200 B):          %12.0f ops/s  %8.1f ns/op\n", hp, 1e9 / hp;
  printf "ctr + hmac-sha1 combined:    %12.0f ops/s  %8.1f ns/op\n", comb, 1e9 / comb;
}'
