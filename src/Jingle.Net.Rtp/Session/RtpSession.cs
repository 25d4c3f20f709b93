using System.Buffers.Binary;
using Jingle.Net.Base;
using Jingle.Net.Rtp.Rtcp;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Rtp.Session;

/// <summary>
/// One RTP session endpoint (RFC 3550), sans-I/O: it numbers outgoing packets, keeps sender counts and per-source
/// reception statistics, and builds SR/RR + SDES compound reports on the RFC 3550 §6.3 schedule. The caller feeds
/// received RTP/RTCP (already unprotected) and asks <see cref="IsReportDue"/> / <see cref="TryBuildReport"/> when its
/// timer fires at <see cref="NextReportTime"/>. Malformed packets are dropped and counted. Single-threaded.
/// </summary>
public sealed class RtpSession
{
    private const int UdpIpOverhead = 28;
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly JingleEnvironment _environment;
    private readonly RtpSessionOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<uint, RtpReceiverStatistics> _sources = [];
    private readonly long _origin;
    private readonly List<uint> _pendingBye = [];

    private ushort _nextSequenceNumber;
    private bool _sentSinceLastReport;
    private uint _lastRtpTimestamp;
    private long _lastRtpSendMicros;
    private double _averageRtcpSize;
    private bool _initial = true;
    private TimeSpan _lastReportTime;
    private double _randomFactor;

    public RtpSession(JingleEnvironment environment, RtpSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _options = options ?? new RtpSessionOptions();
        _logger = environment.CreateLogger<RtpSession>();
        _origin = environment.TimeProvider.GetTimestamp();
        LocalSsrc = _options.LocalSsrc ?? NewSsrc();
        _nextSequenceNumber = (ushort)environment.Random.Next(1 << 16); // RFC 3550 §5.1: random start
        _averageRtcpSize = 100 + UdpIpOverhead;
        _lastReportTime = Elapsed;
        _randomFactor = environment.Random.NextDouble();
    }

    public uint LocalSsrc { get; private set; }

    /// <summary>Reception statistics per remote SSRC.</summary>
    public IReadOnlyDictionary<uint, RtpReceiverStatistics> Sources => _sources;

    public long PacketsSent { get; private set; }

    public long OctetsSent { get; private set; }

    public long MalformedRtpDropped { get; private set; }

    /// <summary>Packets dropped because they came from a new SSRC while <see cref="RtpSessionOptions.MaxRemoteSources"/> were tracked.</summary>
    public long SourceLimitDropped { get; private set; }

    public long MalformedRtcpDropped { get; private set; }

    public long SsrcCollisions { get; private set; }

    /// <summary>
    /// When the next RTCP report is due, as elapsed time since the session started: the last report time plus the
    /// interval recomputed from the current membership (RFC 3550 §6.3.3 timer reconsideration; the random factor is
    /// drawn once per report), so a growing session pushes the report out and a shrinking one brings it in.
    /// </summary>
    public TimeSpan NextReportTime => _lastReportTime + ComputeInterval();

    public bool IsReportDue => Elapsed >= NextReportTime;

    private TimeSpan Elapsed => _environment.TimeProvider.GetElapsedTime(_origin);

    private long NowMicros => (long)Elapsed.TotalMicroseconds;

