using System.Net;

namespace Jingle.Net.Base.Sockets;

/// <summary>A connected TCP socket. <see cref="Stream"/> carries the bytes (wrap it in SslStream for TLS).</summary>
public interface ITcpSocket : IAsyncDisposable, IDisposable
{
    IPEndPoint LocalEndPoint { get; }

    IPEndPoint RemoteEndPoint { get; }

    /// <summary>The byte stream. Reads return 0 at end of stream.</summary>
    Stream Stream { get; }
}

/// <summary>A listening TCP socket.</summary>
public interface ITcpListener : IAsyncDisposable, IDisposable
{
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Waits for the next inbound connection.</summary>
    ValueTask<ITcpSocket> AcceptAsync(CancellationToken cancellationToken = default);
}
