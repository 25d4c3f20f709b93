namespace Jingle.Net.Ice.Dtls;

/// <summary>The state of a <see cref="DtlsTransport"/> (W3C RTCDtlsTransportState).</summary>
public enum DtlsTransportState
{
    /// <summary>Created; not started.</summary>
    New,

    /// <summary>Started; the handshake is in progress.</summary>
    Connecting,

    /// <summary>The handshake completed and the peer's certificate matched the signaled fingerprint.</summary>
    Connected,

    /// <summary>Closed by either side (close_notify) or by disposal.</summary>
    Closed,

    /// <summary>The handshake or the connection failed; see <see cref="DtlsTransport.Error"/>.</summary>
    Failed,
}
