using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Stun.Framing;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Stun.Server;

/// <summary>
/// A STUN server (<c>jingle stunserver</c>): Binding over UDP and TCP, and RFC 5780 (four UDP sockets, CHANGE-REQUEST,
/// RESPONSE-ORIGIN, OTHER-ADDRESS) when an alternate address is configured. The thin driver around
/// <see cref="StunServerCore"/>; sockets come from the environment's factory.
/// </summary>
public sealed class StunServer : IAsyncDisposable
{
    private const int MaxResponse = 512;
    private readonly IUdpSocket[] _udp;
    private readonly ITcpListener? _tcp;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly StunServerOptions _options;
    private readonly Task _acceptLoop = Task.CompletedTask;
    private int _tcpConnections;

    private StunServer(JingleEnvironment environment, StunServerOptions options)
    {
        _options = options;
        _logger = environment.LoggerFactory.CreateLogger<StunServer>();
        IPEndPoint primary = options.Listen;
        var endPoints = new List<IPEndPoint> { primary };
        var sockets = new List<IUdpSocket>();
        try
        {
            var udpOptions = new UdpSocketOptions { DeliveryThread = options.DeliveryThread };
            IUdpSocket first = environment.SocketFactory.BindUdp(primary, udpOptions);
            sockets.Add(first);
            primary = first.LocalEndPoint;
            endPoints[0] = primary;
            if (options.AlternateAddress is { } alternate)
            {
                int alternatePort = options.AlternatePort ?? primary.Port + 1;
                foreach (IPEndPoint endPoint in new[]
                         {
                             new IPEndPoint(primary.Address, alternatePort), new IPEndPoint(alternate, primary.Port), new IPEndPoint(alternate, alternatePort),
                         })
                {
                    IUdpSocket socket = environment.SocketFactory.BindUdp(endPoint, udpOptions);
                    sockets.Add(socket);
                    endPoints.Add(socket.LocalEndPoint);
                }
            }

            _udp = [.. sockets];
            Core = new StunServerCore(endPoints, options.Software);
            if (options.EnableTcp)
            {
                _tcp = environment.SocketFactory.ListenTcp(primary);
            }
        }
        catch
        {
            foreach (IUdpSocket socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }

        for (int i = 0; i < _udp.Length; i++)
        {
            int index = i;
            _udp[i].Start((_, packet, remote, _) => OnUdp(packet, remote, index));
            StunLog.ServerListening(_logger, "udp", _udp[i].LocalEndPoint);
        }

        if (_tcp is not null)
        {
            StunLog.ServerListening(_logger, "tcp", _tcp.LocalEndPoint);
            _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        }
    }

    /// <summary>The protocol core (its counters).</summary>
    public StunServerCore Core { get; }

    /// <summary>The primary UDP address.</summary>
    public IPEndPoint LocalEndPoint => _udp[0].LocalEndPoint;

    /// <summary>The TCP address, or null.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>All UDP addresses (1, or 4 for RFC 5780).</summary>
    public IReadOnlyList<IPEndPoint> UdpEndPoints => [.. _udp.Select(s => s.LocalEndPoint)];

    /// <summary>Starts a server.</summary>
    public static StunServer Start(JingleEnvironment environment, StunServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        return new StunServer(environment, options);
    }

    private void OnUdp(ReadOnlySpan<byte> packet, IPEndPoint remote, int index)
    {
        Span<byte> response = stackalloc byte[MaxResponse];
        int length = Core.Handle(packet, remote, index, response, out int replyFrom);
        if (length > 0)
        {
            _udp[replyFrom].SendTo(response[..length], remote);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            ITcpSocket connection;
            try
            {
                connection = await _tcp!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                return;
            }

            if (Interlocked.Increment(ref _tcpConnections) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _tcpConnections);
                await connection.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            _ = Task.Run(() => ServeTcpAsync(connection), CancellationToken.None);
        }
    }

    private async Task ServeTcpAsync(ITcpSocket connection)
    {
        var framer = new StunStreamFramer();
        byte[] buffer = new byte[8192];
        byte[] response = new byte[MaxResponse];
        string reason = "end of stream";
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int read = await connection.Stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var state = (Server: this, Connection: connection, Response: response);
                if (!framer.Feed(buffer.AsSpan(0, read), state, static (s, frame) =>
                    {
                        int length = s.Server.Core.Handle(frame, s.Connection.RemoteEndPoint, 0, s.Response, out _);
                        if (length > 0)
                        {
                            s.Connection.Stream.Write(s.Response, 0, length);
                        }
                    }))
                {
                    reason = "garbage on the stream";
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            reason = e.GetType().Name;
        }
        finally
        {
            Interlocked.Decrement(ref _tcpConnections);
            StunLog.TcpConnectionClosed(_logger, connection.RemoteEndPoint, reason);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (IUdpSocket socket in _udp)
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }

        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
