using System.Collections.Concurrent;
using System.Text.Json;
using Jingle.Net.Base.Networking;
using Jingle.Net.Jsep;
using Jingle.Net.Testing;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// Media against Debian's aiortc: aiortc offers an audio track (its AudioStreamTrack sends opus-encoded silence
/// every 20 ms), our PeerConnection answers; the Track event fires and our receiver gets the SRTP-decrypted RTP
/// packets with the negotiated opus payload type and aiortc's SSRC.
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
            List<string> arguments = ["-u", InteropAssets.Path("aiortc_media_offer.py"), "--answer-file", answerFile, "--seconds", "2"];
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
            RtcStats inbound = (await pc.GetStatsAsync()).OfType("inbound-rtp").Single();
            string summary = $"aiortc sent {aiortcSent} packets (ssrc {aiortcSsrc}); we decrypted {packets.Count}; inbound-rtp: {inbound}";
            TestContext.Current.TestOutputHelper?.WriteLine(summary);

            Assert.True(trackOnSignaling);
            Assert.Equal(MediaKind.Audio, e.Track.Kind);
            Assert.Equal(RtpTransceiverDirection.RecvOnly, e.Transceiver.CurrentDirection);
            Assert.True(packets.Count >= 25, summary);   // 20 ms frames for ~2 s
            Assert.True(packets.Count >= aiortcSent * 9 / 10, summary);
            Assert.All(packets, p => Assert.Equal((opus, aiortcSsrc), (p.PayloadType, p.Ssrc)));
            Assert.Equal(packets.Count, inbound.GetInt64("packetsReceived"));
            Assert.Equal(0, (await pc.GetStatsAsync()).OfType("transport").Single().GetInt64("jingleSrtpAuthenticationFailures"));
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
