#!/usr/bin/python3
"""Jingle.Net interop peer: an aiortc (Debian python3-aiortc 1.4) data-channel peer driven over HTTP.

Run with Debian's /usr/bin/python3. It listens on 127.0.0.1:PORT and prints "READY http://127.0.0.1:PORT" once
it accepts requests. ICE is restricted to 127.0.0.1: aioice's host-address discovery is replaced so the only host
candidate is loopback, and no STUN/TURN server is configured (aiortc would otherwise add Google's STUN server).

Every request and reply body is JSON. A process holds one peer connection at a time (a new /offer or
/create-offer closes the previous one). Endpoints:

  POST /offer          {"type":"offer","sdp":...}  -> {"type":"answer","sdp":...}   (this side answers)
  POST /create-offer   {"label":"echo","ordered":true} (optional) -> {"type":"offer","sdp":...}
  POST /answer         {"type":"answer","sdp":...} -> {"ok":true}                   (completes /create-offer)
  POST /wait-open      {"timeout":10} -> {"open":true,"open_ms":...}   ms from /create-offer or /offer to open
  POST /exchange       {"messages":[{"kind":"text","data":"hi"},{"kind":"binary","b64":"AAE="}],"timeout":10}
                       -> {"replies":[...same shape...]}  sends each message, waits for as many replies
  POST /send-bulk      {"total":67108864,"chunk":65536,"timeout":120}
                       -> {"sent":N,"seconds":s,"mbps":MB/s,"sink":{...}}  sends binary messages with flow
                       control, then the text "stats"; the peer (in sink behaviour) replies with its counters.
  GET  /stats          -> {"bytes":..,"messages":..,"texts":..,"binaries":..,"empty":..,"state":..}
  POST /close          -> {"ok":true}

Behaviour (--behaviour): "echo" sends every received message back unchanged (text as text, binary as binary,
empty as empty); "sink" counts received bytes and answers the text message "stats" with a JSON text of its
counters (bytes, messages, seconds from first to last message).

Empty messages: aiortc 1.4 sends an empty str with PPID 56 (WebRTC String Empty) and empty bytes with PPID 57
(WebRTC Binary Empty), each with a one-byte 0x00 payload (RFC 8831 §6.6), and raises "" / b"" for PPIDs 56 / 57
on receive, so an empty message echoes as an empty message of the same kind.
"""

import argparse
import asyncio
import base64
import json
import sys
import time

import aioice.ice

# Only loopback: aioice normally lists every interface and explicitly skips 127.0.0.1.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription  # noqa: E402


def log(*args):
    print(*args, flush=True)


def encode_message(message):
    if isinstance(message, str):
        return {"kind": "text", "data": message}
    return {"kind": "binary", "b64": base64.b64encode(message).decode("ascii")}


def decode_message(item):
    if item.get("kind") == "binary":
        return base64.b64decode(item.get("b64", ""))
    return item.get("data", "")


