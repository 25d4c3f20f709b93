namespace Jingle.Net;

/// <summary>W3C RTCPeerConnectionState: the aggregate of the ICE and DTLS transport states.</summary>
public enum PeerConnectionState
{
    New,
    Connecting,
    Connected,
    Disconnected,
    Failed,
    Closed,
}

/// <summary>Wire names of <see cref="PeerConnectionState"/>.</summary>
public static class PeerConnectionStateExtensions
{
    /// <summary>The W3C string ("new", "connecting", ...).</summary>
    public static string ToWireString(this PeerConnectionState state) => state switch
    {
        PeerConnectionState.New => "new",
        PeerConnectionState.Connecting => "connecting",
        PeerConnectionState.Connected => "connected",
        PeerConnectionState.Disconnected => "disconnected",
        PeerConnectionState.Failed => "failed",
        _ => "closed",
    };
}
