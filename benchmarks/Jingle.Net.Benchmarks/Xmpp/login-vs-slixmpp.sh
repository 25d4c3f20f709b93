#!/usr/bin/env bash
# XMPP login time and message round trips against a private Prosody: Jingle.Net vs slixmpp in the same run.
# Usage: benchmarks/Jingle.Net.Benchmarks/Xmpp/login-vs-slixmpp.sh [N]   (needs prosody, openssl, python3-slixmpp)
set -euo pipefail
N="${1:-20}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
dir="$(mktemp -d /tmp/jingle-xmpp-bench.XXXXXX)"
port=$((20000 + RANDOM % 20000)); direct=$((port + 1))
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/localhost.key" -out "$dir/localhost.crt" \
  -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null
mkdir -p "$dir/data" "$dir/certs"
cat > "$dir/prosody.cfg.lua" <<CFG
interfaces = { "127.0.0.1" }
c2s_ports = { $port }
c2s_direct_tls_ports = { $direct }
s2s_ports = { }
http_ports = { }
https_ports = { }
component_ports = { }
run_as_root = true
daemonize = false
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
certificates = "$dir/certs"
c2s_require_encryption = true
network_settings = { tcp_nodelay = true }
authentication = "internal_hashed"
log = { { levels = { min = "error" }, to = "console" } }
modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "smacks" }
ssl = { key = "$dir/localhost.key", certificate = "$dir/localhost.crt" }
VirtualHost "localhost"
    ssl = { key = "$dir/localhost.key", certificate = "$dir/localhost.crt" }
CFG
for u in alice bob; do prosodyctl --config "$dir/prosody.cfg.lua" register "$u" localhost "$u-pass" >/dev/null 2>&1; done
prosody -F --config "$dir/prosody.cfg.lua" >"$dir/prosody.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done

dotnet build "$repo/samples/Jingle.Net.Cli" -c Release -v q -nologo >/dev/null
jingle="$repo/samples/Jingle.Net.Cli/bin/Release/net10.0/jingle"
common=(--server "127.0.0.1:$port" --ca "$dir/localhost.crt")

echo "== login time, $N logins each, SCRAM-SHA-1 over STARTTLS (prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null || echo '?')) =="
"$jingle" xmpp login --jid alice@localhost --password alice-pass "${common[@]}" --repeat "$N" | tail -1
/usr/bin/python3 "$here/slixmpp_login.py" alice@localhost alice-pass 127.0.0.1 "$port" "$dir/localhost.crt" "$N" | tail -1
echo "== message round trips through prosody =="
"$jingle" xmpp echo-bench --jid alice@localhost --password alice-pass --peer-jid bob@localhost --peer-password bob-pass "${common[@]}" --count "${ECHO_COUNT:-2000}"
