using System.Globalization;
using System.Net;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// One entry of the packet trace (<see cref="VirtualNetwork.PacketTraced"/>). Addresses are as seen at that point:
/// for <see cref="VirtualPacketEventKind.Delivered"/>, the source after NAT translation and the receiver's own
/// destination.
/// </summary>
public sealed class VirtualPacketTraceEventArgs(
    VirtualPacketEventKind kind, TimeSpan time, IPEndPoint source, IPEndPoint destination, int length, VirtualDropReason? dropReason)
    : EventArgs
{
    /// <summary>Sent, delivered or dropped.</summary>
    public VirtualPacketEventKind Kind { get; } = kind;

    /// <summary>Time since the network was created, on its clock.</summary>
    public TimeSpan Time { get; } = time;

    /// <summary>Source address and port.</summary>
    public IPEndPoint Source { get; } = source;

    /// <summary>Destination address and port.</summary>
    public IPEndPoint Destination { get; } = destination;

    /// <summary>Payload length in bytes (the payload itself is never traced).</summary>
    public int Length { get; } = length;

    /// <summary>Why it was dropped, for <see cref="VirtualPacketEventKind.Dropped"/>.</summary>
    public VirtualDropReason? DropReason { get; } = dropReason;

    /// <summary>A one-line form, e.g. <c>0.010000 Delivered 203.0.113.1:20000 -> 198.51.100.2:5000 100 B</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Time.TotalSeconds:F6} {Kind} {Source} -> {Destination} {Length} B{(DropReason is { } r ? " (" + r + ")" : "")}");
}
