namespace Jingle.Net.Base.Virtual;

/// <summary>What happened to a datagram in a <see cref="VirtualPacketTraceEventArgs"/>.</summary>
public enum VirtualPacketEventKind
{
    /// <summary>A socket handed the datagram to the network.</summary>
    Sent,

    /// <summary>The datagram reached a socket.</summary>
    Delivered,

    /// <summary>The network dropped the datagram (see <see cref="VirtualPacketTraceEventArgs.DropReason"/>).</summary>
    Dropped,
}
