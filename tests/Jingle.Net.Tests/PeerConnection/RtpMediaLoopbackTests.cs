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

    [Fact]
    public async Task TrySendRtp_OnTheWorkerThread_SendsInline_AndAllocatesNothing()
    {
        await using var pair = new PeerPair();
        (RtpSender sender, _) = await ConnectAudioAsync(pair);
        byte[] payload = new byte[160];
        (long allocated, int sent, long counted) = await pair.Factory.WorkerThread.InvokeAsync(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                sender.TrySendRtp(payload, (uint)(i * 960));   // warm up: JIT, first-use caches
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            int ok = 0;
            for (int i = 0; i < 2000; i++)
            {
                ok += sender.TrySendRtp(payload, (uint)(i * 960), marker: i % 50 == 0) ? 1 : 0;
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before, ok, sender.PacketsSent);
        });

        Assert.Equal(2000, sent);
        Assert.Equal(2200, counted);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task TrySendRtp_FromAnotherThread_QueuesInReusedBuffers_AllocatesNothing_AndArrivesInOrder()
    {
        await using var pair = new PeerPair();
        (RtpSender sender, _) = await ConnectAudioAsync(pair);
        var received = Collect(pair.Answerer.GetReceivers().Single());
        const int Batch = 100;
        const int ThreadWarmUp = 10;
        Assert.False(pair.Factory.WorkerThread.IsCurrent);

        // Warm up with the worker held, so that Batch + ThreadWarmUp packets wait at once: the slot pool and the
        // queues grow to that (the steady state for bursts of that size), and the measured burst cannot need more.
        using (var gate = new ManualResetEventSlim())
        {
            Task held = pair.Factory.WorkerThread.InvokeAsync(() => gate.Wait(PeerPair.Timeout));
            for (int i = 0; i < Batch + ThreadWarmUp; i++)
            {
                Assert.True(sender.TrySendRtp(Payload(1, i), (uint)(i * 960)));
            }

            gate.Set();
            await held;
        }

        await WaitCountAsync(received, Batch + ThreadWarmUp);
        byte[] payload = Payload(1, 0);

        // The continuation may run on another pool thread: its first TrySendRtp touches thread statics (allocated
        // once per thread), so warm this thread up too, in the same synchronous block as the measurement.
        int first = Batch + ThreadWarmUp;
        for (int i = first; i < first + ThreadWarmUp; i++)
        {
            Assert.True(sender.TrySendRtp(payload, (uint)(i * 960)));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int queued = 0;
        for (int i = first + ThreadWarmUp; i < first + ThreadWarmUp + Batch; i++)
        {
            queued += sender.TrySendRtp(payload, (uint)(i * 960)) ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int total = first + ThreadWarmUp + Batch;
        await WaitCountAsync(received, total);
        Assert.Equal(Batch, queued);
        Assert.Equal(0, allocated);
        Assert.Equal(Enumerable.Range(0, total).Select(i => (uint)(i * 960)), received.Select(p => p.Timestamp));
        Assert.Equal(0, pair.Offerer.Transport.Media.SendQueueFull);
    }

    [Fact]
    public async Task MalformedRtcp_IsDroppedAndCounted_ReportsKeepFlowing()
    {
        await using var pair = new PeerPair();
        (RtpSender sender, _) = await ConnectAudioAsync(pair);
        Assert.True(await sender.SendRtpAsync(Payload(1, 0), 0));

        // An RR whose length field says 44 bytes in a 12-byte datagram, and one with version 1, both under valid SRTCP.
        byte[] longer = new byte[64];
        new byte[] { 0x81, 201, 0x00, 0x0A }.CopyTo(longer, 0);
        BinaryPrimitives.WriteUInt32BigEndian(longer.AsSpan(4), sender.Ssrc);
        byte[] version1 = new byte[64];
        new byte[] { 0x80, 201, 0x00, 0x01 }.CopyTo(version1, 0);
        BinaryPrimitives.WriteUInt32BigEndian(version1.AsSpan(4), sender.Ssrc);
        version1[8] = 0x40;   // the second packet of the compound has version 1
        version1[9] = 200;
        Assert.True(await pair.Factory.WorkerThread.InvokeAsync(() =>
            pair.Offerer.Transport.Media.SendRtcp(longer, 12) & pair.Offerer.Transport.Media.SendRtcp(version1, 12)));
        await pair.Factory.WorkerThread.InvokeAsync(pair.Offerer.Transport.Media.SendReports);

        RtcStats transport = await WaitStatsAsync(pair.Answerer, s => s.GetInt64("jingleRtcpReceived") >= 3);
        Assert.Equal(2, transport.GetInt64("jingleRtcpMalformed"));
        Assert.Equal(0, transport.GetInt64("jingleSrtpAuthenticationFailures"));
        RtcStats remoteOutbound = (await pair.Answerer.GetStatsAsync()).OfType("remote-outbound-rtp").Single();
        Assert.Equal(1, remoteOutbound.GetInt64("packetsSent"));
        Assert.Equal((long)sender.Ssrc, remoteOutbound.GetInt64("ssrc"));
    }

    private static async Task<RtcStats> WaitStatsAsync(Net.PeerConnection pc, Func<RtcStats, bool> done)
    {
        var deadline = DateTime.UtcNow + PeerPair.Timeout;
        while (true)
        {
            RtcStats transport = (await pc.GetStatsAsync()).OfType("transport").Single();
            if (done(transport))
            {
                return transport;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out: " + transport);
            await Task.Delay(10);
        }
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

    internal static Task WhenConnected(Net.PeerConnection pc)
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
