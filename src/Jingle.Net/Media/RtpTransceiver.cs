using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>
/// W3C RTCRtpTransceiver: one audio or video m-section (RFC 9429 §3.4.1) with its <see cref="Sender"/> and
/// <see cref="Receiver"/>. <see cref="Direction"/> is what the application wants; <see cref="CurrentDirection"/>
/// what the last offer/answer negotiated.
/// </summary>
public sealed class RtpTransceiver
{
    private readonly PeerConnection _pc;
    private volatile string? _mid;
    private readonly Lock _lock = new();
    private int _direction;
    private RtpTransceiverDirection? _currentDirection;

    internal RtpTransceiver(PeerConnection pc, MediaKind kind, RtpSender sender, RtpReceiver receiver, RtpTransceiverDirection direction,
        bool createdByAddTrack)
    {
        _pc = pc;
        Kind = kind;
        Sender = sender;
        Receiver = receiver;
        _direction = (int)direction;
        CreatedByAddTrack = createdByAddTrack;
        sender.Transceiver = this;
        receiver.Transceiver = this;
    }

    /// <summary>The mid of the associated m-section, or null before one is negotiated.</summary>
    public string? Mid
    {
        get => _mid;
        internal set => _mid = value;
    }

    /// <summary>audio or video.</summary>
    public MediaKind Kind { get; }

    /// <summary>The sending half.</summary>
    public RtpSender Sender { get; }

    /// <summary>The receiving half.</summary>
    public RtpReceiver Receiver { get; }

    /// <summary>
    /// The preferred direction. Setting it (not to <see cref="RtpTransceiverDirection.Stopped"/>; use
    /// <see cref="Stop"/>) raises <see cref="PeerConnection.NegotiationNeeded"/> when it changes.
    /// </summary>
    /// <exception cref="InvalidStateException">The transceiver is stopped.</exception>
    public RtpTransceiverDirection Direction
    {
        get => (RtpTransceiverDirection)Volatile.Read(ref _direction);
        set
        {
            if (value == RtpTransceiverDirection.Stopped)
            {
                throw new ArgumentException("Use Stop() to stop a transceiver.", nameof(value));
            }

            if (IsStopping)
            {
                throw new InvalidStateException("The transceiver is stopped.");
            }

            if (Interlocked.Exchange(ref _direction, (int)value) != (int)value)
            {
                _pc.OnMediaChanged();
            }
        }
    }

    /// <summary>The direction the last answer negotiated (from this side's point of view), or null before one.</summary>
    public RtpTransceiverDirection? CurrentDirection
    {
        get { lock (_lock) { return _currentDirection; } }
        internal set { lock (_lock) { _currentDirection = value; } }
    }

    /// <summary>True once <see cref="Stop"/> was called or a description rejected the m-section.</summary>
    public bool IsStopping { get; private set; }

    /// <summary>True once the stop was negotiated (the m-section has port 0).</summary>
    public bool IsStopped { get; private set; }

    internal bool CreatedByAddTrack { get; }

    /// <summary>True while the remote side sends to this transceiver (a Track event was raised for it).</summary>
    internal bool Receiving { get; set; }

    /// <summary>
    /// W3C stop(): the sender stops sending, the receiver's track ends, <see cref="Direction"/> becomes stopped and
    /// the next offer rejects the m-section (port 0). Raises <see cref="PeerConnection.NegotiationNeeded"/>.
    /// </summary>
    public void Stop()
    {
        if (IsStopping)
        {
            return;
        }

        StopInternal(negotiated: false);
        _pc.OnMediaChanged();
    }

    internal void StopInternal(bool negotiated)
    {
        IsStopping = true;
        Volatile.Write(ref _direction, (int)RtpTransceiverDirection.Stopped);
        Receiver.Track.Stop();
        Receiving = false;
        if (negotiated)
        {
            IsStopped = true;
            CurrentDirection = RtpTransceiverDirection.Stopped;
        }
    }

    /// <summary>Sets the direction without raising NegotiationNeeded (AddTrack/RemoveTrack raise it themselves).</summary>
    internal void SetDirectionInternal(RtpTransceiverDirection direction) =>
        Volatile.Write(ref _direction, (int)direction);

    internal MediaDirection DirectionForSdp => ToSdp(Direction);

    internal static MediaDirection ToSdp(RtpTransceiverDirection d) => d switch
    {
        RtpTransceiverDirection.SendRecv => MediaDirection.SendRecv,
        RtpTransceiverDirection.SendOnly => MediaDirection.SendOnly,
        RtpTransceiverDirection.RecvOnly => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    internal static RtpTransceiverDirection FromSdp(MediaDirection d) => d switch
    {
        MediaDirection.SendRecv => RtpTransceiverDirection.SendRecv,
        MediaDirection.SendOnly => RtpTransceiverDirection.SendOnly,
        MediaDirection.RecvOnly => RtpTransceiverDirection.RecvOnly,
        _ => RtpTransceiverDirection.Inactive,
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Kind.ToWireString()} transceiver mid={Mid ?? "-"} {Direction}";
}
