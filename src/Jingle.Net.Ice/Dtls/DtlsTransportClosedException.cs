namespace Jingle.Net.Ice.Dtls;

/// <summary>Thrown into BouncyCastle's blocking receive to unwind the DTLS thread once the transport closed.</summary>
internal sealed class DtlsTransportClosedException : IOException
{
    public DtlsTransportClosedException()
        : base("The DTLS transport was closed.")
    {
    }
}
