using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Base.Sockets;

/// <summary>A real connected TCP socket (Nagle off: STUN, TURN and RFC 4571 framed media are latency-bound).</summary>
internal sealed class TcpPacketSocket : ITcpSocket
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    public TcpPacketSocket(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public Stream Stream => _stream;

    public void Dispose() => _stream.Dispose();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    public override string ToString() => $"tcp:{LocalEndPoint}->{RemoteEndPoint}";
}

/// <summary>A real listening TCP socket.</summary>
internal sealed class TcpPacketListener(Socket socket) : ITcpListener
{
    public IPEndPoint LocalEndPoint { get; } = (IPEndPoint)socket.LocalEndPoint!;

    public async ValueTask<ITcpSocket> AcceptAsync(CancellationToken cancellationToken = default)
    {
        Socket accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
        return new TcpPacketSocket(accepted);
    }

    public void Dispose() => socket.Dispose();

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
