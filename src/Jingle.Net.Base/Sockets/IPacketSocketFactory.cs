using System.Net;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Creates packet sockets: real ones (<see cref="SocketFactory"/>) or ones on an in-process
/// <see cref="Jingle.Net.Base.Virtual.VirtualNetwork"/>. Everything above Base opens sockets only through this.
/// </summary>
public interface IPacketSocketFactory
{
    /// <summary>Binds a UDP socket to <paramref name="localEndPoint"/> (port 0 = any free port).</summary>
    IUdpSocket BindUdp(IPEndPoint localEndPoint, UdpSocketOptions? options = null);

    /// <summary>Binds a UDP socket to the first free port in [<paramref name="minPort"/>, <paramref name="maxPort"/>].</summary>
    IUdpSocket BindUdp(IPAddress address, int minPort, int maxPort, UdpSocketOptions? options = null);

    /// <summary>Opens a TCP connection to <paramref name="remote"/>.</summary>
    ValueTask<ITcpSocket> ConnectTcpAsync(IPEndPoint remote, IPEndPoint? localEndPoint = null, CancellationToken cancellationToken = default);

    /// <summary>Listens for TCP connections on <paramref name="localEndPoint"/> (port 0 = any free port).</summary>
    ITcpListener ListenTcp(IPEndPoint localEndPoint, int backlog = 64);
}
