namespace Jingle.Net;

/// <summary>
/// W3C MediaStreamTrack: one audio or video source (local, given to <see cref="PeerConnection.AddTrack"/>) or one
/// remote flow (<see cref="RtpReceiver.Track"/>). The media engines that fill a local track from a device or file
/// arrive later; until then a sender carries what the application passes to <see cref="RtpSender.SendRtpAsync"/>.
/// </summary>
public sealed class MediaStreamTrack
{
    private volatile bool _enabled = true;
    private volatile MediaStreamTrackState _readyState;

    /// <summary>A new live local track of <paramref name="kind"/> with a random id.</summary>
    public MediaStreamTrack(MediaKind kind, string? label = null)
        : this(kind, Guid.NewGuid().ToString("D"), label ?? string.Empty, remote: false)
    {
    }

    /// <summary>A new live local track with the given <paramref name="id"/> (the msid track id in SDP, RFC 8830).</summary>
    public MediaStreamTrack(MediaKind kind, string id, string label)
        : this(kind, id, label, remote: false)
    {
    }

    private MediaStreamTrack(MediaKind kind, string id, string label, bool remote)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(label);
        if (id.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A track id cannot contain white space (it is an msid token).", nameof(id));
        }

        Kind = kind;
        Id = id;
        Label = label;
        IsRemote = remote;
    }

    /// <summary>audio or video.</summary>
    public MediaKind Kind { get; }

    /// <summary>The track id (for local tracks the msid appdata the peer sees).</summary>
    public string Id { get; }

    /// <summary>A human-readable label (empty for remote tracks).</summary>
    public string Label { get; }

    /// <summary>W3C enabled: a disabled local track sends nothing (<see cref="RtpSender.SendRtpAsync"/> returns false).</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>live or ended.</summary>
    public MediaStreamTrackState ReadyState => _readyState;

    /// <summary>True for the track of an <see cref="RtpReceiver"/>.</summary>
    public bool IsRemote { get; }

    /// <summary>W3C stop(): the track ends; a sender with it sends nothing more.</summary>
    public void Stop() => _readyState = MediaStreamTrackState.Ended;

    internal static MediaStreamTrack CreateRemote(MediaKind kind, string id) => new(kind, id, string.Empty, remote: true);

    /// <inheritdoc/>
    public override string ToString() => $"{Kind.ToWireString()} track {Id}";
}
