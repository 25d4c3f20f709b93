using Jingle.Net.Rtp.Rtcp;

namespace Jingle.Net.Rtp.Session;

/// <summary>
/// One local RTP stream as RTCP sees it: the sender info of its Sender Reports (RFC 3550 §6.4.1: packet and octet
/// counts, the RTP timestamp that corresponds to the report's NTP time) and what the remote end reports back about
/// it in report blocks (fraction lost, cumulative lost, jitter) with the round-trip time computed from LSR/DLSR
/// (§6.4.1: A − LSR − DLSR). Times are microseconds on the caller's monotonic clock; NTP times come from the caller.
/// Single-threaded.
/// </summary>
public sealed class RtpSenderStatistics
{
    private uint _lastRtpTimestamp;
    private long _lastSendMicros;

    public RtpSenderStatistics(uint ssrc)
    {
        Ssrc = ssrc;
    }

    /// <summary>The local SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>RTP packets sent (the SR packet count, before its 32-bit wrap).</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Payload octets sent (the SR octet count: header and padding excluded).</summary>
    public long OctetsSent { get; private set; }

    /// <summary>RTP header octets sent (header, CSRCs and extensions).</summary>
    public long HeaderOctetsSent { get; private set; }

    /// <summary>True if RTP was sent since the last Sender Report: the next report is an SR (RFC 3550 §6.4).</summary>
    public bool SentSinceLastReport { get; private set; }

    /// <summary>Sender Reports made.</summary>
    public long SenderReportsSent { get; private set; }

    /// <summary>The latest report block the remote end sent about this stream, or null.</summary>
    public RtcpReportBlock? LastReportBlock { get; private set; }

    /// <summary>Report blocks received about this stream.</summary>
    public long ReportBlocksReceived { get; private set; }

    /// <summary>The latest round-trip time from LSR/DLSR, or null before the first measurement.</summary>
    public TimeSpan? RoundTripTime { get; private set; }

    /// <summary>Sum of every round-trip time measured.</summary>
    public TimeSpan TotalRoundTripTime { get; private set; }

    /// <summary>Round-trip times measured (report blocks with a non-zero LSR).</summary>
    public long RoundTripTimeMeasurements { get; private set; }

    /// <summary>Counts one sent RTP packet. Allocates nothing.</summary>
    public void OnRtpSent(uint rtpTimestamp, int payloadLength, int headerLength, long nowMicros)
    {
        PacketsSent++;
        OctetsSent += payloadLength;
        HeaderOctetsSent += headerLength;
        _lastRtpTimestamp = rtpTimestamp;
        _lastSendMicros = nowMicros;
        SentSinceLastReport = true;
    }

    /// <summary>
    /// An SR for this stream at <paramref name="ntpNow"/>: the RTP timestamp is the last packet's advanced by the time
    /// since it was sent at <paramref name="clockRate"/> (RFC 3550 §6.4.1: the same instant as the NTP timestamp).
    /// </summary>
    public RtcpSenderReport CreateSenderReport(ulong ntpNow, long nowMicros, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        SentSinceLastReport = false;
        SenderReportsSent++;
        return new RtcpSenderReport
        {
            Ssrc = Ssrc,
            NtpTimestamp = ntpNow,
            RtpTimestamp = _lastRtpTimestamp + (uint)((nowMicros - _lastSendMicros) * clockRate / 1_000_000),
            PacketCount = (uint)PacketsSent,
            OctetCount = (uint)OctetsSent,
        };
    }

    /// <summary>
    /// A report block about this stream arrived at <paramref name="ntpNow"/> (64-bit NTP). With a non-zero LSR the
    /// round-trip time is A − LSR − DLSR in units of 1/65536 s, A being the middle 32 bits of the arrival time
    /// (RFC 3550 §6.4.1); a negative result (clocks out of step, a forged block) is not a measurement.
    /// </summary>
    public void OnReportBlock(RtcpReportBlock block, ulong ntpNow)
    {
        ArgumentNullException.ThrowIfNull(block);
        LastReportBlock = block;
        ReportBlocksReceived++;
        if (block.LastSenderReport == 0)
        {
            return;
        }

        uint arrival = (uint)(ntpNow >> 16);
        int rtt = (int)(arrival - block.LastSenderReport - block.DelaySinceLastSenderReport);
        if (rtt < 0)
        {
            return;
        }

        TimeSpan measured = TimeSpan.FromSeconds(rtt / 65536.0);
        RoundTripTime = measured;
        TotalRoundTripTime += measured;
        RoundTripTimeMeasurements++;
    }
}
