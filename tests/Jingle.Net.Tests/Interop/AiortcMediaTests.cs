using System.Collections.Concurrent;
using System.Text.Json;
using Jingle.Net.Base.Networking;
using Jingle.Net.Jsep;
using Jingle.Net.Testing;
using Jingle.Net.Tests.PeerConnection;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// Media against Debian's aiortc: aiortc offers an audio track (its AudioStreamTrack sends opus-encoded silence
/// every 20 ms), our PeerConnection answers; the Track event fires and our receiver gets the SRTP-decrypted RTP
/// packets with the negotiated opus payload type and aiortc's SSRC. RTCP both ways: aiortc's Sender Reports give
/// our remote-outbound-rtp, its Receiver Reports about our stream our remote-inbound-rtp, and aiortc builds its own
/// remote-inbound-rtp from our Receiver Reports (it sends RTCP every 0.5–1.5 s, so the runs last 3 s).
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed class AiortcMediaTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AiortcOffersAudio_WeAnswer_ReceiverCountsDecryptedOpus(bool withDataChannel)
    {
        AiortcPeer.EnsurePrerequisites();
        string dir = Directory.CreateTempSubdirectory("jingle-aiortc-media-").FullName;
        string answerFile = Path.Combine(dir, "answer.json");
        try
        {
            List<string> arguments = ["-u", InteropAssets.Path("aiortc_media_offer.py"), "--answer-file", answerFile, "--seconds", "3"];
            if (withDataChannel)
            {
                arguments.Add("--data");
            }

            await using var aiortc = ExternalProcess.Start(AiortcPeer.Python, arguments,
                environment: new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
            await aiortc.WaitForOutputAsync("OFFER ", Timeout);
            string offerSdp = ReadJson(aiortc.Output, "OFFER ").GetProperty("sdp").GetString()!;

            await using var factory = new PeerConnectionFactory();
            await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
            var track = new TaskCompletionSource<RtcTrackEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            bool trackOnSignaling = false;
            pc.Track += (_, e) =>
            {
                trackOnSignaling = factory.SignalingThread.IsCurrent;
                track.TrySetResult(e);
            };
            var packets = new ConcurrentQueue<(int PayloadType, uint Ssrc, int Length)>();

            await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offerSdp));
            RtcTrackEventArgs e = await track.Task.WaitAsync(Timeout);
            e.Receiver.RtpPacketReceived += (_, p) => packets.Enqueue((p.PayloadType, p.Ssrc, p.Payload.Length));
            RtcSessionDescription answer = await pc.CreateAnswerAsync();
            await pc.SetLocalDescriptionAsync(answer);
            await WhenGatheredAsync(pc);
            await File.WriteAllTextAsync(answerFile + ".tmp",
                JsonSerializer.Serialize(new { type = "answer", sdp = pc.LocalDescription!.Sdp }) + "\n");
            File.Move(answerFile + ".tmp", answerFile);

            await aiortc.WaitForOutputAsync("STATS ", Timeout);
            JsonElement sent = ReadJson(aiortc.Output, "STATS ");
            Assert.Equal(0, await aiortc.WaitForExitAsync(Timeout));

            int opus = e.Receiver.Codecs.Single(c => c.Name == "opus").PayloadType;
            long aiortcSent = sent.GetProperty("packetsSent").GetInt64();
            uint aiortcSsrc = sent.GetProperty("ssrc").GetUInt32();
            RtcStatsReport report = await pc.GetStatsAsync();
            RtcStats inbound = report.OfType("inbound-rtp").Single();
            RtcStats? remoteOutbound = report.OfType("remote-outbound-rtp").SingleOrDefault();
            string summary = $"aiortc sent {aiortcSent} packets (ssrc {aiortcSsrc}); we decrypted {packets.Count}; inbound-rtp: {inbound}; "
                + $"remote-outbound-rtp: {remoteOutbound}; aiortc's remote-inbound-rtp from our RR: {sent.GetProperty("remoteInbound")}";
            TestContext.Current.TestOutputHelper?.WriteLine(summary);

            Assert.True(trackOnSignaling);
            Assert.Equal(MediaKind.Audio, e.Track.Kind);
            Assert.Equal(RtpTransceiverDirection.RecvOnly, e.Transceiver.CurrentDirection);
            Assert.True(packets.Count >= 25, summary);   // 20 ms frames for ~2 s
            Assert.True(packets.Count >= aiortcSent * 9 / 10, summary);
            Assert.All(packets, p => Assert.Equal((opus, aiortcSsrc), (p.PayloadType, p.Ssrc)));
            Assert.Equal(packets.Count, inbound.GetInt64("packetsReceived"));
            RtcStats transport = report.OfType("transport").Single();
            Assert.Equal(0, transport.GetInt64("jingleSrtpAuthenticationFailures"));

            // aiortc's SR parsed: remote-outbound-rtp for its SSRC, linked both ways with our inbound-rtp.
            Assert.True(remoteOutbound is not null, summary);
            Assert.Equal((long)aiortcSsrc, remoteOutbound.GetInt64("ssrc"));
            Assert.Equal(inbound.Id, remoteOutbound["localId"]);
            Assert.Equal(remoteOutbound.Id, inbound["remoteId"]);
            Assert.InRange(remoteOutbound.GetInt64("packetsSent"), 1, aiortcSent);
            Assert.True(transport.GetInt64("jingleRtcpReceived") >= 1, summary);
            Assert.Equal(0, transport.GetInt64("jingleRtcpMalformed"));

            // Our RR parsed by aiortc: it reports the loss it read from our block about its stream (none on loopback).
            JsonElement theirs = sent.GetProperty("remoteInbound");
            Assert.True(theirs.ValueKind == JsonValueKind.Object, summary);
            Assert.Equal(0, theirs.GetProperty("packetsLost").GetInt64());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task WeOfferAudio_AiortcAnswers_AndReceivesOurSrtp()
    {
        AiortcPeer.EnsurePrerequisites();
        string dir = Directory.CreateTempSubdirectory("jingle-aiortc-media-").FullName;
        string offerFile = Path.Combine(dir, "offer.json");
        try
        {
            await using var aiortc = ExternalProcess.Start(AiortcPeer.Python,
                ["-u", InteropAssets.Path("aiortc_media_offer.py"), "--offer-file", offerFile, "--seconds", "3"],
                environment: new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
            await using var factory = new PeerConnectionFactory();
            await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pc.ConnectionStateChanged += (_, s) =>
            {
                if (s == PeerConnectionState.Connected)
                {
                    connected.TrySetResult();
                }
            };
            RtpSender sender = pc.AddTrack(new MediaStreamTrack(MediaKind.Audio), "ours");

            await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
            await WhenGatheredAsync(pc);
            await File.WriteAllTextAsync(offerFile + ".tmp", JsonSerializer.Serialize(new { type = "offer", sdp = pc.LocalDescription!.Sdp }) + "\n");
            File.Move(offerFile + ".tmp", offerFile);
            await aiortc.WaitForOutputAsync("ANSWER ", Timeout);
            await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, ReadJson(aiortc.Output, "ANSWER ").GetProperty("sdp").GetString()!));
            await connected.Task.WaitAsync(Timeout);

            // Opus silence (RFC 6716 TOC 0xF8: CELT fullband 20 ms, one frame), every 20 ms for one second.
            byte[] silence = [0xF8, 0xFF, 0xFE];
            int sent = 0;
            for (int i = 0; i < 50; i++)
            {
                sent += await sender.SendRtpAsync(silence, (uint)(i * 960), marker: i == 0) ? 1 : 0;
                await Task.Delay(20);
            }

            await aiortc.WaitForOutputAsync("RECEIVED ", Timeout);
            JsonElement received = ReadJson(aiortc.Output, "RECEIVED ");
            Assert.Equal(0, await aiortc.WaitForExitAsync(Timeout));
            string summary = $"we sent {sent} (ssrc {sender.Ssrc}, {sender.Codecs[0].MimeType} PT {sender.Codecs[0].PayloadType}); aiortc: {received}";
            TestContext.Current.TestOutputHelper?.WriteLine(summary);

            Assert.Equal(50, sent);
            Assert.Equal(RtpTransceiverDirection.SendOnly, sender.Transceiver(pc).CurrentDirection);
            Assert.Equal(1, received.GetProperty("tracks").GetInt32());
            Assert.True(received.GetProperty("packetsReceived").GetInt64() >= 45, summary);
            Assert.Equal(sender.Ssrc, received.GetProperty("ssrc").GetUInt32());
            Assert.True(received.GetProperty("frames").GetInt64() > 0, summary);

            // aiortc's RR about our stream parsed: remote-inbound-rtp for our SSRC; RTT when its block echoed our SR.
            RtcStatsReport report = await pc.GetStatsAsync();
            RtcStats outbound = report.OfType("outbound-rtp").Single();
            RtcStats? remoteInbound = report.OfType("remote-inbound-rtp").SingleOrDefault();
            TestContext.Current.TestOutputHelper?.WriteLine($"outbound-rtp: {outbound}; remote-inbound-rtp: {remoteInbound}");
            Assert.True(remoteInbound is not null, $"no remote-inbound-rtp; {outbound}; {report.OfType("transport").Single()}");
            Assert.Equal((long)sender.Ssrc, remoteInbound.GetInt64("ssrc"));
            Assert.Equal(outbound.Id, remoteInbound["localId"]);
            Assert.InRange(remoteInbound.GetInt64("packetsLost"), 0, 5);
            if (remoteInbound["roundTripTime"] is double rtt)
            {
                Assert.InRange(rtt, 0, 1);   // loopback: well under a second
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static JsonElement ReadJson(string output, string tag)
    {
        string line = output.Split('\n').Select(l => l.TrimEnd('\r')).Last(l => l.StartsWith(tag, StringComparison.Ordinal));
        return JsonDocument.Parse(line[tag.Length..]).RootElement.Clone();
    }

    private static async Task WhenGatheredAsync(Net.PeerConnection pc)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceGatheringStateChanged += (_, s) =>
        {
            if (s == Ice.IceGatheringState.Complete)
            {
                done.TrySetResult();
            }
        };
        if (pc.IceGatheringState == Ice.IceGatheringState.Complete)
        {
            done.TrySetResult();
        }

        await done.Task.WaitAsync(Timeout);
    }
}
