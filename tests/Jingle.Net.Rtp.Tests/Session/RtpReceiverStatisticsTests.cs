using FsCheck.Xunit;
using Jingle.Net.Rtp.Rtcp;
using Jingle.Net.Rtp.Session;

namespace Jingle.Net.Rtp.Tests.Session;

public sealed class RtpReceiverStatisticsTests
{
    [Fact]
    public void Rfc3550_A1_Probation_FirstPacketNotCounted_SecondValidates()
    {
        var stats = new RtpReceiverStatistics(1, 90000);
        Assert.False(stats.OnPacketReceived(100, 0, 0));
        Assert.False(stats.IsValid);
        Assert.True(stats.OnPacketReceived(101, 0, 0));
        Assert.True(stats.IsValid);
        Assert.Equal(1, stats.PacketsReceived);
        Assert.Equal(101u, stats.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Rfc3550_A3_LossAndFractionLost()
    {
        var stats = new RtpReceiverStatistics(1, 8000);
        stats.OnPacketReceived(0, 0, 0);
        for (ushort seq = 1; seq <= 100; seq++)
        {
            if (seq % 4 != 2)
            {
                stats.OnPacketReceived(seq, seq * 160u, seq * 20_000L);
            }
        }

        Assert.Equal(100, stats.PacketsExpected);
        Assert.Equal(25, stats.CumulativeLost);
        RtcpReportBlock block = stats.CreateReportBlock(2_000_000);
        Assert.Equal(25 * 256 / 100, block.FractionLost);
        Assert.Equal(25, block.CumulativeLost);
        Assert.Equal(0u, block.InterarrivalJitter); // perfectly paced

        for (ushort seq = 101; seq <= 110; seq++)
        {
            stats.OnPacketReceived(seq, seq * 160u, seq * 20_000L);
        }

        Assert.Equal(0, stats.CreateReportBlock(3_000_000).FractionLost); // a new interval without loss
    }

    [Fact]
    public void Rfc3550_A1_SequenceWrap_CountsCycles()
    {
        var stats = new RtpReceiverStatistics(1, 90000);
        ushort seq = 65530;
        for (int i = 0; i < 20; i++, seq++)
        {
            stats.OnPacketReceived(seq, 0, 0);
        }

        Assert.Equal(65536u + 13, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void Rfc3550_A1_LargeJump_NeedsTwoSequentialPacketsToRestart()
    {
        var stats = new RtpReceiverStatistics(1, 90000);
        stats.OnPacketReceived(10, 0, 0);
        stats.OnPacketReceived(11, 0, 0);
        Assert.False(stats.OnPacketReceived(20000, 0, 0)); // suspect jump
        Assert.True(stats.OnPacketReceived(20001, 0, 0)); // confirmed: restart
        Assert.Equal(20001u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void Rfc3550_A8_Jitter_ConvergesToArrivalVariation()
    {
        var stats = new RtpReceiverStatistics(1, 90000);
        var random = new Random(1);
        for (int i = 0; i < 2000; i++)
        {
            // 30 fps, arrival jittered by ±5 ms uniformly: E|D| = 10/3 ms = 300 RTP units at 90 kHz.
            long arrival = (i * 33_333L) + random.Next(-5000, 5001);
            stats.OnPacketReceived((ushort)i, (uint)(i * 3000), arrival + 1_000_000);
        }

        Assert.InRange(stats.Jitter, 220u, 380u);
    }

    /// <summary>
    /// RFC 3550 A.8 by hand, 8 kHz clock (one RTP unit = 125 µs), 20 ms packets (160 units). The first packet is in
    /// probation; from the second on, transit = arrival − timestamp: 1000 (the base), then 1080 (10 ms late),
    /// 1000, 1240 (30 ms late), 1240. D = 80, 80, 240, 0 and J += (|D| − J)/16:
    /// J = 5; 5 + 75/16 = 9.6875; 9.6875 + 230.3125/16 = 24.08203125; 24.08203125 − 24.08203125/16 = 22.5769…
    /// </summary>
    [Fact]
    public void Rfc3550_A8_Jitter_HandComputedExample()
    {
        var stats = new RtpReceiverStatistics(1, 8000);
        (ushort Seq, uint Timestamp, long ArrivalMicros)[] packets =
        [
            (10, 0, 125_000),
            (11, 160, 145_000),            // transit 1160 − 160 = 1000
            (12, 320, 175_000),            // 1400 − 320 = 1080: D = 80
            (13, 480, 185_000),            // 1480 − 480 = 1000: D = 80
            (14, 640, 235_000),            // 1880 − 640 = 1240: D = 240
            (15, 800, 255_000),            // 2040 − 800 = 1240: D = 0
        ];
        var jitters = new List<uint>();
        foreach ((ushort seq, uint ts, long arrival) in packets)
        {
            stats.OnPacketReceived(seq, ts, arrival);
            jitters.Add(stats.Jitter);
        }

        Assert.Equal([0u, 0u, 5u, 9u, 24u, 22u], jitters);
        Assert.Equal(22u, stats.CreateReportBlock(300_000).InterarrivalJitter);
    }

    [Fact]
    public void SenderReport_KeepsSenderInfo_ForRemoteOutboundStats()
    {
        var stats = new RtpReceiverStatistics(7, 48000);
        var sr = new RtcpSenderReport { Ssrc = 7, NtpTimestamp = 0xE000_0000_8000_0000UL, RtpTimestamp = 960, PacketCount = 50, OctetCount = 4000 };
        stats.OnSenderReport(sr, 2_000_000);
        stats.OnSenderReport(sr, 3_000_000);
        Assert.Equal(2, stats.SenderReportsReceived);
        Assert.Equal((50u, 4000u, 0xE000_0000_8000_0000UL), (stats.RemotePacketsSent, stats.RemoteOctetsSent, stats.RemoteNtpTimestamp));
        Assert.Equal(0x0000_8000u, stats.LastSenderReport);
        Assert.Equal(3_000_000, stats.LastSenderReportArrivalMicros);
    }

    [Fact]
    public void Dlsr_IsDelaySinceLastSenderReport_In1Over65536Seconds()
    {
        var stats = new RtpReceiverStatistics(1, 90000);
        stats.OnPacketReceived(1, 0, 0);
        stats.OnPacketReceived(2, 0, 0);
        stats.OnSenderReport(0x0000_1234_5678_0000UL, 1_000_000);
        RtcpReportBlock block = stats.CreateReportBlock(1_500_000);
        Assert.Equal(0x1234_5678u, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport);
    }

    [Property(MaxTest = 200)]
    public bool InOrderStream_FromAnyStart_HasNoLoss_AndExtendedSequenceCounts(ushort start, byte lengthSeed)
    {
        int length = 3 + (lengthSeed * 300);
        var stats = new RtpReceiverStatistics(1, 48000);
        for (int i = 0; i < length; i++)
        {
            stats.OnPacketReceived((ushort)(start + i), 0, 0);
        }

        return stats.CumulativeLost == 0 && stats.ExtendedHighestSequenceNumber == (uint)(start + length - 1)
            && stats.PacketsReceived == length - 1;
    }
}
