using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// A real UDP socket. Receive runs one loop using the <see cref="SocketAddress"/> overloads into a pooled buffer
/// (see UdpPacketSocket.Receive.cs; batched with recvmmsg and UDP GRO on Linux, UdpPacketSocket.Batch.cs). Sends on
/// the delivery thread are coalesced per work item (UdpPacketSocket.Send.cs). Source addresses map to cached <see cref="IPEndPoint"/>s and destinations to
/// cached <see cref="SocketAddress"/>es, so steady-state send and receive allocate nothing.
/// </summary>
internal sealed partial class UdpPacketSocket : IUdpSocket
{
    private const int SolSocket = 1;
    private const int SoSndBufForce = 32;
    private const int SoRcvBufForce = 33;

    private readonly Socket _socket;
    private readonly UdpSocketOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private readonly EndPointCache _endpoints = new();
    private readonly Lock _sendLock = new();
    private readonly Dictionary<IPEndPoint, SocketAddress> _sendAddresses = [];
    private UdpPacketHandler? _handler;
    private int _disposed;

    private UdpPacketSocket(Socket socket, UdpSocketOptions options, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _options = options;
        _time = time;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public PacketSocketStatistics Statistics { get; } = new();

    public static UdpPacketSocket Bind(IPEndPoint local, UdpSocketOptions options, TimeProvider time, ILogger logger)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6 && local.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = false;
            }

            if (options.ReuseAddress)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            SetBuffer(socket, SocketOptionName.ReceiveBuffer, SoRcvBufForce, options.ReceiveBufferSize);
            SetBuffer(socket, SocketOptionName.SendBuffer, SoSndBufForce, options.SendBufferSize);
            socket.Bind(local);
            var result = new UdpPacketSocket(socket, options, time, logger);
            result.InitializeSendBatching();
            BaseLog.UdpBound(logger, result.LocalEndPoint);
            BaseLog.SocketBuffers(logger, result.LocalEndPoint, socket.ReceiveBufferSize, socket.SendBufferSize);
            return result;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void SetBuffer(Socket socket, SocketOptionName name, int forceOption, int size)
    {
        if (size <= 0)
        {
            return;
        }

        socket.SetSocketOption(SocketOptionLevel.Socket, name, size);
        if (OperatingSystem.IsLinux() && socket.GetSocketOption(SocketOptionLevel.Socket, name) is int actual && actual < size)
        {
            // Past net.core.[rw]mem_max only root may go (SO_*BUFFORCE); elsewhere keep what the kernel granted.
            try
            {
                Span<byte> value = stackalloc byte[4];
                BitConverter.TryWriteBytes(value, size);
                socket.SetRawSocketOption(SolSocket, forceOption, value);
            }
            catch (SocketException)
            {
            }
        }
    }

    public void Dispose()
    {
        if (_disposed != 0)
        {
            return;
        }

        FlushBeforeClose();
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _cts.Cancel();
        StopPollingFromDispose();
        _socket.Dispose();
        _cts.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public override string ToString() => $"udp:{LocalEndPoint}";
}
