using Jingle.Net.Rtp.Rtcp;
using Jingle.Net.Rtp.Session;
using Jingle.Net.Rtp.Srtp;

namespace Jingle.Net;

/// <summary>
/// RTCP of the BUNDLE transport (RFC 3550 §6, worker thread). Each transceiver with a mid sends one compound
/// packet per report interval from its sender's SSRC: a Sender Report when its sender sent RTP since the last
/// report, else a Receiver Report, carrying one report block per remote source its receiver heard from since the
/// last report, then SDES CNAME (§6.1), protected as SRTCP. Received SR/RR are parsed: an SR's sender info and
/// NTP time go to the receiver of that SSRC (remote-outbound-rtp, LSR/DLSR of our next report), report blocks
/// about our SSRCs to the sender (remote-inbound-rtp, round-trip time). Malformed RTCP is dropped and counted.
/// </summary>
/// <remarks>
/// Interval: one timer for the transport; each report is due a uniformly random 0.5–1.5 × 1 s after the last one
/// (the first at half that), for audio and video alike. This is libwebrtc's randomisation with its video interval
/// (libwebrtc uses 5 s for audio); at the bitrates WebRTC uses, RFC 3550 §6.2's 5% share allows far more than one
/// report per second, so the 1 s floor decides, and it keeps remote-inbound statistics and the round-trip time as
/// fresh for audio as for video.
/// </remarks>
internal sealed partial class RtpMediaTransport
{
    /// <summary>The mean RTCP report interval.</summary>
    internal static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private readonly byte[] _rtcpSend = new byte[BufferSize];
    private readonly Dictionary<uint, RtpSender> _sendersBySsrc = [];
    private readonly List<RtpTransceiver> _reporting = [];
    private string _cname = "jingle";
    private IDisposable? _reportTimer;

    /// <summary>RTCP compound packets sent.</summary>
    public long RtcpSent { get; private set; }

    /// <summary>Decrypted RTCP that failed the RFC 3550 A.2 checks (dropped).</summary>
    public long RtcpMalformed { get; private set; }

    /// <summary>Report blocks about SSRCs that are not ours (ignored).</summary>
    public long RtcpUnknownReportBlocks { get; private set; }

    private void ConfigureReports(IReadOnlyList<MediaRoute> routes, string? cname)
    {
        _cname = cname ?? _cname;
        _reporting.Clear();
        _sendersBySsrc.Clear();
        foreach (MediaRoute route in routes)
        {
            if (route.Receiver.Transceiver is { } transceiver)
            {
                _reporting.Add(transceiver);
                _sendersBySsrc[transceiver.Sender.Ssrc] = transceiver.Sender;
            }
        }
    }

    private void ScheduleReports(bool initial)
    {
        if (_disposed)
        {
            return;
        }

        double factor = 0.5 + _env.Random.NextDouble();
        TimeSpan delay = ReportInterval * (initial ? factor / 2 : factor);
        _reportTimer?.Dispose();
        _reportTimer = _worker.PostDelayed(delay, OnReportTimer);
    }

    private void StopReports()
    {
        _reportTimer?.Dispose();
        _reportTimer = null;
    }

    private void OnReportTimer()
    {
        _reportTimer = null;
        if (_disposed)
        {
            return;
        }

        SendReports();
        ScheduleReports(initial: false);
    }

    /// <summary>One compound SR/RR + SDES per transceiver that sends or receives (worker thread).</summary>
    internal void SendReports()
    {
        if (_outbound is null || _dtls is null)
        {
            return;
        }

        ulong ntp = RtpSession.ToNtp(_env.TimeProvider.GetUtcNow());
        long now = NowMicros;
        foreach (RtpTransceiver transceiver in _reporting)
        {
            if (transceiver.IsStopping)
            {
                continue;
            }

            RtpSender sender = transceiver.Sender;
            var blocks = new List<RtcpReportBlock>();
            foreach (RtpReceiverStatistics source in transceiver.Receiver.Sources.Values)
            {
                if (source.IsValid && source.ReceivedSinceLastReport && blocks.Count < 31)
                {
                    blocks.Add(source.CreateReportBlock(now));
                }
            }

            RtcpPacket report;
            if (sender.Statistics.SentSinceLastReport)
            {
                RtcpSenderReport sr = sender.Statistics.CreateSenderReport(ntp, now, sender.DefaultClockRate);
                blocks.ForEach(sr.ReportBlocks.Add);
                report = sr;
            }
            else if (blocks.Count > 0 || transceiver.CurrentDirection is not (null or RtpTransceiverDirection.Inactive or RtpTransceiverDirection.Stopped))
            {
                var rr = new RtcpReceiverReport { Ssrc = sender.Ssrc };
                blocks.ForEach(rr.ReportBlocks.Add);
                report = rr;
            }
            else
            {
                continue;
            }

            RtcpPacket[] compound = [report, RtcpSourceDescription.WithCanonicalName(sender.Ssrc, _cname)];
            if (RtcpCompoundPacket.TryWrite(compound, _rtcpSend.AsSpan(0, BufferSize - _outbound.RtcpOverhead), out int length) &&
                SendRtcp(_rtcpSend, length))
            {
                JingleLog.RtcpReportSent(_logger, report is RtcpSenderReport ? "SR" : "RR", sender.Ssrc, blocks.Count);
            }
        }
    }

    /// <summary>
    /// Protects the RTCP packet in <paramref name="buffer"/>[0..<paramref name="length"/>) in place (the buffer needs the
    /// SRTCP overhead spare) and sends it (worker thread).
    /// </summary>
    internal bool SendRtcp(byte[] buffer, int length)
    {
        if (_disposed || _outbound is not { } outbound || _dtls is not { } dtls)
        {
            return false;
        }

        if (outbound.ProtectRtcp(buffer, length, out int protectedLength) != SrtpStatus.Ok || !dtls.SendSrtp(buffer.AsSpan(0, protectedLength)))
        {
            return false;
        }

        RtcpSent++;
        return true;
    }

    private void ReceiveRtcp(ReadOnlySpan<byte> rtcp)
    {
        if (!RtcpCompoundPacket.TryParse(rtcp, allowReducedSize: true, out IReadOnlyList<RtcpPacket> packets, out string? error))
        {
            RtcpMalformed++;
            JingleLog.RtcpDropped(_logger, error ?? "malformed");
            return;
        }

        ulong ntp = RtpSession.ToNtp(_env.TimeProvider.GetUtcNow());
        long now = NowMicros;
        foreach (RtcpPacket packet in packets)
        {
            switch (packet)
            {
                case RtcpSenderReport sr:
                    if (_bySsrc.TryGetValue(sr.Ssrc, out RtpReceiver? receiver))
                    {
                        receiver.OnSenderReport(sr, now);
                    }

                    OnReportBlocks(sr.ReportBlocks, ntp);
                    break;
                case RtcpReceiverReport rr:
                    OnReportBlocks(rr.ReportBlocks, ntp);
                    break;
            }
        }
    }

    private void OnReportBlocks(IList<RtcpReportBlock> blocks, ulong ntp)
    {
        foreach (RtcpReportBlock block in blocks)
        {
            if (_sendersBySsrc.TryGetValue(block.Ssrc, out RtpSender? sender))
            {
                sender.Statistics.OnReportBlock(block, ntp);
            }
            else
            {
                RtcpUnknownReportBlocks++;
            }
        }
    }
}