    /// <summary>Writes a 12-byte RTP header with the next sequence number and the local SSRC; returns 12.</summary>
    public int WriteRtpHeader(Span<byte> destination, byte payloadType, bool marker, uint rtpTimestamp)
    {
        if (destination.Length < RtpWire.FixedHeaderLength)
        {
            throw new ArgumentException("Needs 12 bytes.", nameof(destination));
        }

        destination[0] = 0x80;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], _nextSequenceNumber++);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], LocalSsrc);
        return RtpWire.FixedHeaderLength;
    }

    /// <summary>Counts a sent RTP packet for the SR sender info (RFC 3550 §6.4.1).</summary>
    public void OnRtpSent(uint rtpTimestamp, int payloadLength)
    {
        PacketsSent++;
        OctetsSent += payloadLength;
        _lastRtpTimestamp = rtpTimestamp;
        _lastRtpSendMicros = NowMicros;
        _sentSinceLastReport = true;
    }

    /// <summary>Takes a received (unprotected) RTP packet; false if it was malformed or not counted.</summary>
    public bool OnRtpReceived(ReadOnlySpan<byte> packet)
    {
        if (!RtpPacketView.TryParse(packet, out RtpPacketView view, out string? error))
        {
            MalformedRtpDropped++;
            RtpLog.RtpDropped(_logger, error!);
            return false;
        }

        if (view.Ssrc == LocalSsrc)
        {
            OnCollision();
        }

        if (!_sources.TryGetValue(view.Ssrc, out RtpReceiverStatistics? stats))
        {
            if (_sources.Count >= _options.MaxRemoteSources)
            {
                SourceLimitDropped++;
                return false;
            }

            stats = new RtpReceiverStatistics(view.Ssrc, _options.ClockRate);
            _sources.Add(view.Ssrc, stats);
            RtpLog.RemoteSourceAdded(_logger, view.Ssrc);
        }

        return stats.OnPacketReceived(view.SequenceNumber, view.Timestamp, NowMicros);
    }

    /// <summary>Takes a received (unprotected) RTCP compound packet and returns its packets (empty when malformed).</summary>
    public IReadOnlyList<RtcpPacket> OnRtcpReceived(ReadOnlySpan<byte> packet)
    {
        if (!RtcpCompoundPacket.TryParse(packet, _options.ReducedSizeRtcp, out IReadOnlyList<RtcpPacket> packets, out string? error))
        {
            MalformedRtcpDropped++;
            RtpLog.RtcpDropped(_logger, error!);
            return packets;
        }

        _averageRtcpSize = (packet.Length + UdpIpOverhead) / 16.0 + (_averageRtcpSize * 15 / 16.0);
        foreach (RtcpPacket p in packets)
        {
            switch (p)
            {
                case RtcpSenderReport sr:
                    if (sr.Ssrc == LocalSsrc)
                    {
                        OnCollision();
                    }

                    if (_sources.TryGetValue(sr.Ssrc, out RtpReceiverStatistics? stats))
                    {
                        stats.OnSenderReport(sr.NtpTimestamp, NowMicros);
                    }

                    break;
                case RtcpBye bye:
                    foreach (uint ssrc in bye.Sources)
                    {
                        _sources.Remove(ssrc);
                    }

                    break;
            }
        }

        return packets;
    }

    /// <summary>
    /// Builds the compound report — SR if this endpoint sent RTP since the last report, else RR; report blocks
    /// for sources heard from; SDES CNAME; BYE for an SSRC given up after a collision — and schedules the next.
    /// </summary>
    public bool TryBuildReport(Span<byte> destination, out int written)
    {
        TimeSpan elapsed = Elapsed;
        long now = (long)elapsed.TotalMicroseconds;
        var blocks = new List<RtcpReportBlock>();
        foreach (RtpReceiverStatistics stats in _sources.Values)
        {
            if (stats.IsValid && stats.ReceivedSinceLastReport && blocks.Count < 31)
            {
                blocks.Add(stats.CreateReportBlock(now));
            }
        }

        var packets = new List<RtcpPacket>();
        if (_sentSinceLastReport)
        {
            var sr = new RtcpSenderReport
            {
                Ssrc = LocalSsrc,
                NtpTimestamp = ToNtp(_environment.TimeProvider.GetUtcNow()),
                RtpTimestamp = _lastRtpTimestamp + (uint)((now - _lastRtpSendMicros) * _options.ClockRate / 1_000_000),
                PacketCount = (uint)PacketsSent,
                OctetCount = (uint)OctetsSent,
            };
            blocks.ForEach(sr.ReportBlocks.Add);
            packets.Add(sr);
        }
        else
        {
            var rr = new RtcpReceiverReport { Ssrc = LocalSsrc };
            blocks.ForEach(rr.ReportBlocks.Add);
            packets.Add(rr);
        }

        packets.Add(RtcpSourceDescription.WithCanonicalName(LocalSsrc, _options.CanonicalName));
        if (_pendingBye.Count > 0)
        {
            var bye = new RtcpBye();
            _pendingBye.ForEach(bye.Sources.Add);
            packets.Add(bye);
        }

        if (!RtcpCompoundPacket.TryWrite(packets, destination, out written))
        {
            return false;
        }

        _pendingBye.Clear();
        _sentSinceLastReport = false;
        _averageRtcpSize = (written + UdpIpOverhead) / 16.0 + (_averageRtcpSize * 15 / 16.0);
        _initial = false;
        _lastReportTime = elapsed;
        _randomFactor = _environment.Random.NextDouble();
        return true;
    }

    /// <summary>NTP timestamp format (RFC 3550 §4): seconds since 1900 and a 32-bit fraction.</summary>
    public static ulong ToNtp(DateTimeOffset time)
    {
        TimeSpan sinceEpoch = time - NtpEpoch;
        ulong seconds = (ulong)(sinceEpoch.Ticks / TimeSpan.TicksPerSecond);
        ulong fraction = (ulong)(sinceEpoch.Ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    private TimeSpan ComputeInterval()
    {
        int senders = _sources.Values.Count(s => s.ReceivedSinceLastReport) + (_sentSinceLastReport ? 1 : 0);
        double rtcpBandwidth = _options.SessionBandwidth * 0.05 / 8;
        return RtcpIntervalCalculator.Interval(_sources.Count + 1, senders, rtcpBandwidth, _sentSinceLastReport, _averageRtcpSize,
            _initial, _options.MinimumRtcpInterval, _randomFactor);
    }

    private void OnCollision()
    {
        uint old = LocalSsrc;
        do
        {
            LocalSsrc = NewSsrc();
        }
        while (LocalSsrc == old || _sources.ContainsKey(LocalSsrc));

        SsrcCollisions++;
        _pendingBye.Add(old);
        RtpLog.SsrcCollision(_logger, old, LocalSsrc);
    }

    private uint NewSsrc()
    {
        Span<byte> bytes = stackalloc byte[4];
        _environment.Random.NextBytes(bytes);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
