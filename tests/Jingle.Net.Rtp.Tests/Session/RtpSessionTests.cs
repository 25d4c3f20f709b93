using System.Buffers.Binary;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Rtp.Rtcp;
using Jingle.Net.Rtp.Session;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Rtp.Tests.Session;

public sealed class RtpSessionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private JingleEnvironment Environment(int seed) => new(_time, NullLoggerFactory.Instance, RandomSource.CreateSeeded(seed),
        new SocketFactory(_time), new NetworkManager());

    [Fact]
    public void NewSsrcsBeyondTheLimit_AreDroppedAndCounted_KnownOnesStillCount()
    {
        var receiver = new RtpSession(Environment(11), new RtpSessionOptions { MaxRemoteSources = 4 });
        byte[] packet = new byte[12 + 10];
        for (uint ssrc = 1; ssrc <= 10; ssrc++)
        {
            var sender = new RtpSession(Environment(100 + (int)ssrc), new RtpSessionOptions { LocalSsrc = 1000 + ssrc });
            sender.WriteRtpHeader(packet, 96, false, 0);
            receiver.OnRtpReceived(packet);
        }

        Assert.Equal(4, receiver.Sources.Count);
        Assert.Equal(6, receiver.SourceLimitDropped);
        Assert.True(receiver.Sources.ContainsKey(1001));
        Assert.False(receiver.Sources.ContainsKey(1010));
    }

    [Fact]
    public void TwoSessions_ExchangeMedia_AndReportEachOther()
    {
        var a = new RtpSession(Environment(1), new RtpSessionOptions { ClockRate = 48000, CanonicalName = "a" });
        var b = new RtpSession(Environment(2), new RtpSessionOptions { ClockRate = 48000, CanonicalName = "b" });
        byte[] packet = new byte[12 + 100];
        for (int i = 0; i < 50; i++)
        {
            a.WriteRtpHeader(packet, 111, false, (uint)(i * 960));
            a.OnRtpSent((uint)(i * 960), 100);
            if (i != 10)
            {
                Assert.Equal(i != 0, b.OnRtpReceived(packet)); // the first is in probation; #10 is lost
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        byte[] report = new byte[1500];
        Assert.True(a.TryBuildReport(report, out int written));
        IReadOnlyList<RtcpPacket> fromA = b.OnRtcpReceived(report.AsSpan(0, written));
        var sr = Assert.IsType<RtcpSenderReport>(fromA[0]);
        Assert.Equal(a.LocalSsrc, sr.Ssrc);
        Assert.Equal(50u, sr.PacketCount);
        Assert.Equal(5000u, sr.OctetCount);
        Assert.Equal("a", Assert.IsType<RtcpSourceDescription>(fromA[1]).Chunks[0].CanonicalName);

        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(b.TryBuildReport(report, out written));
        IReadOnlyList<RtcpPacket> fromB = a.OnRtcpReceived(report.AsSpan(0, written));
        var rr = Assert.IsType<RtcpReceiverReport>(fromB[0]);
        RtcpReportBlock block = Assert.Single(rr.ReportBlocks);
        Assert.Equal(a.LocalSsrc, block.Ssrc);
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal((uint)(sr.NtpTimestamp >> 16), block.LastSenderReport);
        Assert.Equal(65536u / 4, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void ReportSchedule_FollowsMinimumInterval_WithRandomization()
    {
        var session = new RtpSession(Environment(3), new RtpSessionOptions { MinimumRtcpInterval = TimeSpan.FromSeconds(1) });
        // First report: half the minimum, randomized over [0.5, 1.5] / (e - 1.5).
        Assert.InRange(session.NextReportTime.TotalSeconds, 0.5 * 0.5 / 1.21828, 0.5 * 1.5 / 1.21828);
        Assert.False(session.IsReportDue);
        TimeSpan first = session.NextReportTime;
        _time.Advance(first);
        Assert.True(session.IsReportDue);
        Assert.True(session.TryBuildReport(new byte[1500], out _));
        Assert.False(session.IsReportDue);
        // Later reports: the full 1 s minimum (no more halving), randomized the same way.
        Assert.InRange((session.NextReportTime - first).TotalSeconds, (1 * 0.5 / 1.21828) - 1e-6, (1 * 1.5 / 1.21828) + 1e-6);
    }

    [Fact]
    public void Rfc3550_6_3_3_TimerReconsideration_MoreMembersPushTheReportOut()
    {
        // 8 kbit/s session: 50 B/s of RTCP, so the bandwidth share (not the 1 s minimum) sets the interval.
        var session = new RtpSession(Environment(7), new RtpSessionOptions { SessionBandwidth = 8000 });
        TimeSpan alone = session.NextReportTime;
        byte[] packet = new byte[20];
        packet[0] = 0x80;
        for (uint ssrc = 1; ssrc <= 20; ssrc++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
            session.OnRtpReceived(packet);
        }

        TimeSpan crowded = session.NextReportTime;
        Assert.True(crowded > alone * 5, $"{crowded} vs {alone}");
        _time.Advance(alone);
        Assert.False(session.IsReportDue); // the timer that would have fired at 'alone' is reconsidered

        var bye = new RtcpBye();
        for (uint ssrc = 1; ssrc <= 20; ssrc++)
        {
            bye.Sources.Add(ssrc);
        }

        session.OnRtcpReceived([.. new RtcpReceiverReport { Ssrc = 1 }.ToArray(), .. bye.ToArray()]);
        // Back to about the lone interval (the average RTCP size moved a little with the received compound).
        Assert.InRange(session.NextReportTime.TotalSeconds, alone.TotalSeconds * 0.9, alone.TotalSeconds * 1.1);
        Assert.True(session.NextReportTime < crowded);
    }

    [Fact]
    public void RtcpInterval_Rfc3550_A7_SendersShareAQuarter()
    {
        // 100 members, 5 senders, 1000 B/s RTCP, 100-byte reports: a sender gets 1/4 of the bandwidth over 5 senders.
        double sender = RtcpIntervalCalculator.DeterministicInterval(100, 5, 1000, true, 100, false, TimeSpan.FromSeconds(1));
        double receiver = RtcpIntervalCalculator.DeterministicInterval(100, 5, 1000, false, 100, false, TimeSpan.FromSeconds(1));
        Assert.Equal(100 * 5 / 250.0, sender, 6);
        Assert.Equal(100 * 95 / 750.0, receiver, 6);
        Assert.Equal(5, RtcpIntervalCalculator.DeterministicInterval(2, 1, 1_000_000, true, 100, false, RtcpIntervalCalculator.AudioMinimum));
        Assert.Equal(2.5, RtcpIntervalCalculator.DeterministicInterval(2, 1, 1_000_000, true, 100, true, RtcpIntervalCalculator.AudioMinimum));
    }

    [Fact]
    public void MalformedPackets_AreDroppedAndCounted()
    {
        var session = new RtpSession(Environment(4));
        Assert.False(session.OnRtpReceived([0x80, 0x60, 0, 1]));
        Assert.Empty(session.OnRtcpReceived([0x81, 0xC9, 0, 9, 0, 0, 0, 1]));
        Assert.Equal(1, session.MalformedRtpDropped);
        Assert.Equal(1, session.MalformedRtcpDropped);
    }

    [Fact]
    public void SsrcCollision_PicksNewSsrc_AndSendsByeForTheOld()
    {
        var session = new RtpSession(Environment(5), new RtpSessionOptions { LocalSsrc = 0x1234 });
        byte[] packet = new byte[20];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234);
        session.OnRtpReceived(packet);
        Assert.NotEqual(0x1234u, session.LocalSsrc);
        Assert.Equal(1, session.SsrcCollisions);
        byte[] report = new byte[1500];
        session.TryBuildReport(report, out int written);
        var bye = Assert.IsType<RtcpBye>(RtcpCompoundPacket.Parse(report.AsSpan(0, written))[^1]);
        Assert.Equal([0x1234u], bye.Sources);
    }

    [Fact]
    public void Bye_RemovesSource()
    {
        var session = new RtpSession(Environment(6));
        byte[] packet = new byte[20];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 77);
        session.OnRtpReceived(packet);
        Assert.True(session.Sources.ContainsKey(77));
        var bye = new RtcpBye();
        bye.Sources.Add(77);
        session.OnRtcpReceived([.. new RtcpReceiverReport { Ssrc = 77 }.ToArray(), .. bye.ToArray()]);
        Assert.False(session.Sources.ContainsKey(77));
    }

    [Fact]
    public void Ntp_FromUtc()
    {
        ulong ntp = RtpSession.ToNtp(new DateTimeOffset(1900, 1, 1, 0, 0, 1, 500, TimeSpan.Zero));
        Assert.Equal(1UL, ntp >> 32);
        Assert.Equal(0x8000_0000UL, ntp & 0xFFFF_FFFF);
    }
}
