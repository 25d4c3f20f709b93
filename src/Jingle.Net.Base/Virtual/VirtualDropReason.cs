namespace Jingle.Net.Base.Virtual;

/// <summary>Why the <see cref="VirtualNetwork"/> dropped a packet (counted in <see cref="VirtualNetworkStatistics"/>).</summary>
public enum VirtualDropReason
{
    /// <summary>Random loss on a link (<see cref="LinkConditions.LossRate"/>).</summary>
    Loss,

    /// <summary>A drop filter matched (<see cref="VirtualNetwork.DropNext"/>, <see cref="VirtualNetwork.AddDropFilter"/>).</summary>
    Filter,

    /// <summary>A bandwidth-limited link's queue was full.</summary>
    QueueFull,

    /// <summary>No host or router has the destination address.</summary>
    NoRoute,

    /// <summary>An inbound packet reached a NAT port with no (live) mapping.</summary>
    NoMapping,

    /// <summary>A NAT's filtering rejected an inbound packet (RFC 4787 §5).</summary>
    Filtered,

    /// <summary>A NAT without hairpinning got a packet for its own external address from inside (RFC 4787 §6).</summary>
    NoHairpin,

    /// <summary>A UDP-blocking firewall dropped the packet.</summary>
    UdpBlocked,

    /// <summary>No socket is bound to the destination port (ICMP port unreachable, not reported).</summary>
    PortUnreachable,

    /// <summary>The destination socket exists but was not started or is closing.</summary>
    NotStarted,
}
