using Jingle.Net.Jsep;
using Jingle.Net.Rtp.Session;

namespace Jingle.Net;

/// <summary>
/// W3C RTCRtpSender: the sending half of an <see cref="RtpTransceiver"/>. Until the media engines arrive, the
/// application sends its own payloads with <see cref="TrySendRtp"/> (allocation-free) or <see cref="SendRtpAsync"/>:
/// the sender writes the RTP header (its SSRC, sequence numbers, the negotiated payload type, the mid header
/// extension) and SRTP protects it. While it sends, RTCP Sender Reports (RFC 3550 §6.4.1) go out for it.
/// </summary>
public sealed class RtpSender
{
    private static readonly Task<bool> s_sent = Task.FromResult(true);
    private static readonly Task<bool> s_notSent = Task.FromResult(false);
    private readonly PeerConnection _pc;
    private volatile MediaStreamTrack? _track;

    internal RtpSender(PeerConnection pc, MediaKind kind, MediaStreamTrack? track, IReadOnlyList<string> streamIds, uint ssrc, uint? rtxSsrc)
    {
        _pc = pc;
        Kind = kind;
        _track = track;
        StreamIds = streamIds;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        NextSequenceNumber = (ushort)pc.Environment.Random.Next(0x8000);
        Statistics = new RtpSenderStatistics(ssrc);
    }

    /// <summary>The track being sent, or null.</summary>
    public MediaStreamTrack? Track => _track;

    /// <summary>audio or video.</summary>
    public MediaKind Kind { get; }

    /// <summary>The SSRC this sender's RTP stream uses (announced in a=ssrc).</summary>
    public uint Ssrc { get; }

    /// <summary>The SSRC of the RTX stream for video (a=ssrc-group:FID), or null.</summary>
    public uint? RtxSsrc { get; }

    /// <summary>The negotiated codecs, in the answer's order (empty before an answer is applied).</summary>
    public IReadOnlyList<RtpCodecParameters> Codecs { get; internal set; } = [];

    /// <summary>The msid stream ids the track is announced with.</summary>
    public IReadOnlyList<string> StreamIds { get; internal set; }

    internal RtpTransceiver? Transceiver { get; set; }

    internal bool HadTrack { get; private set; }

    // Worker-thread state.
    internal ushort NextSequenceNumber { get; set; }

    /// <summary>SR sender info and what the remote reports about this stream (worker thread).</summary>
    internal RtpSenderStatistics Statistics { get; }

    internal long PacketsSent => Statistics.PacketsSent;

    internal long BytesSent => Statistics.OctetsSent;

    internal long HeaderBytesSent => Statistics.HeaderOctetsSent;

    /// <summary>
    /// W3C replaceTrack: sends <paramref name="track"/> (or nothing, when null) from now on without renegotiation.
    /// </summary>
    /// <exception cref="ArgumentException">The track's kind differs from the sender's.</exception>
    /// <exception cref="InvalidStateException">The transceiver is stopped or the connection closed.</exception>
    public Task ReplaceTrackAsync(MediaStreamTrack? track)
    {
        if (track is not null && track.Kind != Kind)
        {
            throw new ArgumentException($"A {track.Kind} track cannot replace the track of a {Kind} sender.", nameof(track));
        }

        return _pc.SignalingThread.InvokeAsync(() =>
        {
            if (Transceiver?.IsStopping == true)
            {
                throw new InvalidStateException("The transceiver is stopped.");
            }

            SetTrack(track);
        });
    }

    /// <summary>
    /// Sends one RTP packet carrying <paramref name="payload"/> with <paramref name="timestamp"/> (in the codec's
    /// clock) and the marker bit, with the first negotiated payload type unless <paramref name="payloadType"/> is
    /// given. Completes with false when nothing was sent: no track or a disabled/ended one, the negotiated direction
    /// does not send, SRTP is not keyed yet, or the payload does not fit one datagram. Called on the worker thread
    /// it sends inline and returns a completed task without allocating; <see cref="TrySendRtp"/> is the
    /// allocation-free form from any thread.
    /// </summary>
    public Task<bool> SendRtpAsync(ReadOnlyMemory<byte> payload, uint timestamp, bool marker = false, int? payloadType = null)
    {
        CheckPayloadType(payloadType);
        if (_pc.WorkerThread.IsCurrent)
        {
            return SendNow(payload.Span, timestamp, marker, payloadType) ? s_sent : s_notSent;
        }

        return _pc.WorkerThread.InvokeAsync(() => SendNow(payload.Span, timestamp, marker, payloadType));
    }

    /// <summary>
    /// Sends one RTP packet without allocating. On the worker thread (for example inside a
    /// <see cref="RtpReceiver.RtpPacketReceived"/> handler) the packet is protected and sent before this returns, and
    /// the result says whether it was sent, as for <see cref="SendRtpAsync"/>. From any other thread the payload is
    /// copied into one of a fixed set of reused buffers and sent on the worker thread in call order; true then means
    /// queued, false that it cannot be sent (as above) or that the queue is full (more than 256 packets waiting:
    /// the worker is not keeping up).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadType"/> is not 0-127.</exception>
    public bool TrySendRtp(ReadOnlySpan<byte> payload, uint timestamp, bool marker = false, int? payloadType = null)
    {
        CheckPayloadType(payloadType);
        if (_pc.WorkerThread.IsCurrent)
        {
            return SendNow(payload, timestamp, marker, payloadType);
        }

        return CanSend && _pc.Transport.Media.QueueRtp(this, payload, timestamp, marker, payloadType);
    }

    /// <summary>Sends on the worker thread if the sender may send now.</summary>
    internal bool SendNow(ReadOnlySpan<byte> payload, uint timestamp, bool marker, int? payloadType) =>
        CanSend && _pc.Transport.Media.SendRtp(this, payload, timestamp, marker, payloadType);

    private static void CheckPayloadType(int? payloadType)
    {
        if (payloadType is < 0 or > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), "An RTP payload type is 0-127.");
        }
    }

    private bool CanSend => _track is { Enabled: true, ReadyState: MediaStreamTrackState.Live }
        && Transceiver is { IsStopping: false, CurrentDirection: RtpTransceiverDirection.SendRecv or RtpTransceiverDirection.SendOnly };

    internal void SetTrack(MediaStreamTrack? track)
    {
        _track = track;
        HadTrack |= track is not null;
    }

    /// <summary>The payload type <see cref="SendRtpAsync"/> uses by default: the first negotiated codec that is not rtx/red/fec/DTMF.</summary>
    internal int DefaultPayloadType
    {
        get
        {
            IReadOnlyList<RtpCodecParameters> codecs = Codecs;
            if (!ReferenceEquals(codecs, _defaultFor))
            {
                RtpCodecParameters? codec = codecs.FirstOrDefault(c => !new SupportedCodec("audio", c.Name, c.ClockRate).IsAuxiliary);
                _defaultPayloadType = codec?.PayloadType ?? -1;
                _defaultClockRate = codec?.ClockRate ?? 0;
                _defaultFor = codecs;
            }

            return _defaultPayloadType;
        }
    }

    /// <summary>The clock rate of the default codec (SR RTP timestamps, remote jitter in seconds); the kind's usual rate before negotiation.</summary>
    internal int DefaultClockRate
    {
        get
        {
            _ = DefaultPayloadType;
            return _defaultClockRate > 0 ? _defaultClockRate : Kind.DefaultClockRate();
        }
    }

    private IReadOnlyList<RtpCodecParameters>? _defaultFor;
    private int _defaultPayloadType = -1;
    private int _defaultClockRate;
}
