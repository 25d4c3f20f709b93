using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Ice.Channel;

/// <summary>Configuration of one <see cref="P2PTransportChannel"/>.</summary>
public sealed record P2PTransportChannelOptions
{
    /// <summary>The transport (content) name for logs, e.g. "audio" or the BUNDLE tag.</summary>
    public string TransportName { get; init; } = "data";

    /// <summary>Component id (1 = RTP; with BUNDLE and rtcp-mux there is only 1).</summary>
    public int Component { get; init; } = 1;

    public IceConfig Ice { get; init; } = new();

    public PortAllocatorOptions Allocator { get; init; } = new();

    /// <summary>
    /// The worker thread the channel lives on: sockets deliver and timers fire there, and every member must be
    /// called there. Null only for a single-threaded driver (tests on a fake clock and the VirtualNetwork).
    /// </summary>
    public RtcThread? Worker { get; init; }

    /// <summary>
    /// Resolves remote candidates whose address is an mDNS name (<c>.local</c>). Null: a
    /// <see cref="Mdns.MdnsResolver"/> on the channel's socket factory and clock, made at the first such candidate.
    /// </summary>
    public Mdns.IMdnsResolver? MdnsResolver { get; init; }

    /// <summary>The initial role; a role conflict (RFC 8445 §7.3.1.1) may change it.</summary>
    public IceRole Role { get; init; } = IceRole.Controlling;
}