class Peer:
    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.pc = None
        self.channel = None
        self.opened = None
        self.started = 0.0
        self.open_ms = None
        self.replies = None
        self.reset_counters()

    def reset_counters(self):
        self.bytes = 0
        self.messages = 0
        self.texts = 0
        self.binaries = 0
        self.empty = 0
        self.first = None
        self.last = None

    async def new_pc(self):
        if self.pc is not None:
            await self.pc.close()
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.channel = None
        self.opened = asyncio.get_running_loop().create_future()
        self.started = time.perf_counter()
        self.open_ms = None
        self.replies = asyncio.Queue()
        self.reset_counters()
        pc = self.pc

        @pc.on("connectionstatechange")
        def on_state():
            log("STATE", pc.connectionState)

        @pc.on("datachannel")
        def on_datachannel(channel):
            self.attach(channel)
            self.mark_open()

    def mark_open(self):
        if self.opened is not None and not self.opened.done():
            self.open_ms = (time.perf_counter() - self.started) * 1000.0
            self.opened.set_result(True)
            log("OPEN", self.channel.label, "%.1fms" % self.open_ms)

    def attach(self, channel):
        self.channel = channel

        @channel.on("open")
        def on_open():
            self.mark_open()

        @channel.on("message")
        def on_message(message):
            self.on_message(channel, message)

    def on_message(self, channel, message):
        now = time.perf_counter()
        if self.first is None:
            self.first = now
        self.last = now
        self.messages += 1
        size = len(message.encode("utf8")) if isinstance(message, str) else len(message)
        self.bytes += size
        if isinstance(message, str):
            self.texts += 1
        else:
            self.binaries += 1
        if size == 0:
            self.empty += 1

        if self.replies is not None and self.pending_replies > 0:
            self.pending_replies -= 1
            self.replies.put_nowait(message)
            return
        if self.behaviour == "echo":
            channel.send(message)
        elif self.behaviour == "sink" and message == "stats":
            channel.send(json.dumps(self.stats()))

    pending_replies = 0

    def stats(self):
        seconds = (self.last - self.first) if self.first is not None else 0.0
        return {
            "bytes": self.bytes,
            "messages": self.messages,
            "texts": self.texts,
            "binaries": self.binaries,
            "empty": self.empty,
            "seconds": seconds,
            "state": self.pc.connectionState if self.pc is not None else "none",
            "open_ms": self.open_ms,
        }

    # --- endpoints -------------------------------------------------------------------------------------------

    async def offer(self, body):
        await self.new_pc()
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=body["sdp"], type=body.get("type", "offer")))
        answer = await self.pc.createAnswer()
        await self.pc.setLocalDescription(answer)
        return {"type": self.pc.localDescription.type, "sdp": self.pc.localDescription.sdp}

    async def create_offer(self, body):
        await self.new_pc()
        channel = self.pc.createDataChannel(body.get("label", "echo"), ordered=body.get("ordered", True))
        self.attach(channel)
        offer = await self.pc.createOffer()
        await self.pc.setLocalDescription(offer)
        return {"type": self.pc.localDescription.type, "sdp": self.pc.localDescription.sdp}

    async def answer(self, body):
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=body["sdp"], type=body.get("type", "answer")))
        return {"ok": True}

    async def wait_open(self, body):
        await asyncio.wait_for(asyncio.shield(self.opened), body.get("timeout", 10))
        return {"open": True, "open_ms": self.open_ms}

    async def exchange(self, body):
        await asyncio.wait_for(asyncio.shield(self.opened), body.get("timeout", 10))
        messages = [decode_message(m) for m in body.get("messages", [])]
        self.replies = asyncio.Queue()
        self.pending_replies = len(messages)
        for message in messages:
            self.channel.send(message)
        replies = []
        for _ in messages:
            replies.append(await asyncio.wait_for(self.replies.get(), body.get("timeout", 10)))
        return {"replies": [encode_message(m) for m in replies]}

    async def send_bulk(self, body):
        timeout = body.get("timeout", 120)
        await asyncio.wait_for(asyncio.shield(self.opened), timeout)
        total = int(body.get("total", 64 * 1024 * 1024))
        chunk = int(body.get("chunk", 64 * 1024))
        channel = self.channel
        high = 16 * chunk
        channel.bufferedAmountLowThreshold = 4 * chunk
        low = asyncio.Event()

        @channel.on("bufferedamountlow")
        def on_low():
            low.set()

        payload = bytes(chunk)
        self.replies = asyncio.Queue()
        started = time.perf_counter()
        sent = 0
        while sent < total:
            size = min(chunk, total - sent)
            channel.send(payload if size == chunk else payload[:size])
            sent += size
            if channel.bufferedAmount > high:
                low.clear()
                await asyncio.wait_for(low.wait(), timeout)
            elif sent % (4 * chunk) == 0:
                await asyncio.sleep(0)
        self.pending_replies = 1
        channel.send("stats")
        reply = await asyncio.wait_for(self.replies.get(), timeout)
        seconds = time.perf_counter() - started
        return {"sent": sent, "seconds": seconds, "mbps": sent / seconds / 1e6, "sink": json.loads(reply)}

    async def get_stats(self, body):
        return self.stats()

    async def close(self, body):
        if self.pc is not None:
            await self.pc.close()
        return {"ok": True}


ROUTES = {
    ("POST", "/offer"): Peer.offer,
    ("POST", "/create-offer"): Peer.create_offer,
    ("POST", "/answer"): Peer.answer,
    ("POST", "/wait-open"): Peer.wait_open,
    ("POST", "/exchange"): Peer.exchange,
    ("POST", "/send-bulk"): Peer.send_bulk,
    ("GET", "/stats"): Peer.get_stats,
    ("POST", "/close"): Peer.close,
}


async def handle(peer, reader, writer):
    try:
        while True:
            request_line = await reader.readline()
            if not request_line:
                return
            method, path, _ = request_line.decode("latin1").split(" ", 2)
            length = 0
            while True:
                line = (await reader.readline()).decode("latin1").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            raw = await reader.readexactly(length) if length else b""
            route = ROUTES.get((method, path.split("?")[0]))
            if route is None:
                status, result = "404 Not Found", {"error": "no route " + method + " " + path}
            else:
                try:
                    body = json.loads(raw) if raw else {}
                    status, result = "200 OK", await route(peer, body)
                except asyncio.TimeoutError:
                    status, result = "504 Gateway Timeout", {"error": "timeout", "stats": peer.stats()}
                except Exception as e:  # report every failure to the test as JSON
                    status, result = "500 Internal Server Error", {"error": repr(e)}
            data = json.dumps(result).encode("utf8")
            writer.write(
                ("HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (status, len(data))).encode(
                    "latin1"
                )
                + data
            )
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--behaviour", choices=["echo", "sink"], default="echo")
    args = parser.parse_args()
    peer = Peer(args.behaviour)
    server = await asyncio.start_server(lambda r, w: handle(peer, r, w), "127.0.0.1", args.port)
    log("READY http://127.0.0.1:%d behaviour=%s" % (args.port, args.behaviour))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
