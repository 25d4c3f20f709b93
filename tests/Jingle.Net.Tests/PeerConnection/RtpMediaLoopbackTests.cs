using System.Buffers.Binary;
using System.Collections.Concurrent;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// RTP over DTLS-SRTP between two of our PeerConnections on real loopback UDP: the raw sender/receiver path in
/// both directions for every SRTP profile we offer, the RTP stream stats, and forged SRTP dropped and counted.
/// </summary>
public sealed class RtpMediaLoopbackTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles => new(SrtpProtectionProfileExtensions.DefaultProfiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task RtpArrivesDecrypted_BothDirections(SrtpProtectionProfile profile)
    {
        await using var pair = new PeerPair();
        pair.Offerer.Transport.SrtpProfiles = [profile];
        (RtpSender offererSender, RtpSender answererSender) = await ConnectAudioAsync(pair);
        RtpReceiver atAnswerer = pair.Answerer.GetReceivers().Single();
        RtpReceiver atOfferer = pair.Offerer.GetReceivers().Single();
        var toAnswerer = Collect(atAnswerer);
        var toOfferer = Collect(atOfferer);

        const int Count = 20;
        for (int i = 0; i < Count; i++)
        {
            Assert.True(await offererSender.SendRtpAsync(Payload(1, i), (uint)(i * 960), marker: i == 0));
            Assert.True(await answererSender.SendRtpAsync(Payload(2, i), (uint)(i * 960)));
        }

        await WaitCountAsync(toAnswerer, Count);
        await WaitCountAsync(toOfferer, Count);
        int opus = offererSender.Codecs.Single(c => c.Name == "opus").PayloadType;
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Convert.ToHexString(Payload(1, i))), toAnswerer.Select(p => Convert.ToHexString(p.Payload)));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Convert.ToHexString(Payload(2, i))), toOfferer.Select(p => Convert.ToHexString(p.Payload)));
        Assert.All(toAnswerer, p => Assert.Equal((opus, offererSender.Ssrc), (p.PayloadType, p.Ssrc)));
        Assert.All(toOfferer, p => Assert.Equal((opus, answererSender.Ssrc), (p.PayloadType, p.Ssrc)));
        Assert.True(toAnswerer.First().Marker);
        Assert.Equal(960u * 3, toAnswerer.ElementAt(3).Timestamp);

        RtcStatsReport offererStats = await pair.Offerer.GetStatsAsync();
        RtcStatsReport answererStats = await pair.Answerer.GetStatsAsync();
        RtcStats outbound = offererStats.OfType("outbound-rtp").Single();
        RtcStats inbound = answererStats.OfType("inbound-rtp").Single();
        Assert.Equal(Count, outbound.GetInt64("packetsSent"));
        Assert.Equal(Count * 40, outbound.GetInt64("bytesSent"));
        Assert.Equal(Count, inbound.GetInt64("packetsReceived"));
        Assert.Equal(Count * 40, inbound.GetInt64("bytesReceived"));
        Assert.Equal((long)offererSender.Ssrc, inbound.GetInt64("ssrc"));
        Assert.Equal("audio", inbound["kind"]);
        Assert.Equal("0", inbound["mid"]);
        Assert.Equal(profile.ToWireString(), offererStats.OfType("transport").Single()["srtpCipher"]);
        Assert.Equal(profile.ToWireString(), answererStats.OfType("transport").Single()["srtpCipher"]);
    }

    [Fact]
    public async Task ForgedSrtp_IsDroppedAndCounted()
    {
        await using var pair = new PeerPair();
        (RtpSender sender, _) = await ConnectAudioAsync(pair);
        RtpReceiver receiver = pair.Answerer.GetReceivers().Single();
        var received = Collect(receiver);
        Assert.True(await sender.SendRtpAsync(Payload(1, 0), 0));
        await WaitCountAsync(received, 1);

        // The sender's SSRC, a later sequence number, and a payload and tag that were never protected with the key.
        byte[] forged = new byte[12 + 40 + 16];
        forged[0] = 0x80;
        forged[1] = (byte)sender.Codecs[0].PayloadType;
        ushort next = await pair.Factory.WorkerThread.InvokeAsync(() => sender.NextSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(forged.AsSpan(2), (ushort)(next + 5));
        BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(8), sender.Ssrc);
        Random.Shared.NextBytes(forged.AsSpan(12));
        Assert.True(await pair.Factory.WorkerThread.InvokeAsync(() => pair.Offerer.Transport.Dtls!.SendSrtp(forged)));
        Assert.True(await sender.SendRtpAsync(Payload(1, 1), 960));
        await WaitCountAsync(received, 2);

        RtcStats transport = (await pair.Answerer.GetStatsAsync()).OfType("transport").Single();
        Assert.Equal(1, transport.GetInt64("jingleSrtpAuthenticationFailures"));
        Assert.Equal(2, received.Count);
        Assert.Equal(2, (await pair.Answerer.GetStatsAsync()).OfType("inbound-rtp").Single().GetInt64("packetsReceived"));
    }

    [Fact]
    public async Task ArbitrarySrtpRangeDatagrams_AreDroppedAndCounted_MediaKeepsFlowing()
    {
        await using var pair = new PeerPair();
        (RtpSender sender, _) = await ConnectAudioAsync(pair);
        RtpReceiver receiver = pair.Answerer.GetReceivers().Single();
        var received = Collect(receiver);
        var random = new Random(7983);
        int injected = await pair.Factory.WorkerThread.InvokeAsync(() =>
        {
            int sent = 0;
            for (int i = 0; i < 300; i++)
            {
                byte[] junk = new byte[random.Next(1, 1200)];
                random.NextBytes(junk);
                junk[0] = (byte)random.Next(128, 192);   // RFC 7983: what DTLS passes up as SRTP/SRTCP
                sent += pair.Offerer.Transport.Dtls!.SendSrtp(junk) ? 1 : 0;
            }

            return sent;
        });
        Assert.True(await sender.SendRtpAsync(Payload(1, 0), 0));
        await WaitCountAsync(received, 1);

        (long failures, long malformed, long unroutable) = await pair.Factory.WorkerThread.InvokeAsync(() =>
        {
            RtpMediaTransport media = pair.Answerer.Transport.Media;
            Rtp.Srtp.SrtpStatistics srtp = media.InboundStatistics!;
            return (srtp.AuthenticationFailures + srtp.ReplaysDropped, srtp.MalformedDropped + media.Malformed, media.Unroutable);
        });
        Assert.Equal(300, injected);
        Assert.Single(received);
        Assert.True(failures + malformed >= 290, $"auth/replay {failures}, malformed {malformed}");
        Assert.Equal(0, unroutable);
    }

    [Fact]
    public async Task MediaAddedToADataChannelSession_Renegotiates_DataAndRtpFlow()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        var track = new TaskCompletionSource<RtcTrackEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.Track += (_, e) => track.TrySetResult(e);

        RtpSender sender = pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Video), "v");
        await pair.NegotiateAsync();
        RtcTrackEventArgs e = await track.Task.WaitAsync(PeerPair.Timeout);
        var received = Collect(e.Receiver);
        Assert.True(await sender.SendRtpAsync(Payload(1, 0), 3000, marker: true));
        await WaitCountAsync(received, 1);

        Net.Sdp.SessionDescription offer = Net.Sdp.SessionDescription.Parse(pair.Offerer.LocalDescription!.Sdp);
        Assert.Equal(["application", "video"], offer.Media.Select(m => m.Media));
        Assert.Equal(["0", "1"], offer.BundleGroups.Single().Mids);
        Assert.Equal("video/VP8", sender.Codecs[0].MimeType);
        Assert.Equal(sender.Codecs[0].PayloadType, received.Single().PayloadType);
        var message = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += (_, m) => message.TrySetResult(m.Text);
        local.Send("still here");
        Assert.Equal("still here", await message.Task.WaitAsync(PeerPair.Timeout));
    }

    [Fact]
    public async Task DisabledTrack_SendsNothing()
    {
        await using var pair = new PeerPair();
        (RtpSender sender, _) = await ConnectAudioAsync(pair);
        sender.Track!.Enabled = false;
        Assert.False(await sender.SendRtpAsync(Payload(1, 0), 0));
        sender.Track.Enabled = true;
        Assert.True(await sender.SendRtpAsync(Payload(1, 0), 0));
    }

    /// <summary>Both sides add an audio track (the answerer before the offer arrives), then ICE/DTLS/SRTP connect.</summary>
    private static async Task<(RtpSender Offerer, RtpSender Answerer)> ConnectAudioAsync(PeerPair pair)
    {
        RtpSender a = pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "a");
        RtpSender b = pair.Answerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "b");
        Task connected = Task.WhenAll(WhenConnected(pair.Offerer), WhenConnected(pair.Answerer));
        await pair.NegotiateAsync();
        try
        {
            await connected.WaitAsync(PeerPair.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("Not connected. " + await pair.DescribeAsync());
        }

        Assert.Equal(RtpTransceiverDirection.SendRecv, a.Transceiver(pair.Offerer).CurrentDirection);
        Assert.Equal(RtpTransceiverDirection.SendRecv, b.Transceiver(pair.Answerer).CurrentDirection);
        return (a, b);
    }

    private static Task WhenConnected(Net.PeerConnection pc)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.ConnectionStateChanged += (_, s) =>
        {
            if (s == PeerConnectionState.Connected)
            {
                tcs.TrySetResult();
            }
        };
        return tcs.Task;
    }

    private static byte[] Payload(int side, int index)
    {
        byte[] payload = new byte[40];
        payload.AsSpan().Fill((byte)(side * 16 + (index % 16)));
        payload[0] = (byte)index;
        return payload;
    }

    private sealed record Received(int PayloadType, uint Ssrc, ushort Sequence, uint Timestamp, bool Marker, byte[] Payload);

    private static ConcurrentQueue<Received> Collect(RtpReceiver receiver)
    {
        var queue = new ConcurrentQueue<Received>();
        receiver.RtpPacketReceived += (_, e) =>
            queue.Enqueue(new Received(e.PayloadType, e.Ssrc, e.SequenceNumber, e.Timestamp, e.Marker, e.Payload.ToArray()));
        return queue;
    }

    private static async Task WaitCountAsync(ConcurrentQueue<Received> queue, int count)
    {
        var deadline = DateTime.UtcNow + PeerPair.Timeout;
        while (queue.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{queue.Count} of {count} RTP packets arrived");
            await Task.Delay(10);
        }
    }
}

internal static class RtpSenderTestExtensions
{
    public static RtpTransceiver Transceiver(this RtpSender sender, Net.PeerConnection pc) =>
        pc.GetTransceivers().Single(t => ReferenceEquals(t.Sender, sender));
}
