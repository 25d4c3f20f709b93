namespace Jingle.Net;

/// <summary>W3C RTCRtpTransceiverInit for <see cref="PeerConnection.AddTransceiver(MediaKind, RtpTransceiverInit?)"/>.</summary>
public sealed record RtpTransceiverInit
{
    /// <summary>The transceiver's direction; sendrecv by default.</summary>
    public RtpTransceiverDirection Direction { get; init; } = RtpTransceiverDirection.SendRecv;

    /// <summary>The msid stream ids the sender's track is announced with (W3C streams).</summary>
    public IReadOnlyList<string> StreamIds { get; init; } = [];
}
