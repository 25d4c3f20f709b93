using Jingle.Net.Jsep;
using Jingle.Net.Sdp;
using Jingle.Net.Testing;

namespace Jingle.Net.Tests.Jsep;

/// <summary>
/// SDP-level interop with a real aiortc (Debian python3-aiortc): aiortc accepts our answer to its offer and answers
/// our data channel offer, and we read its answer. No media flows: our descriptions carry no candidates, and the
/// peers are closed right after the exchange.
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed class AiortcSdpInteropTests
{
    private const string Script = """
        import asyncio, json, os, sys, time
        from aiortc import RTCPeerConnection, RTCSessionDescription

        async def wait_for(path):
            deadline = time.monotonic() + 30
            while not os.path.exists(path):
                if time.monotonic() > deadline:
                    raise SystemExit("timeout waiting for " + path)
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.05)
            with open(path) as f:
                return json.load(f)

        async def main(mode, directory):
            pc = RTCPeerConnection()
            try:
                if mode == "offerer":
                    pc.createDataChannel("chat")
                    pc.addTransceiver("audio", direction="sendrecv")
                    pc.addTransceiver("video", direction="sendonly")
                    await pc.setLocalDescription(await pc.createOffer())
                    print("OFFER " + json.dumps({"type": pc.localDescription.type, "sdp": pc.localDescription.sdp}), flush=True)
                    answer = await wait_for(os.path.join(directory, "answer.json"))
                    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
                    dirs = ",".join(str(t.currentDirection) for t in pc.getTransceivers())
                    print("STATE " + pc.signalingState + " " + dirs, flush=True)
                else:
                    offer = await wait_for(os.path.join(directory, "offer.json"))
                    await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type=offer["type"]))
                    await pc.setLocalDescription(await pc.createAnswer())
                    print("ANSWER " + json.dumps({"type": pc.localDescription.type, "sdp": pc.localDescription.sdp}), flush=True)
                    print("STATE " + pc.signalingState, flush=True)
            finally:
                await pc.close()

        asyncio.run(main(sys.argv[1], sys.argv[2]))
        """;

    private static readonly LocalTransportParameters Ours = new("ourU", "ourPasswordIs22CharsLng",
        [new DtlsFingerprint("sha-256", "6F:A2:28:AE:34:5D:C3:36:4B:92:B2:07:49:4D:A4:3A:D9:7C:2A:EF:60:D6:D2:9E:74:20:46:A2:22:AF:58:7F")]);

    [Fact]
    public async Task Aiortc_AcceptsOurAnswerToItsOffer()
    {
        using var dir = new TempDirectory();
        await using ExternalProcess peer = StartPeer("offerer", dir.Path);
        string offerJson = await ReadLineAfterAsync(peer, "OFFER ");
        RtcSessionDescription offer = RtcSessionDescription.FromJson(offerJson);
        Assert.Equal(SdpType.Offer, offer.Type);

        SessionDescription answer = SdpOfferAnswer.CreateAnswer(offer.ParseSdp(), new AnswerOptions(Ours) { VideoDirection = MediaDirection.RecvOnly });
        Assert.Equal([9, 9, 9], answer.Media.Select(m => m.Port));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "answer.json"), new RtcSessionDescription(SdpType.Answer, answer.ToString()).ToJson(),
            TestContext.Current.CancellationToken);

        string state = await ReadLineAfterAsync(peer, "STATE ");
        Assert.Equal("stable sendrecv,sendonly", state);
    }

    [Fact]
    public async Task Aiortc_AnswersOurDataChannelOffer()
    {
        using var dir = new TempDirectory();
        await using ExternalProcess peer = StartPeer("answerer", dir.Path);
        SessionDescription offer = SdpOfferAnswer.CreateDataChannelOffer(new DataChannelOfferOptions(Ours) { SessionId = "1234567890" });
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "offer.json"), new RtcSessionDescription(SdpType.Offer, offer.ToString()).ToJson(),
            TestContext.Current.CancellationToken);

        RtcSessionDescription answer = RtcSessionDescription.FromJson(await ReadLineAfterAsync(peer, "ANSWER "));
        Assert.Equal(SdpType.Answer, answer.Type);
        Assert.Equal("stable", await ReadLineAfterAsync(peer, "STATE "));

        SessionDescription sdp = answer.ParseSdp();
        Assert.Equal(sdp.ToString(), SessionDescription.Parse(sdp.ToString()).ToString());
        RemoteTransport transport = Assert.Single(SdpOfferAnswer.GetRemoteTransports(sdp));
        Assert.Equal(["0"], transport.Mids);
        Assert.Equal(SdpSetupRole.Active, transport.Setup);
        Assert.Empty(transport.GetMissing());
        Assert.Equal(5000, transport.SctpPort);
        Assert.NotNull(transport.MaxMessageSize);
    }

    [Fact]
    public async Task Aiortc_AnswersOurAudioVideoDataOffer()
    {
        using var dir = new TempDirectory();
        await using ExternalProcess peer = StartPeer("answerer", dir.Path);
        SessionDescription offer = SdpOfferAnswer.CreateOffer(SdpOfferTests.AudioVideoData() with { Transport = Ours });
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "offer.json"), new RtcSessionDescription(SdpType.Offer, offer.ToString()).ToJson(),
            TestContext.Current.CancellationToken);

        SessionDescription answer = RtcSessionDescription.FromJson(await ReadLineAfterAsync(peer, "ANSWER ")).ParseSdp();
        Assert.Equal("stable", await ReadLineAfterAsync(peer, "STATE "));
        Assert.Equal(["0", "1", "2"], answer.BundleGroups.Single().Mids);
        Assert.All(answer.Media, m => Assert.NotEqual(0, m.Port));
        Assert.Equal("opus", answer.Media[0].GetRtpMap(int.Parse(answer.Media[0].Formats[0], System.Globalization.CultureInfo.InvariantCulture))!.EncodingName);
        Assert.Contains(answer.Media[1].RtpMaps, r => r.EncodingName == "VP8" && r.PayloadType == 96);
        Assert.Equal(MediaDirection.RecvOnly, answer.Media[0].Direction); // aiortc has no track to send
        Assert.True(answer.Media[2].IsDataChannel);
        Assert.Empty(Assert.Single(SdpOfferAnswer.GetRemoteTransports(answer)).GetMissing());
    }

    private static ExternalProcess StartPeer(string mode, string directory)
    {
        string python = Requires.Program("/usr/bin/python3", "Debian python3");
        Requires.File("/usr/lib/python3/dist-packages/aiortc/__init__.py", "Debian python3-aiortc");
        string script = Path.Combine(directory, "aiortc_sdp_peer.py");
        File.WriteAllText(script, Script);
        return ExternalProcess.Start(python, [script, mode, directory], directory);
    }

    private static async Task<string> ReadLineAfterAsync(ExternalProcess peer, string prefix)
    {
        await peer.WaitForOutputAsync(prefix, TimeSpan.FromSeconds(30));
        string line = peer.Output.Split('\n').First(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line[prefix.Length..].TrimEnd('\r');
    }

    private sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = Directory.CreateTempSubdirectory("jingle-sdp-").FullName;
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
