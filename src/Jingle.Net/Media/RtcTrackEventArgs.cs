namespace Jingle.Net;

/// <summary>W3C RTCTrackEvent: a remote description made a transceiver receive a remote track.</summary>
public sealed class RtcTrackEventArgs(RtpReceiver receiver, MediaStreamTrack track, RtpTransceiver transceiver, IReadOnlyList<MediaStream> streams)
    : EventArgs
{
    /// <summary>The receiver the track arrives on.</summary>
    public RtpReceiver Receiver { get; } = receiver;

    /// <summary>The remote track.</summary>
    public MediaStreamTrack Track { get; } = track;

    /// <summary>The transceiver of <see cref="Receiver"/>.</summary>
    public RtpTransceiver Transceiver { get; } = transceiver;

    /// <summary>The remote streams the track belongs to (from a=msid).</summary>
    public IReadOnlyList<MediaStream> Streams { get; } = streams;
}
