namespace Jingle.Net.Ice.Dtls;

/// <summary>Thrown into BouncyCastle's handshake when the handshake timeout passed on the injected clock.</summary>
internal sealed class DtlsHandshakeTimeoutException : IOException
{
    public DtlsHandshakeTimeoutException()
        : base("The DTLS handshake timed out.")
    {
    }
}
