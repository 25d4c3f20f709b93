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

    /// <summary>
    /// Coalesce sends made on <see cref="DeliveryThread"/> (Linux): a datagram sent there is queued, and everything
    /// one work item of the thread sends (a batch of received datagrams handled, a timer, a posted call) leaves in as
    /// few system calls as possible when the item ends: one UDP GSO send per run of equal-size datagrams to one
    /// destination (see <see cref="SegmentationOffload"/>), else one sendmmsg(2). Order to each destination is kept.
    /// A queued datagram makes <see cref="IUdpSocket.SendTo"/> return true; should the kernel refuse it later, that
    /// shows only in <see cref="IUdpSocket.Statistics"/> (<see cref="PacketSocketStatistics.SendErrors"/>). Sends from
    /// other threads go out at once. False: one sendto(2) per datagram, at once, everywhere.
    /// </summary>
    public bool SendBatching { get; init; } = true;

    /// <summary>
    /// With <see cref="SendBatching"/>, send a run of datagrams as one UDP GSO super-datagram (UDP_SEGMENT, Linux
    /// 4.18+): the kernel cuts it into the original datagrams, late (on loopback, at the receiving socket). Used when
    /// the kernel supports it; a kernel that refuses it at first use gets sendmmsg(2) from then on. False: sendmmsg(2).
    /// </summary>
    public bool SegmentationOffload { get; init; } = true;

    /// <summary>
    /// Ask the kernel to coalesce received datagrams (UDP_GRO, Linux 5.0+; needs <see cref="ReceiveBatchSize"/> &gt; 1):
    /// a run of equal-size datagrams from one source, such as a GSO send over loopback, is received in one piece and
    /// split here, so the handler still gets one datagram per call, in order. Where the option is refused, ignored.
    /// </summary>
    public bool ReceiveOffload { get; init; } = true;

    /// <summary>
    /// Have <see cref="DeliveryThread"/> watch the socket itself (Linux, with <see cref="ReceiveBatchSize"/> &gt; 1):
    /// the thread sleeps in epoll_wait over its sockets, as libjingle's socket server does, and takes queued datagrams
    /// with recvmmsg(2) when one becomes readable. Without it a receive completes on .NET's socket engine thread,
    /// hops to a pool thread and is posted to the delivery thread: three wake-ups where one does, which is what a peer
    /// that answers each packet on its own (aiortc's SACK per DATA packet) costs most of. False, or where the thread
    /// cannot poll: that .NET receive loop.
    /// </summary>
    public bool PollOnDeliveryThread { get; init; } = true;

    /// <summary>Allow binding a port another socket already uses (SO_REUSEADDR).</summary>
    public bool ReuseAddress { get; init; }
}
