using Jingle.Net.Rtp.Rtcp;
using Jingle.Net.Rtp.Session;

namespace Jingle.Net;

/// <summary>
/// W3C RTCRtpReceiver: the receiving half of an <see cref="RtpTransceiver"/>. Until the media engines arrive it
/// exposes the SRTP-decrypted RTP packets routed to it (by SSRC, mid header extension or payload type, RFC 8843
/// §9.2) through <see cref="RtpPacketReceived"/>. Each remote source gets RFC 3550 reception statistics, reported
/// back in RTCP Receiver Report blocks.
/// </summary>
public sealed class RtpReceiver
{
    /// <summary>Remote SSRCs tracked per receiver (the primary stream, RTX, a restart); packets from more are not counted.</summary>
    internal const int MaxSources = 8;

    private readonly RtpPacketReceivedEventArgs _args = new();
    private readonly Dictionary<uint, RtpReceiverStatistics> _sources = [];
    private RtpReceiverStatistics? _lastSource;

    internal RtpReceiver(MediaKind kind)
    {
        Kind = kind;
        Track = MediaStreamTrack.CreateRemote(kind, Guid.NewGuid().ToString("D"));
    }

    /// <summary>The remote track (W3C: exists from the transceiver's creation, with a locally chosen id).</summary>
    public MediaStreamTrack Track { get; }

    /// <summary>The negotiated codecs (empty before an answer is applied).</summary>
    public IReadOnlyList<RtpCodecParameters> Codecs { get; internal set; } = [];

    /// <summary>The remote SSRCs announced in the remote description (a=ssrc), and those learned from the mid extension.</summary>
    public IReadOnlyList<uint> RemoteSsrcs { get; internal set; } = [];

    /// <summary>
    /// Raised on the worker thread for each decrypted RTP packet of this receiver. The arguments are reused: valid
    /// only inside the handler. Handlers must be quick (they run on the network path).
    /// </summary>
    public event EventHandler<RtpPacketReceivedEventArgs>? RtpPacketReceived;

    internal RtpTransceiver? Transceiver { get; set; }

    internal MediaKind Kind { get; }

    /// <summary>RFC 3550 reception statistics by remote SSRC (worker thread).</summary>
    internal IReadOnlyDictionary<uint, RtpReceiverStatistics> Sources => _sources;

    // Worker-thread counters (inbound-rtp stats).
    internal long PacketsReceived { get; private set; }

    internal long BytesReceived { get; private set; }

    internal long HeaderBytesReceived { get; private set; }

    internal uint? LastSsrc { get; private set; }

    internal int LastPayloadType { get; private set; } = -1;

    internal void OnRtp(byte[] buffer, int length, int headerLength, int payloadLength, int payloadType, ushort sequenceNumber,
        uint timestamp, uint ssrc, bool marker, long arrivalMicros)
    {
        PacketsReceived++;
        BytesReceived += payloadLength;
        HeaderBytesReceived += headerLength;
        LastSsrc = ssrc;
        LastPayloadType = payloadType;
        RtpReceiverStatistics? source = _lastSource is { } last && last.Ssrc == ssrc ? last : GetOrAddSource(ssrc, payloadType);
        if (source is not null)
        {
            _lastSource = source;
            source.OnPacketReceived(sequenceNumber, timestamp, arrivalMicros);
        }

        if (RtpPacketReceived is { } handler)
        {
            _args.Set(buffer, length, headerLength, payloadLength, payloadType, sequenceNumber, timestamp, ssrc, marker);
            handler(this, _args);
        }
    }

    /// <summary>An SR from one of this receiver's sources (remote-outbound-rtp, LSR for our report blocks).</summary>
    internal void OnSenderReport(RtcpSenderReport report, long arrivalMicros) =>
        GetOrAddSource(report.Ssrc, LastPayloadType)?.OnSenderReport(report, arrivalMicros);

    /// <summary>The statistics of <paramref name="ssrc"/>, created with the clock rate of its payload type; null past <see cref="MaxSources"/>.</summary>
    internal RtpReceiverStatistics? GetOrAddSource(uint ssrc, int payloadType)
    {
        if (_sources.TryGetValue(ssrc, out RtpReceiverStatistics? source))
        {
            return source;
        }

        if (_sources.Count >= MaxSources)
        {
            return null;
        }

        source = new RtpReceiverStatistics(ssrc, ClockRateOf(payloadType));
        _sources.Add(ssrc, source);
        return source;
    }

    private int ClockRateOf(int payloadType)
    {
        IReadOnlyList<RtpCodecParameters> codecs = Codecs;
        foreach (RtpCodecParameters codec in codecs)
        {
            if (codec.PayloadType == payloadType && codec.ClockRate > 0)
            {
                return codec.ClockRate;
            }
        }

        return codecs.Count > 0 && codecs[0].ClockRate > 0 ? codecs[0].ClockRate : Kind.DefaultClockRate();
    }
}
