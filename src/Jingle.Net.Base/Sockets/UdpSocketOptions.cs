using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Sockets;

/// <summary>Options for <see cref="IPacketSocketFactory.BindUdp(System.Net.IPEndPoint, UdpSocketOptions?)"/>.</summary>
public sealed record UdpSocketOptions
{
    /// <summary>The thread the receive handler runs on (libjingle's worker thread); null = a pool thread.</summary>
    public RtcThread? DeliveryThread { get; init; }

    /// <summary>
    /// Requested kernel receive buffer. Loopback drops datagrams once the 208 KiB default fills, so the default asks
    /// for 4 MiB (as root, past net.core.rmem_max through SO_RCVBUFFORCE).
    /// </summary>
    public int ReceiveBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Requested kernel send buffer (see <see cref="ReceiveBufferSize"/>).</summary>
    public int SendBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest datagram accepted; longer ones are truncated by the kernel and dropped (counted).</summary>
    public int MaxDatagramSize { get; init; } = 65536;

    /// <summary>Allow binding a port another socket already uses (SO_REUSEADDR).</summary>
    public bool ReuseAddress { get; init; }
}
