namespace Jingle.Net.Ice.Dtls;

/// <summary>Where <see cref="DtlsDatagramAdapter"/> sends the datagrams BouncyCastle produces.</summary>
internal interface IDtlsDatagramSink
{
    /// <summary>
    /// Sends one DTLS datagram. <paramref name="fromProtocolThread"/> is true for handshake flights and alerts made
    /// on the DTLS thread (they must be handed to the owner's thread); false for application data sent by the
    /// owner itself.
    /// </summary>
    void SendDatagram(ReadOnlySpan<byte> datagram, bool fromProtocolThread);
}
