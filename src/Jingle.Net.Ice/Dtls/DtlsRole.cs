namespace Jingle.Net.Ice.Dtls;

/// <summary>Which side of the DTLS handshake this transport plays (RFC 5763 §5, from SDP <c>a=setup</c>).</summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>Waits for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,
}
