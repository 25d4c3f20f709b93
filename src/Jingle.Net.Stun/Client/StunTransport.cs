namespace Jingle.Net.Stun.Client;

/// <summary>How a client reaches a STUN/TURN server.</summary>
public enum StunTransport
{
    /// <summary>UDP (retransmissions per RFC 8489 §6.2.1).</summary>
    Udp,

    /// <summary>TCP (RFC 8489 §6.2.2).</summary>
    Tcp,

    /// <summary>TLS over TCP (RFC 8489 §6.2.3).</summary>
    Tls,
}
