using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Virtual;

/// <summary>A connected TCP socket on the virtual network.</summary>
internal sealed class VirtualTcpSocket(IPEndPoint localEndPoint, IPEndPoint remoteEndPoint, VirtualTcpStream stream) : ITcpSocket
{
    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    public IPEndPoint RemoteEndPoint { get; } = remoteEndPoint;

    public Stream Stream => stream;

    public void Dispose() => stream.Dispose();

    public ValueTask DisposeAsync() => stream.DisposeAsync();

    public override string ToString() => $"vtcp:{LocalEndPoint}->{RemoteEndPoint}";
}
