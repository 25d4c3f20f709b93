#!/usr/bin/python3
"""Jingle.Net media interop: an aiortc (Debian python3-aiortc 1.4) offerer that sends one audio track.

Run with Debian's /usr/bin/python3. aiortc's AudioStreamTrack generates 20 ms frames of silence, which aiortc
encodes with the negotiated codec (opus first) and sends as SRTP. ICE is restricted to 127.0.0.1 (aioice's
host-address discovery is replaced, and no STUN server is configured).

Protocol (one line each, on stdout):
  OFFER {"type":"offer","sdp":...}        the complete offer (aiortc gathers before returning it)
  then the script waits for the file given by --answer-file to exist and hold {"type":"answer","sdp":...}
  CONNECTED {"state":...}                 once the connection state is "connected" (or the wait timed out)
  STATS {"packetsSent":N,"bytesSent":N,"payloadType":...,"ssrc":...,"remoteInbound":...}  after --seconds of sending;
        remoteInbound is aiortc's remote-inbound-rtp (from the report blocks of our RTCP RR) or null
The script then closes the connection and exits 0.

With --offer-file PATH instead, aiortc answers: it waits for PATH to hold {"type":"offer","sdp":...}, answers
(recvonly for audio without a local track), consumes every received audio track (decoding the frames) and prints
  ANSWER {"type":"answer","sdp":...}
  CONNECTED {"state":...}
  RECEIVED {"packetsReceived":N,"bytesReceived":N,"frames":N,"ssrc":...,"tracks":N}  after --seconds
"""

import argparse
import asyncio
import json
import os
import sys

import aioice.ice

aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription  # noqa: E402
from aiortc.mediastreams import AudioStreamTrack  # noqa: E402


def emit(tag, obj):
    print(tag + " " + json.dumps(obj), flush=True)


async def wait_for_file(path, timeout):
    loop = asyncio.get_event_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if os.path.exists(path):
            with open(path, "r", encoding="utf-8") as f:
                text = f.read()
            if text.endswith("\n"):
                return json.loads(text)
        await asyncio.sleep(0.05)
    raise TimeoutError("no answer in " + path)


async def run(args):
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    connected = asyncio.Event()

    @pc.on("connectionstatechange")
    def on_state():
        if pc.connectionState == "connected":
            connected.set()

    pc.addTrack(AudioStreamTrack())
    if args.data:
        pc.createDataChannel("chat")
    await pc.setLocalDescription(await pc.createOffer())
    emit("OFFER", {"type": pc.localDescription.type, "sdp": pc.localDescription.sdp})
    try:
        answer = await wait_for_file(args.answer_file, args.timeout)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
        try:
            await asyncio.wait_for(connected.wait(), args.timeout)
        except asyncio.TimeoutError:
            pass
        emit("CONNECTED", {"state": pc.connectionState})
        await asyncio.sleep(args.seconds)
        sent = {"packetsSent": 0, "bytesSent": 0, "payloadType": None, "ssrc": None, "remoteInbound": None}
        for sender in pc.getSenders():
            stats = await sender.getStats()
            for s in stats.values():
                if s.type == "outbound-rtp":
                    sent["packetsSent"] += s.packetsSent
                    sent["bytesSent"] += s.bytesSent
                    sent["ssrc"] = s.ssrc
                elif s.type == "remote-inbound-rtp":
                    sent["remoteInbound"] = {"packetsLost": s.packetsLost, "fractionLost": s.fractionLost,
                                             "jitter": s.jitter, "roundTripTime": s.roundTripTime}
            params = sender._RTCRtpSender__rtp_parameters if hasattr(sender, "_RTCRtpSender__rtp_parameters") else None
            if params is not None and params.codecs:
                sent["payloadType"] = params.codecs[0].payloadType
        emit("STATS", sent)
    finally:
        await pc.close()


async def run_answerer(args):
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    connected = asyncio.Event()
    counters = {"frames": 0, "tracks": 0}

    @pc.on("connectionstatechange")
    def on_state():
        if pc.connectionState == "connected":
            connected.set()

    async def consume(track):
        try:
            while True:
                await track.recv()
                counters["frames"] += 1
        except Exception:  # MediaStreamError once the track ends
            pass

    @pc.on("track")
    def on_track(track):
        counters["tracks"] += 1
        asyncio.ensure_future(consume(track))

    try:
        offer = await wait_for_file(args.offer_file, args.timeout)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type=offer["type"]))
        await pc.setLocalDescription(await pc.createAnswer())
        emit("ANSWER", {"type": pc.localDescription.type, "sdp": pc.localDescription.sdp})
        try:
            await asyncio.wait_for(connected.wait(), args.timeout)
        except asyncio.TimeoutError:
            pass
        emit("CONNECTED", {"state": pc.connectionState})
        await asyncio.sleep(args.seconds)
        received = {"packetsReceived": 0, "bytesReceived": 0, "ssrc": None}
        for receiver in pc.getReceivers():
            stats = await receiver.getStats()
            for s in stats.values():
                if s.type == "inbound-rtp":
                    received["packetsReceived"] += s.packetsReceived
                    received["bytesReceived"] += getattr(s, "bytesReceived", 0)
                    received["ssrc"] = s.ssrc
        received.update(counters)
        emit("RECEIVED", received)
    finally:
        await pc.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answer-file")
    parser.add_argument("--offer-file")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--data", action="store_true")
    args = parser.parse_args()
    asyncio.run(run_answerer(args) if args.offer_file else run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
