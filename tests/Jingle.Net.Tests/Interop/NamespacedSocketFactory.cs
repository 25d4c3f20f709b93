using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// An <see cref="IPacketSocketFactory"/> whose sockets are created inside a <see cref="LoopbackNetworkNamespace"/>:
/// each socket is made (by the real <see cref="SocketFactory"/>) on a thread that joined the namespace, and then
/// works from any thread. Our stack given this factory talks to Chromium in that namespace and to nothing else.
/// </summary>
internal sealed class NamespacedSocketFactory(NamespaceThread thread, IPacketSocketFactory inner) : IPacketSocketFactory
{
    public IUdpSocket BindUdp(IPEndPoint localEndPoint, UdpSocketOptions? options = null) =>
        thread.Invoke(() => inner.BindUdp(localEndPoint, options));

    public IUdpSocket BindUdp(IPAddress address, int minPort, int maxPort, UdpSocketOptions? options = null) =>
        thread.Invoke(() => inner.BindUdp(address, minPort, maxPort, options));

    // The socket is created synchronously inside ConnectTcpAsync before its first await, so on the namespace thread.
    public ValueTask<ITcpSocket> ConnectTcpAsync(IPEndPoint remote, IPEndPoint? localEndPoint = null, CancellationToken cancellationToken = default) =>
        new(thread.Invoke(() => inner.ConnectTcpAsync(remote, localEndPoint, cancellationToken).AsTask()));

    public ITcpListener ListenTcp(IPEndPoint localEndPoint, int backlog = 64) =>
        thread.Invoke(() => inner.ListenTcp(localEndPoint, backlog));
}
