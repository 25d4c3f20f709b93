#!/usr/bin/python3
"""Logs in to an XMPP server N times with slixmpp (Debian python3-slixmpp) and prints each time and the median.

Usage: /usr/bin/python3 slixmpp_login.py JID PASSWORD HOST PORT CA_FILE N
The time is from connect() to slixmpp's session_start (TLS, SASL, bind done), as jingle's --repeat measures.
"""
import asyncio
import logging
import statistics
import sys
import time

import slixmpp


async def login_once(jid, password, host, port, ca_file):
    client = slixmpp.ClientXMPP(jid, password)
    client.ca_certs = ca_file
    done = asyncio.get_running_loop().create_future()
    client.add_event_handler("session_start", lambda _: done.done() or done.set_result(True))
    client.add_event_handler("failed_auth", lambda _: done.done() or done.set_exception(RuntimeError("auth failed")))
    start = time.perf_counter()
    client.connect((host, port))
    await asyncio.wait_for(done, 20)
    elapsed = (time.perf_counter() - start) * 1000
    client.disconnect()
    await asyncio.sleep(0.05)
    return elapsed


async def main():
    jid, password, host, port, ca_file, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
    times = [await login_once(jid, password, host, port, ca_file) for _ in range(n)]
    print("login ms: " + " ".join(f"{t:.1f}" for t in times))
    print(f"slixmpp median login: {statistics.median(times):.1f} ms over {n}")


logging.basicConfig(level=logging.CRITICAL)
asyncio.run(main())
