using System.Net;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// A UDP datagram as its sender handed it to the network: <see cref="Source"/> is the sender's own (pre-NAT) address
/// and port, <see cref="Destination"/> the address it was sent to. Used by drop filters; <see cref="Payload"/> is
/// valid only during the filter call.
/// </summary>
public readonly record struct VirtualPacket(IPEndPoint Source, IPEndPoint Destination, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The host that sent the packet.</summary>
    public string SenderName { get; init; } = "";
}
