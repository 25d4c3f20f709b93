#!/usr/bin/python3
"""Reference rows for docs/benchmarks.md (issue 7 part 6), measured on this machine:

  aiortc <-> aiortc      two aiortc_peer.py processes (Debian python3-aiortc 1.4) on 127.0.0.1
  Chromium <-> Chromium  two RTCPeerConnections in one page of headless Chromium in a loopback-only netns

For each: time from createOffer to data channel open (median of N, as measured by the offerer from the start of
createOffer, including the signalling hand-over), and the throughput of TOTAL bytes in CHUNK-byte binary messages,
reliable and ordered, sender-timed from the first send to the sink's reply to a final "stats" message (so every byte
arrived). Usage: /usr/bin/python3 benchmarks/peers/bench_peers.py [--runs 10] [--total 67108864] [--chunk 65536]
[--only aiortc|chromium] [--repeat N] [--json]. --repeat N: the Chromium pair makes N transfers on one connection
(the first in a fresh page, then warm ones; ours: JINGLE_INTEROP_BENCH_REPEAT)."""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.join(HERE, "..", "..", "tests", "Jingle.Net.Tests", "Interop", "Assets")
sys.path.insert(0, HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AiortcProcess:
    def __init__(self, behaviour):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["/usr/bin/python3", "-u", os.path.join(ASSETS, "aiortc_peer.py"), "--port", str(self.port), "--behaviour", behaviour],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY"):
            raise RuntimeError("aiortc_peer.py did not start: " + line + self.process.stdout.read())

    def call(self, path, body=None, timeout=300):
        data = json.dumps(body or {}).encode()
        request = urllib.request.Request("http://127.0.0.1:%d/%s" % (self.port, path), data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())

    def stop(self):
        self.process.kill()
        self.process.wait()


def process_cpu(pid, which=(11, 12)):
    """CPU seconds of a process: user + system (/proc/PID/stat fields 14 and 15), or the fields given."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in which) / os.sysconf("SC_CLK_TCK")


def bench_aiortc(runs, total, chunk, repeat):
    offerer, answerer = AiortcProcess("echo"), AiortcProcess("sink")
    try:
        opens = []
        for _ in range(runs):
            offer = offerer.call("create-offer", {"label": "bench"})
            offerer.call("answer", answerer.call("offer", offer))
            opens.append(offerer.call("wait-open", {"timeout": 30})["open_ms"])
        cpu = (process_cpu(offerer.process.pid), process_cpu(answerer.process.pid), process_cpu(answerer.process.pid, (12,)))
        bulk = offerer.call("send-bulk", {"total": total, "chunk": chunk, "timeout": 600}, timeout=660)
        bulk["cpu"] = "sender %.2f s, receiver %.2f s of which system %.2f s" % (
            process_cpu(offerer.process.pid) - cpu[0], process_cpu(answerer.process.pid) - cpu[1],
            process_cpu(answerer.process.pid, (12,)) - cpu[2])
        assert bulk["sink"]["bytes"] == total + len("stats"), bulk
        return opens, [bulk]  # aiortc runs no JIT: one transfer (repeat applies to Chromium)
    finally:
        offerer.stop()
        answerer.stop()


def bench_chromium(runs, total, chunk, repeat):
    from chromium_cdp import Chromium

    chromium = Chromium()
    try:
        chromium.open_page("file://" + os.path.abspath(os.path.join(ASSETS, "chromium_peer.html")))
        grant = chromium.evaluate("jn.grantError")
        if grant:
            raise RuntimeError("getUserMedia grant refused: " + grant)
        opens = [chromium.evaluate("jn.loopback([], 0, 0, 30000)")["open_ms"] for _ in range(runs)]
        result = chromium.evaluate("jn.loopback([], %d, %d, 600000, %d)" % (total, chunk, repeat))
        for bulk in result["bulks"]:
            assert bulk["sink"]["bytes"] == total + len("stats"), bulk
        return opens, result["bulks"]
    finally:
        chromium.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--total", type=int, default=64 * 1024 * 1024)
    parser.add_argument("--chunk", type=int, default=64 * 1024)
    parser.add_argument("--only", choices=["aiortc", "chromium"])
    parser.add_argument("--repeat", type=int, default=1,
                        help="Chromium: transfers on the same connection (the first in a fresh page, then warm ones)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rows = []
    load = os.getloadavg()
    for name, bench in (("aiortc<->aiortc", bench_aiortc), ("Chromium<->Chromium", bench_chromium)):
        if args.only and not name.lower().startswith(args.only):
            continue
        opens, bulks = bench(args.runs, args.total, args.chunk, args.repeat)
        rows.append({
            "pair": name, "open_median_ms": statistics.median(opens), "open_min_ms": min(opens), "open_max_ms": max(opens),
            "bytes": bulks[0]["sent"], "seconds": bulks[0]["seconds"], "mbps": bulks[0]["mbps"],
            "later_mbps": [b["mbps"] for b in bulks[1:]], "cpu": bulks[0].get("cpu"),
        })
    load_after = os.getloadavg()
    if args.json:
        print(json.dumps({"load_before": load, "load_after": load_after, "rows": rows}, indent=2))
        return
    print("load average before: %.2f %.2f %.2f, after: %.2f %.2f %.2f (%d cores)" % (*load, *load_after, os.cpu_count()))
    print("| pair | open median (min–max), %d runs | %d MiB in %d KiB messages | MB/s |" % (
        args.runs, args.total >> 20, args.chunk >> 10))
    print("|---|---|---|---|")
    for r in rows:
        later = "".join(" / %.1f" % m for m in r["later_mbps"])
        cpu = " (CPU: %s)" % r["cpu"] if r["cpu"] else ""
        print("| %s | %.1f ms (%.1f–%.1f) | %.2f s%s | %.1f%s |" % (
            r["pair"], r["open_median_ms"], r["open_min_ms"], r["open_max_ms"], r["seconds"], cpu, r["mbps"], later))


if __name__ == "__main__":
    main()
