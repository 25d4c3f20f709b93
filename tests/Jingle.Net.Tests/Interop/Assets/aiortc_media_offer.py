#!/usr/bin/python3
"""Jingle.Net media interop: an aiortc (Debian python3-aiortc 1.4) offerer that sends one audio track.

Run with Debian's /usr/bin/python3. aiortc's AudioStreamTrack generates 20 ms frames of silence, which aiortc
encodes with the negotiated codec (opus first) and sends as SRTP. ICE is restricted to 127.0.0.1 (aioice's
host-address discovery is replaced, and no STUN server is configured).

Protocol (one line each, on stdout):
  OFFER {"type":"offer","sdp":...}        the complete offer (aiortc gathers before returning it)
  then the script waits for the file given by --answer-file to exist and hold {"type":"answer","sdp":...}
  CONNECTED {"state":...}                 once the connection state is "connected" (or the wait timed out)
  STATS {"packetsSent":N,"bytesSent":N,"payloadType":...,"ssrc":...}  after --seconds of sending
The script then closes the connection and exits 0.
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
        sent = {"packetsSent": 0, "bytesSent": 0, "payloadType": None, "ssrc": None}
        for sender in pc.getSenders():
            stats = await sender.getStats()
            for s in stats.values():
                if s.type == "outbound-rtp":
                    sent["packetsSent"] += s.packetsSent
                    sent["bytesSent"] += s.bytesSent
                    sent["ssrc"] = s.ssrc
            params = sender._RTCRtpSender__rtp_parameters if hasattr(sender, "_RTCRtpSender__rtp_parameters") else None
            if params is not None and params.codecs:
                sent["payloadType"] = params.codecs[0].payloadType
        emit("STATS", sent)
    finally:
        await pc.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answer-file", required=True)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--data", action="store_true")
    args = parser.parse_args()
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
