#!/usr/bin/env bash
# Jingle.Net's one test command, for a newcomer on a fresh machine and for CI.
#   1. installs the system packages the tests need (scripts/apt-packages.d/*.list), idempotently;
#   2. restores and builds the solution (Release);
#   3. runs every test project under tests/ and prints the closing line "N passed, N failed, N skipped".
# Exits non-zero if anything failed. Tests needing root, a real peer or a browser check their own prerequisites:
# without them they skip with a printed reason (under CI=true they fail instead).
#
# Options (environment): JINGLE_SKIP_INSTALL=1 skips step 1; JINGLE_TEST_FILTER='-class *Foo*' passes extra
# xunit filter arguments to every test project; JINGLE_TEST_PROJECTS='Jingle.Net.Stun.Tests ...' limits the run.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RESULTS="$ROOT/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

log() { printf '\n== %s\n' "$*"; }

install_system_packages() {
  local wanted=() missing=() pkg
  while read -r pkg; do
    [ -n "$pkg" ] && wanted+=("$pkg")
  done < <(cat scripts/apt-packages.d/*.list 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: all ${#wanted[@]} present"
    return 0
  fi
  if [ "$(id -u)" != "0" ]; then
    echo "system packages missing and not root, tests needing them will skip: ${missing[*]}"
    return 0
  fi
  echo "installing: ${missing[*]}"
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || echo "apt-get update failed; trying the install anyway"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$RESULTS/apt.log" 2>&1 \
    || { echo "apt-get install failed:"; tail -n 30 "$RESULTS/apt.log"; }
  [ $made_policy -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  # Server packages may still have started a service through a path policy-rc.d does not cover: stop them.
  for svc in coturn prosody; do
    if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
    pkill -x turnserver >/dev/null 2>&1 || true
  done
  return 0
}

if [ "${JINGLE_SKIP_INSTALL:-0}" != "1" ]; then
  log "system packages"
  install_system_packages
fi

log "restore and build"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet restore Jingle.Net.sln >"$RESULTS/restore.log" 2>&1; then
  tail -n 40 "$RESULTS/restore.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
if ! dotnet build Jingle.Net.sln -c Release --no-restore >"$RESULTS/build.log" 2>&1; then
  grep -E "error|Error" "$RESULTS/build.log" | sort -u | head -n 60; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
echo "build ok"

projects=()
if [ -n "${JINGLE_TEST_PROJECTS:-}" ]; then
  read -r -a projects <<<"$JINGLE_TEST_PROJECTS"
else
  for dir in tests/*.Tests; do projects+=("$(basename "$dir")"); done
fi

total_passed=0 total_failed=0 total_skipped=0 status=0
attr() { grep -o "<assembly [^>]*>" "$1" | head -n 1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*'; }
for name in "${projects[@]}"; do
  exe="tests/$name/bin/Release/net10.0/$name"
  log "$name"
  if [ ! -x "$exe" ]; then
    echo "missing test executable $exe"; total_failed=$((total_failed + 1)); status=1; continue
  fi
  xml="$RESULTS/$name.xml"
  # shellcheck disable=SC2086
  timeout --kill-after=30 "${JINGLE_TEST_TIMEOUT:-1800}" "$exe" -noColor -noLogo -result-xml "$xml" ${JINGLE_TEST_FILTER:-} \
    >"$RESULTS/$name.log" 2>&1
  rc=$?
  grep -vE "^\s*(Discovering|Discovered|Starting|Finished):" "$RESULTS/$name.log" | grep -E "\[FAIL\]|\[SKIP\]|Total:|Error|error|Assert|Exception|at |^\s+" | head -n 200
  if [ ! -s "$xml" ]; then
    echo "$name produced no results (exit $rc)"; tail -n 40 "$RESULTS/$name.log"
    total_failed=$((total_failed + 1)); status=1; continue
  fi
  p=$(attr "$xml" passed); f=$(attr "$xml" failed); s=$(attr "$xml" skipped); e=$(attr "$xml" errors)
  total_passed=$((total_passed + ${p:-0})); total_failed=$((total_failed + ${f:-0} + ${e:-0})); total_skipped=$((total_skipped + ${s:-0}))
  if [ $rc -ne 0 ] || [ "${f:-0}" != "0" ] || [ "${e:-0}" != "0" ]; then status=1; fi
done

if [ "$total_skipped" -gt 0 ]; then
  log "skipped tests and why"
  for xml in "$RESULTS"/*.xml; do
    /usr/bin/env python3 - "$xml" <<'PY' 2>/dev/null || true
import sys, xml.etree.ElementTree as ET
for t in ET.parse(sys.argv[1]).iter("test"):
    if t.get("result") == "Skip":
        r = t.find("reason")
        print(f"  SKIP {t.get('name')}: {(r.text or '').strip() if r is not None else ''}")
PY
  done
fi

echo
echo "${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped"
exit $status
