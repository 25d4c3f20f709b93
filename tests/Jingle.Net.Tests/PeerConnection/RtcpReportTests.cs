using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// RTCP Sender and Receiver Reports between two of our PeerConnections on the VirtualNetwork with a fake clock: audio
/// flows both ways for a few seconds of fake time over links with a known delay, with every tenth RTP packet of one
/// direction dropped on the link. The reports must carry the loss (remote-inbound-rtp fractionLost/packetsLost at the
/// sender), a round-trip time that matches the links (LSR/DLSR), and the SR sender info (remote-outbound-rtp at the
/// receiver).
/// </summary>
public sealed class RtcpReportTests
{
    private const int Step = 5;                 // ms of fake time per drive step
    private const int LinkDelay = 20;           // ms one way on each host's link: 40 ms one way, 80 ms round trip
    private const int PayloadLength = 60;

    [Fact]
    public async Task ReportsFlow_LossAndRoundTripTimeShowInRemoteInboundStats_SenderInfoInRemoteOutbound()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        using var net = new VirtualNetwork(time, seed: 3550);
        VirtualHost alice = net.AddHost("alice", IPAddress.Parse("198.51.100.10"));
        VirtualHost bob = net.AddHost("bob", IPAddress.Parse("198.51.100.20"));
        await using var pair = new PeerPair(
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = alice.CreateEnvironment() }),
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = bob.CreateEnvironment() }),
            new RtcConfiguration());
        (RtpSender a, RtpSender b) = await ConnectAudioAsync(time, pair);
        net.SetLinkConditions(alice, new LinkConditions { Delay = TimeSpan.FromMilliseconds(LinkDelay) });
        net.SetLinkConditions(bob, new LinkConditions { Delay = TimeSpan.FromMilliseconds(LinkDelay) });

        // Every tenth RTP packet of alice's stream is lost on the way (RTP headers are in the clear under SRTP).
        int dropped = 0;
        using IDisposable loss = net.AddDropFilter(p =>
        {
            ReadOnlySpan<byte> d = p.Payload.Span;
            bool rtp = d.Length >= 12 && d[0] is >= 128 and <= 191 && d[1] is < 192 or > 223 && BinaryPrimitives.ReadUInt32BigEndian(d[8..]) == a.Ssrc;
            if (rtp && BinaryPrimitives.ReadUInt16BigEndian(d[2..]) % 10 == 3)
            {
                Interlocked.Increment(ref dropped);
                return true;
            }

            return false;
        });

        // 6 s of 20 ms audio packets both ways, then 3 s more so that a report covers the last packets.
        const int Packets = 300;
        byte[] payload = new byte[PayloadLength];
        int sent = 0;
        double midRunFractionLost = -1;
        for (int ms = 0; ms < 9000; ms += Step)
        {
            if (ms == 4000)
            {
                // Mid-run, the last report about alice's stream covered 0.5-1.5 s of packets, one in ten lost. (The
                // last report of the run may cover only the final few packets, so its fraction is not checked.)
                RtcStatsReport mid = await pair.Offerer.GetStatsAsync();
                RtcStats midOutbound = mid.OfType("outbound-rtp").Single();
                midRunFractionLost = (double)mid[(string)midOutbound["remoteId"]!]["fractionLost"]!;
            }

            if (ms % 20 == 0 && sent < Packets)
            {
                Assert.True(a.TrySendRtp(payload, (uint)(sent * 960)));
                Assert.True(b.TrySendRtp(payload, (uint)(sent * 960)));
                sent++;
            }

            time.Advance(TimeSpan.FromMilliseconds(Step));

            // Both workers have handled what this step delivered before the clock moves on: a worker lagging behind
            // the fake clock under load would otherwise see several steps' packets inside one report interval.
            await Task.WhenAll(pair.Factory.WorkerThread.InvokeAsync(static () => { }), pair.AnswererFactory!.WorkerThread.InvokeAsync(static () => { }));
        }

        RtcStatsReport atAlice = await pair.Offerer.GetStatsAsync();
        RtcStatsReport atBob = await pair.Answerer.GetStatsAsync();
        RtcStats transport = atAlice.OfType("transport").Single();
        Assert.InRange(transport.GetInt64("jingleRtcpSent"), 6, 20);      // about one report a second
        Assert.InRange(transport.GetInt64("jingleRtcpReceived"), 6, 20);
        Assert.Equal(0, transport.GetInt64("jingleRtcpMalformed"));

        // Bob's report blocks about alice's stream, at alice.
        RtcStats outbound = atAlice.OfType("outbound-rtp").Single();
        Assert.Equal(Packets, outbound.GetInt64("packetsSent"));
        RtcStats remoteInbound = atAlice[(string)outbound["remoteId"]!];
        Assert.Equal("remote-inbound-rtp", remoteInbound.Type);
        Assert.Equal(outbound.Id, remoteInbound["localId"]);
        Assert.Equal((long)a.Ssrc, remoteInbound.GetInt64("ssrc"));
        Assert.Equal(Packets / 10, dropped);
        Assert.Equal(dropped, remoteInbound.GetInt64("packetsLost"));
        Assert.InRange(midRunFractionLost, 0.05, 0.15);
        Assert.InRange((double)remoteInbound["fractionLost"]!, 0, 0.5);
        double rtt = (double)remoteInbound["roundTripTime"]!;
        Assert.InRange(rtt, 0.070, 0.100);                                  // 4 × 20 ms of link delay, ± the drive step
        Assert.True(remoteInbound.GetInt64("roundTripTimeMeasurements") >= 4);
        Assert.InRange((double)remoteInbound["jitter"]!, 0, 0.005);          // fixed delay: next to no jitter

        // Alice's SRs at bob: remote-outbound-rtp with her counts; his inbound-rtp counts the loss too.
        RtcStats inbound = atBob.OfType("inbound-rtp").Single();
        Assert.Equal(Packets - dropped, inbound.GetInt64("packetsReceived"));
        Assert.Equal(dropped, inbound.GetInt64("packetsLost"));
        RtcStats remoteOutbound = atBob[(string)inbound["remoteId"]!];
        Assert.Equal("remote-outbound-rtp", remoteOutbound.Type);
        Assert.Equal(inbound.Id, remoteOutbound["localId"]);
        Assert.Equal(Packets, remoteOutbound.GetInt64("packetsSent"));
        Assert.Equal(Packets * PayloadLength, remoteOutbound.GetInt64("bytesSent"));
        Assert.True(remoteOutbound.GetInt64("reportsSent") >= 4);
        double remoteTimestamp = (double)remoteOutbound["remoteTimestamp"]!;
        double startUnixMs = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.InRange(remoteTimestamp, startUnixMs, startUnixMs + 60_000);

        // Bob's stream lost nothing: alice reports zero loss about it.
        RtcStats bobOutbound = atBob.OfType("outbound-rtp").Single();
        RtcStats bobRemoteInbound = atBob[(string)bobOutbound["remoteId"]!];
        Assert.Equal(0, bobRemoteInbound.GetInt64("packetsLost"));
        Assert.Equal(0.0, (double)bobRemoteInbound["fractionLost"]!);
        Assert.InRange((double)bobRemoteInbound["roundTripTime"]!, 0.070, 0.100);

        // Closing stops the report timers with everything else: no delayed work is left on either worker.
        await pair.Offerer.DisposeAsync();
        await pair.Answerer.DisposeAsync();
        Assert.Equal(0, pair.Factory.WorkerThread.PendingDelayedCount);
        Assert.Equal(0, pair.AnswererFactory!.WorkerThread.PendingDelayedCount);
    }

    /// <summary>Both sides add an audio track; ICE/DTLS/SRTP connect while the fake clock is driven.</summary>
    internal static async Task<(RtpSender Offerer, RtpSender Answerer)> ConnectAudioAsync(FakeTimeProvider time, PeerPair pair)
    {
        RtpSender a = pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "a");
        RtpSender b = pair.Answerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "b");
        Task connected = Task.WhenAll(RtpMediaLoopbackTests.WhenConnected(pair.Offerer), RtpMediaLoopbackTests.WhenConnected(pair.Answerer));
        Task negotiated = pair.NegotiateAsync();
        Task both = Task.WhenAll(negotiated, connected);
        for (int i = 0; i < 20_000 && !both.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.WhenAny(both, Task.Delay(1));
        }

        Assert.True(both.IsCompleted, "not connected within 20 s of fake time. " + await pair.DescribeAsync());
        await both;
        return (a, b);
    }
}
