using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>
/// Transceivers (W3C RTCRtpTransceiver, RFC 9429 §3.4.1): AddTrack, AddTransceiver, RemoveTrack, the Track event and
/// the NegotiationNeeded checks for media. The transceiver list may be read and changed from any thread (under a
/// lock); the m-line slots and everything JSEP does with them live on the signaling thread.
/// </summary>
public sealed partial class PeerConnection
{
    private readonly Lock _mediaLock = new();
    private readonly List<RtpTransceiver> _transceivers = [];
    private readonly List<MLineSlot> _mLines = [];
    private readonly Dictionary<string, MediaStream> _remoteStreams = new(StringComparer.Ordinal);
    private string? _cname;
    private bool _mediaNegotiationDeferred;

    /// <summary>
    /// W3C track event: a remote description made a transceiver receive (its m-section's remote direction sends).
    /// Raised on the signaling thread once the description is applied, once per transceiver each time it starts receiving.
    /// </summary>
    public event EventHandler<RtcTrackEventArgs>? Track;

    /// <summary>W3C getTransceivers(): the transceivers, in creation order (stopped ones leave once the stop is negotiated).</summary>
    public IReadOnlyList<RtpTransceiver> GetTransceivers()
    {
        lock (_mediaLock)
        {
            return [.. _transceivers];
        }
    }

    /// <summary>W3C getSenders().</summary>
    public IReadOnlyList<RtpSender> GetSenders() => [.. GetTransceivers().Where(t => !t.IsStopped).Select(t => t.Sender)];

    /// <summary>W3C getReceivers().</summary>
    public IReadOnlyList<RtpReceiver> GetReceivers() => [.. GetTransceivers().Where(t => !t.IsStopped).Select(t => t.Receiver)];

    /// <summary>
    /// W3C addTrack: sends <paramref name="track"/> announced in <paramref name="streamIds"/> (a=msid). Reuses a
    /// transceiver of the same kind that never sent (one a remote offer created), else adds a sendrecv one. Raises
    /// <see cref="NegotiationNeeded"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The track was already added.</exception>
    /// <exception cref="InvalidStateException">The connection is closed.</exception>
    public RtpSender AddTrack(MediaStreamTrack track, params string[] streamIds)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(streamIds);
        ThrowIfClosed();
        RtpSender sender;
        lock (_mediaLock)
        {
            if (_transceivers.Any(t => !t.IsStopping && ReferenceEquals(t.Sender.Track, track)))
            {
                throw new ArgumentException("The track is already sent by this connection (InvalidAccessError).", nameof(track));
            }

            RtpTransceiver? reuse = _transceivers.FirstOrDefault(t => t.Kind == track.Kind && !t.IsStopping &&
                t.Sender.Track is null && !t.Sender.HadTrack);
            if (reuse is not null)
            {
                reuse.Sender.SetTrack(track);
                reuse.Sender.StreamIds = [.. streamIds];
                reuse.SetDirectionInternal(reuse.Direction switch
                {
                    RtpTransceiverDirection.RecvOnly => RtpTransceiverDirection.SendRecv,
                    RtpTransceiverDirection.Inactive => RtpTransceiverDirection.SendOnly,
                    RtpTransceiverDirection d => d,
                });
                sender = reuse.Sender;
            }
            else
            {
                sender = NewTransceiver(track.Kind, track, [.. streamIds], RtpTransceiverDirection.SendRecv, createdByAddTrack: true).Sender;
            }
        }

