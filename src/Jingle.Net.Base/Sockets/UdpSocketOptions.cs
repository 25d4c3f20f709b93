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

    /// <summary>
    /// Datagrams taken per recvmmsg(2) call on Linux (each is still delivered on its own, in order). 1 turns batching
    /// off: one receive call per datagram, as on other systems. The batch buffers are MaxDatagramSize bytes per slot,
    /// reserved once per socket; the kernel commits only the pages that datagrams touch.
    /// </summary>
    public int ReceiveBatchSize { get; init; } = 32;

    /// <summary>Allow binding a port another socket already uses (SO_REUSEADDR).</summary>
    public bool ReuseAddress { get; init; }
}
