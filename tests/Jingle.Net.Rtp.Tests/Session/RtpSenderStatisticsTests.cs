using Jingle.Net.Rtp.Rtcp;
using Jingle.Net.Rtp.Session;

namespace Jingle.Net.Rtp.Tests.Session;

public sealed class RtpSenderStatisticsTests
{
    [Fact]
    public void SenderReport_CountsPayloadOctets_AndExtrapolatesTheRtpTimestamp()
    {
        var stats = new RtpSenderStatistics(0x1234);
        for (int i = 0; i < 10; i++)
        {
            stats.OnRtpSent((uint)(i * 960), 100 + i, 16, i * 20_000L);
        }

        Assert.True(stats.SentSinceLastReport);
        RtcpSenderReport sr = stats.CreateSenderReport(0xAABB_CCDD_0000_0000UL, 9 * 20_000L + 5_000, 48000);
        Assert.Equal(0x1234u, sr.Ssrc);
        Assert.Equal(10u, sr.PacketCount);
        Assert.Equal((uint)Enumerable.Range(100, 10).Sum(), sr.OctetCount);   // payload only: RFC 3550 §6.4.1
        Assert.Equal((9u * 960) + 240, sr.RtpTimestamp);                     // 5 ms after the last packet at 48 kHz
        Assert.Equal(0xAABB_CCDD_0000_0000UL, sr.NtpTimestamp);
        Assert.False(stats.SentSinceLastReport);
        Assert.Equal(160, stats.HeaderOctetsSent);
    }

    /// <summary>RFC 3550 §6.4.1 figure: A = 0xb710:8000 (46864.5 s), LSR = 0xb705:2000, DLSR = 0x0005:4000 → RTT 6.125 s.</summary>
    [Fact]
    public void RoundTripTime_Rfc3550Example()
    {
        var stats = new RtpSenderStatistics(1);
        stats.OnReportBlock(new RtcpReportBlock(1, 64, 3, 1000, 12, 0xB705_2000, 0x0005_4000), 0x0000_B710_8000_0000UL);
        Assert.Equal(TimeSpan.FromSeconds(6.125), stats.RoundTripTime);
        Assert.Equal(1, stats.RoundTripTimeMeasurements);
        Assert.Equal(64, stats.LastReportBlock!.FractionLost);
    }

    [Fact]
    public void ReportBlock_WithoutLsr_OrNegativeRtt_IsNotAMeasurement()
    {
        var stats = new RtpSenderStatistics(1);
        stats.OnReportBlock(new RtcpReportBlock(1, 0, 0, 10, 0, 0, 0), 0x0000_B710_8000_0000UL);
        stats.OnReportBlock(new RtcpReportBlock(1, 0, 0, 11, 0, 0xB710_8000, 0x0001_0000), 0x0000_B710_8000_0000UL);
        Assert.Null(stats.RoundTripTime);
        Assert.Equal(0, stats.RoundTripTimeMeasurements);
        Assert.Equal(2, stats.ReportBlocksReceived);
        Assert.Equal(11u, stats.LastReportBlock!.ExtendedHighestSequenceNumber);
    }
}