        OnMediaChanged();
        return sender;
    }

    /// <summary>W3C addTransceiver(kind, init): a new transceiver without a track.</summary>
    public RtpTransceiver AddTransceiver(MediaKind kind, RtpTransceiverInit? init = null) => AddTransceiverCore(kind, null, init);

    /// <summary>W3C addTransceiver(track, init): a new transceiver sending <paramref name="track"/>.</summary>
    public RtpTransceiver AddTransceiver(MediaStreamTrack track, RtpTransceiverInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        return AddTransceiverCore(track.Kind, track, init);
    }

    private RtpTransceiver AddTransceiverCore(MediaKind kind, MediaStreamTrack? track, RtpTransceiverInit? init)
    {
        init ??= new RtpTransceiverInit();
        if (init.Direction == RtpTransceiverDirection.Stopped)
        {
            throw new ArgumentException("A new transceiver cannot be stopped.", nameof(init));
        }

        ThrowIfClosed();
        RtpTransceiver transceiver;
        lock (_mediaLock)
        {
            transceiver = NewTransceiver(kind, track, [.. init.StreamIds], init.Direction, createdByAddTrack: false);
        }

        OnMediaChanged();
        return transceiver;
    }

    /// <summary>
    /// W3C removeTrack: the sender stops sending (its track becomes null) and the transceiver's direction loses
    /// "send" (sendrecv → recvonly, sendonly → inactive). Raises <see cref="NegotiationNeeded"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The sender does not belong to this connection.</exception>
    public void RemoveTrack(RtpSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ThrowIfClosed();
        lock (_mediaLock)
        {
            RtpTransceiver? transceiver = _transceivers.FirstOrDefault(t => ReferenceEquals(t.Sender, sender))
                ?? throw new ArgumentException("The sender was not created by this connection (InvalidAccessError).", nameof(sender));
            if (sender.Track is null || transceiver.IsStopping)
            {
                return;
            }

            sender.SetTrack(null);
            transceiver.SetDirectionInternal(transceiver.Direction switch
            {
                RtpTransceiverDirection.SendRecv => RtpTransceiverDirection.RecvOnly,
                RtpTransceiverDirection.SendOnly => RtpTransceiverDirection.Inactive,
                RtpTransceiverDirection d => d,
            });
        }

        OnMediaChanged();
    }

    private RtpTransceiver NewTransceiver(MediaKind kind, MediaStreamTrack? track, IReadOnlyList<string> streamIds, RtpTransceiverDirection direction,
        bool createdByAddTrack)
    {
        uint ssrc = NewSsrc();
        uint? rtx = kind == MediaKind.Video ? NewSsrc() : null;
        var sender = new RtpSender(this, kind, track, streamIds, ssrc, rtx);
        var transceiver = new RtpTransceiver(this, kind, sender, new RtpReceiver(kind), direction, createdByAddTrack);
        if (track is not null)
        {
            sender.SetTrack(track);
        }

        _transceivers.Add(transceiver);
        return transceiver;
    }

    private uint NewSsrc()
    {
        uint ssrc;
        do
        {
            ssrc = (uint)_env.Random.NextUInt64();
        }
        while (ssrc == 0 || _transceivers.Any(t => t.Sender.Ssrc == ssrc || t.Sender.RtxSsrc == ssrc));

        return ssrc;
    }

    /// <summary>Something a transceiver negotiates changed: check (on the signaling thread) whether to raise NegotiationNeeded.</summary>
    internal void OnMediaChanged()
    {
        if (_closed)
        {
            return;
        }

        _signaling.Post(static pc => pc.UpdateMediaNegotiationNeeded(), this);
    }

    private void UpdateMediaNegotiationNeeded()
    {
        if (_closed)
        {
            return;
        }

        if (_machine.State != SignalingState.Stable)
        {
            _mediaNegotiationDeferred = true;   // W3C: checked again once the state returns to stable
            return;
        }

        if (IsMediaNegotiationNeeded())
        {
            NegotiationNeeded?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>W3C "check if negotiation is needed" for transceivers (signaling thread).</summary>
    private bool IsMediaNegotiationNeeded()
    {
        foreach (RtpTransceiver t in GetTransceivers())
        {
            if (t.IsStopped)
            {
                continue;
            }

            MediaDescription? local = t.Mid is null ? null : _localDescription?.GetMedia(t.Mid);
            if (t.IsStopping)
            {
                if (local is not null && !local.IsRejected)
                {
                    return true;
                }

                continue;
            }

            if (t.Mid is null || local is null)
            {
                return true;
            }

            MediaDirection want = t.DirectionForSdp;
            MediaDirection have = _localDescription!.GetDirection(local);
            if (_localType == SdpType.Offer && have != want)
            {
                return true;
            }

            if (_localType == SdpType.Answer && _remoteDescription?.GetMedia(t.Mid) is { } offered &&
                have != MediaDirections.Answer(_remoteDescription.GetDirection(offered), want))
            {
                return true;
            }

            if (want.Sends() && t.Sender.Track is { } track && !local.Msids.Any(m => m.TrackId == track.Id) &&
                !local.Ssrcs.Any(s => s.Attribute == "msid" && s.Value?.EndsWith(" " + track.Id, StringComparison.Ordinal) == true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an offer needs the transceiver form (any transceiver or any RTP m-line so far).</summary>
    private bool UsesTransceiverOffer => GetTransceivers().Count > 0 || _mLines.Any(s => !s.IsData);

    private string Cname => _cname ??= _env.Random.NextIceString(16);

    private string NewMid()
    {
        for (int n = 0; ; n++)
        {
            string mid = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!_mLines.Any(s => s.Mid == mid) && !GetTransceivers().Any(t => t.Mid == mid))
            {
                return mid;
            }
        }
    }

    private void RaiseTrackEvents(List<RtcTrackEventArgs> events)
    {
        foreach (RtcTrackEventArgs e in events)
        {
            if (_closed)
            {
                return;
            }

            Track?.Invoke(this, e);
        }
    }

    /// <summary>After a description: a deferred NegotiationNeeded check runs once the state is stable again.</summary>
    private void AfterMediaDescription()
    {
        if (_mediaNegotiationDeferred && _machine.State == SignalingState.Stable)
        {
            _mediaNegotiationDeferred = false;
            UpdateMediaNegotiationNeeded();
        }
    }
}
