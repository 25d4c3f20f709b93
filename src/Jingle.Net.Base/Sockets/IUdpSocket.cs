using System.Net;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Called for each received datagram. <paramref name="packet"/> is valid only during the call (the buffer is reused);
/// <paramref name="remote"/> is cached per source address, so steady-state receive allocates nothing.
/// <paramref name="timestamp"/> is from the environment's <see cref="TimeProvider.GetTimestamp"/>.
/// </summary>
public delegate void UdpPacketHandler(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp);

/// <summary>A bound UDP socket. Sends from any thread; receives are delivered to one handler, serially.</summary>
public interface IUdpSocket : IDisposable, IAsyncDisposable
{
    /// <summary>The bound local address and port.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Starts delivering datagrams to <paramref name="handler"/>. With <see cref="UdpSocketOptions.DeliveryThread"/>
    /// set, the handler runs on that RtcThread; otherwise on a pool thread (never two at once).
    /// </summary>
    void Start(UdpPacketHandler handler);

    /// <summary>
    /// Sends one datagram. Returns false when the datagram could not be sent (no route, buffer full, closed); the
    /// failure is counted in <see cref="Statistics"/>, never thrown. Allocates nothing in steady state.
    /// </summary>
    bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote);

    /// <summary>Counters for this socket.</summary>
    PacketSocketStatistics Statistics { get; }
}
