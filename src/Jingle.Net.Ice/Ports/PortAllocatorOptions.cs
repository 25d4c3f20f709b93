using System.Net;
using Jingle.Net.Base.Networking;

namespace Jingle.Net.Ice.Ports;

/// <summary>A TURN server and the long-term credentials for it (RFC 8656).</summary>
public sealed record TurnServerConfig(IPEndPoint Address, string Username, string Password)
{
    /// <summary>Transport to the TURN server: UDP, TCP, or TLS over TCP (<c>turns:</c>).</summary>
    public TurnTransport Transport { get; init; } = TurnTransport.Udp;

    /// <summary>TLS only: the name the server's certificate is checked against (default: the address).</summary>
    public string? TlsTargetHost { get; init; }

    /// <summary>TLS only: certificate check replacing the system's (e.g. pinning a self-signed certificate); null = system validation.</summary>
    public System.Net.Security.RemoteCertificateValidationCallback? TlsCertificateValidation { get; init; }

    public override string ToString() => Transport switch
    {
        TurnTransport.Tls => $"turns:{Address}?transport=tcp",
        TurnTransport.Tcp => $"turn:{Address}?transport=tcp",
        _ => $"turn:{Address}?transport=udp",
    };
}

/// <summary>How a TurnPort reaches its server.</summary>
public enum TurnTransport
{
    Udp,
    Tcp,

    /// <summary>TLS over TCP (RFC 8656 §3.1, <c>turns:</c>).</summary>
    Tls,
}

/// <summary>What the PortAllocator gathers (libjingle's PortAllocator flags and RTCConfiguration's iceServers / iceTransportPolicy).</summary>
public sealed record PortAllocatorOptions
{
    /// <summary>Which interfaces are used; loopback, virtual and down interfaces are excluded by default.</summary>
    public NetworkFilter NetworkFilter { get; init; } = NetworkFilter.Default;

    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    public IReadOnlyList<TurnServerConfig> TurnServers { get; init; } = [];

    /// <summary>iceTransportPolicy "relay": only relayed candidates are signaled and used.</summary>
    public bool RelayOnly { get; init; }

    /// <summary>
    /// Gather UDP host (and server-reflexive) candidates (default true). False leaves only TCP and relay candidates,
    /// e.g. to test or force ICE-TCP (<c>jingle ice --tcp-only</c>).
    /// </summary>
    public bool GatherUdp { get; init; } = true;

    /// <summary>
    /// Gather RFC 6544 host TCP candidates, one active (port 9) and one passive (listening) per address (default true,
    /// as libwebrtc; never under <see cref="RelayOnly"/>). They need the channel's worker thread (socket completions are
    /// posted to it): a single-threaded driver without one gathers none (logged).
    /// </summary>
    public bool GatherTcp { get; init; } = true;

    /// <summary>
    /// Gather TCP candidates even without a worker thread: for a single-threaded driver whose TCP completes inline (the
    /// VirtualNetwork under a fake clock), so ICE-TCP runs deterministically in tests.
    /// </summary>
    internal bool TcpWithoutWorker { get; init; }

    /// <summary>Local port range for UDP sockets (0 = any).</summary>
    public int MinPort { get; init; }

    public int MaxPort { get; init; }
}
