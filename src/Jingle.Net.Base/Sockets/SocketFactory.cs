using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jingle.Net.Base.Sockets;

/// <summary>The production socket factory: real OS sockets.</summary>
public sealed class SocketFactory(TimeProvider? time = null, ILoggerFactory? loggerFactory = null) : IPacketSocketFactory
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    /// <inheritdoc />
    public IUdpSocket BindUdp(IPEndPoint localEndPoint, UdpSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        return UdpPacketSocket.Bind(localEndPoint, options ?? new UdpSocketOptions(), _time, _loggerFactory.CreateLogger<UdpPacketSocket>());
    }

    /// <inheritdoc />
    public IUdpSocket BindUdp(IPAddress address, int minPort, int maxPort, UdpSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPort, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPort, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minPort, maxPort);
        if (minPort == 0 && maxPort == 0)
        {
            return BindUdp(new IPEndPoint(address, 0), options);
        }

        SocketException? last = null;
        for (int port = minPort; port <= maxPort; port++)
        {
            try
            {
                return BindUdp(new IPEndPoint(address, port), options);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                last = e;
            }
        }

        throw new SocketException((int)(last?.SocketErrorCode ?? SocketError.AddressAlreadyInUse),
            $"No free UDP port on {address} in {minPort}-{maxPort}.");
    }

    /// <inheritdoc />
    public async ValueTask<ITcpSocket> ConnectTcpAsync(IPEndPoint remote, IPEndPoint? localEndPoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (localEndPoint is not null)
            {
                socket.Bind(localEndPoint);
            }

            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return new TcpPacketSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ITcpListener ListenTcp(IPEndPoint localEndPoint, int backlog = 64)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(localEndPoint);
            socket.Listen(backlog);
            return new TcpPacketListener(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
