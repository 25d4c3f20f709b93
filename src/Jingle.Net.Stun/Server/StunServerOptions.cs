using System.Net;

namespace Jingle.Net.Stun.Server;

/// <summary>Options of <see cref="StunServer"/>.</summary>
public sealed record StunServerOptions
{
    /// <summary>The primary address and port (UDP and TCP).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, StunConstants.DefaultPort);

    /// <summary>RFC 5780 alternate IP address; with it the server listens on four UDP sockets.</summary>
    public IPAddress? AlternateAddress { get; init; }

    /// <summary>RFC 5780 alternate port (default: primary port + 1 when an alternate address is set).</summary>
    public int? AlternatePort { get; init; }

    /// <summary>SOFTWARE in responses, or null.</summary>
    public string? Software { get; init; } = "Jingle.Net STUN server";

    /// <summary>Listen on TCP too.</summary>
    public bool EnableTcp { get; init; } = true;

    /// <summary>Most TCP connections at once; more are closed at once.</summary>
    public int MaxTcpConnections { get; init; } = 1024;

    /// <summary>Thread the UDP handlers run on (null: a pool thread per socket).</summary>
    public Jingle.Net.Base.Threading.RtcThread? DeliveryThread { get; init; }
}
