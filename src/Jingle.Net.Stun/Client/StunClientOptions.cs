using System.Net;
using System.Net.Security;
using Jingle.Net.Stun.Transactions;

namespace Jingle.Net.Stun.Client;

/// <summary>Options of <see cref="StunClient"/> (and the TURN client's connection).</summary>
public sealed record StunClientOptions
{
    /// <summary>UDP, TCP or TLS.</summary>
    public StunTransport Transport { get; init; } = StunTransport.Udp;

    /// <summary>Local address to bind (default: any address of the server's family, any port).</summary>
    public IPEndPoint? LocalEndPoint { get; init; }

    /// <summary>Retransmission parameters.</summary>
    public StunRetransmissionOptions Retransmission { get; init; } = StunRetransmissionOptions.Default;

    /// <summary>SOFTWARE to send, or null for none.</summary>
    public string? Software { get; init; } = "Jingle.Net";

    /// <summary>Server name for TLS (SNI and certificate check); defaults to the server address.</summary>
    public string? TlsTargetHost { get; init; }

    /// <summary>Certificate check for TLS; null uses the system's validation.</summary>
    public RemoteCertificateValidationCallback? TlsCertificateValidation { get; init; }

    /// <summary>Add FINGERPRINT to requests.</summary>
    public bool Fingerprint { get; init; } = true;
}
