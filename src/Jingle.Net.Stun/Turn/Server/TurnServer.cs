using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Stun.Framing;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>
/// A TURN relay server (RFC 8656; <c>jingle turnserver</c>, also used by our tests): UDP and TCP listeners, and a
/// TLS listener when given a certificate (<see cref="TurnServerOptions.TlsCertificate"/>, RFC 8656 §3.1),
/// long-term credentials with a realm and expiring nonces, allocations with lifetimes, permissions and channels,
/// quotas (total and per user), a relay port range, and a peer policy that refuses loopback, private, link-local,
/// multicast and 0.0.0.0/8 peers (403) unless allowed. Malformed traffic is dropped and counted; state is bounded by
/// the quotas.
/// </summary>
public sealed partial class TurnServer : IAsyncDisposable
{
    private static readonly TimeSpan PermissionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ChannelLifetime = TimeSpan.FromMinutes(10);

    private readonly JingleEnvironment _environment;
    private readonly TurnServerOptions _options;
    private readonly ILogger _logger;
    private readonly IUdpSocket _udp;
    private readonly ITcpListener? _tcp;
    private readonly ITcpListener? _tls;
    private readonly Lock _lock = new();
    private readonly Dictionary<TurnClientLink, TurnAllocation> _allocations = [];
    private readonly Dictionary<string, StunIntegrityKey> _keys = new(StringComparer.Ordinal);
    private readonly byte[] _nonceSecret = new byte[20];
    private readonly ITimer _expiryTimer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop = Task.CompletedTask;
    private readonly Task _tlsAcceptLoop = Task.CompletedTask;
    private readonly long _origin;
    private readonly IPAddress _relayAddress;
    private int _tcpConnections;

    private TurnServer(JingleEnvironment environment, TurnServerOptions options)
    {
        _environment = environment;
        _options = options;
        _logger = environment.LoggerFactory.CreateLogger<TurnServer>();
        _origin = environment.TimeProvider.GetTimestamp();
        environment.Random.NextBytes(_nonceSecret);
        _relayAddress = options.RelayAddress
            ?? (options.Listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : options.Listen.Address);
        foreach ((string user, string password) in options.Users)
        {
            _keys[user] = StunIntegrityKey.LongTerm(user, options.Realm, password, Credentials.PasswordAlgorithm.Md5, Credentials.StringPreparation.None);
        }

        _udp = environment.SocketFactory.BindUdp(options.Listen);
        try
        {
            if (options.EnableTcp)
            {
                // TCP listens on the UDP socket's port. With an ephemeral port (0) that number may already be taken
                // for TCP (another connection's local port): take another UDP port and try again.
                for (int attempt = 1; ; attempt++)
                {
                    try
                    {
                        _tcp = environment.SocketFactory.ListenTcp(_udp.LocalEndPoint);
                        break;
                    }
                    catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse
                        && options.Listen.Port == 0 && attempt < 16)
                    {
                        _udp.Dispose();
                        _udp = environment.SocketFactory.BindUdp(options.Listen);
                    }
                }
            }

            if (options.TlsCertificate is not null)
            {
                _tls = environment.SocketFactory.ListenTcp(options.TlsListen ?? new IPEndPoint(options.Listen.Address, StunConstants.DefaultTlsPort));
            }
        }
        catch
        {
            _tcp?.Dispose();
            _udp.Dispose();
            throw;
        }

        _udp.Start((socket, packet, remote, _) => HandleClientPacket(packet, new TurnClientLink(socket, remote)));
        StunLog.TurnServerListening(_logger, "udp", _udp.LocalEndPoint, options.Realm);
        if (_tcp is not null)
        {
            StunLog.TurnServerListening(_logger, "tcp", _tcp.LocalEndPoint, options.Realm);
            // Started inline (not on the pool): on the VirtualNetwork, accepts and reads then complete in the network's
            // timer callback, so a server under a fake clock runs deterministically. Real sockets resume on the pool anyway.
            _acceptLoop = AcceptLoopAsync(_tcp, tls: false);
        }

        if (_tls is not null)
        {
            StunLog.TurnServerListening(_logger, "tls", _tls.LocalEndPoint, options.Realm);
            _tlsAcceptLoop = AcceptLoopAsync(_tls, tls: true);
        }

        _expiryTimer = environment.TimeProvider.CreateTimer(static s => ((TurnServer)s!).ExpireState(), this,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Counters.</summary>
    public TurnServerStatistics Statistics { get; } = new();

    /// <summary>The UDP listen address.</summary>
    public IPEndPoint LocalEndPoint => _udp.LocalEndPoint;

    /// <summary>The TCP listen address, or null.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The TLS listen address (<c>turns:</c>), or null without <see cref="TurnServerOptions.TlsCertificate"/>.</summary>
    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

    /// <summary>Allocations alive.</summary>
    public int AllocationCount
    {
        get { lock (_lock) { return _allocations.Count; } }
    }

    private TimeSpan Now => _environment.TimeProvider.GetElapsedTime(_origin);

    /// <summary>Starts a server.</summary>
    public static TurnServer Start(JingleEnvironment environment, TurnServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Users.Count == 0)
        {
            throw new ArgumentException("A TURN server needs at least one user.", nameof(options));
        }

        if (options.TlsCertificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("The TLS certificate needs its private key.", nameof(options));
        }

        return new TurnServer(environment, options);
    }

    private async Task AcceptLoopAsync(ITcpListener listener, bool tls)
    {
        while (!_stop.IsCancellationRequested)
        {
            ITcpSocket connection;
            try
            {
                connection = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                return;
            }

            if (Interlocked.Increment(ref _tcpConnections) > _options.MaxAllocations * 2)
            {
                Interlocked.Decrement(ref _tcpConnections);
                await connection.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            _ = ServeTcpAsync(connection, tls); // runs until its first pending read, then in the socket's completions
        }
    }

    private async Task ServeTcpAsync(ITcpSocket connection, bool tls)
    {
        Stream stream = connection.Stream;
        TurnClientLink? link = null;
        byte[] buffer = new byte[16 * 1024];
        try
        {
            if (tls)
            {
                stream = await AuthenticateTlsAsync(connection).ConfigureAwait(false);
            }

            link = new TurnClientLink(connection, stream);
            var framer = new StunStreamFramer();
            while (!_stop.IsCancellationRequested)
            {
                int read = await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0 || !framer.Feed(buffer.AsSpan(0, read), (Server: this, Link: link),
                        static (s, frame) => s.Server.HandleClientPacket(frame, s.Link)))
                {
                    if (read != 0)
                    {
                        Interlocked.Increment(ref Statistics._malformed);
                    }

                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _tcpConnections);
            if (link is not null)
            {
                RemoveAllocation(link, tls ? "TLS connection closed" : "TCP connection closed");
            }

            if (!ReferenceEquals(stream, connection.Stream))
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The server side of the TLS handshake (RFC 8656 §3.1: TURN over TLS over TCP), bounded by
    /// <see cref="TurnServerOptions.TlsHandshakeTimeout"/> on the environment's clock. A failed or late handshake is
    /// counted, logged and rethrown (the connection is then closed).
    /// </summary>
    private async Task<SslStream> AuthenticateTlsAsync(ITcpSocket connection)
    {
        var ssl = new SslStream(connection.Stream, leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(_options.TlsHandshakeTimeout, _environment.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _options.TlsCertificate,
                ClientCertificateRequired = false,
            }, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref Statistics._tlsHandshakeFailures);
                StunLog.TurnTlsHandshakeFailed(_logger, connection.RemoteEndPoint, timeout.IsCancellationRequested ? "timed out" : e.GetType().Name);
            }

            throw;
        }

        Interlocked.Increment(ref Statistics._tlsConnections);
        StunLog.TurnTlsConnected(_logger, connection.RemoteEndPoint, ssl.SslProtocol, ssl.NegotiatedCipherSuite);
        return ssl;
    }

    private void ExpireState()
    {
        TimeSpan now = Now;
        List<TurnAllocation> expired = [];
        lock (_lock)
        {
            foreach (TurnAllocation allocation in _allocations.Values)
            {
                if (allocation.Expires <= now)
                {
                    expired.Add(allocation);
                    continue;
                }

                foreach (IPAddress peer in allocation.Permissions.Where(p => p.Value <= now).Select(p => p.Key).ToList())
                {
                    allocation.Permissions.Remove(peer);
                }

                foreach ((ushort channel, (IPEndPoint peer, TimeSpan expires)) in allocation.Channels.Where(c => c.Value.Expires <= now).ToList())
                {
                    allocation.Channels.Remove(channel);
                    allocation.ChannelsByPeer.Remove(peer);
                }
            }

            foreach (TurnAllocation allocation in expired)
            {
                _allocations.Remove(allocation.Client);
            }
        }

        foreach (TurnAllocation allocation in expired)
        {
            StunLog.AllocationEnded(_logger, allocation.Relay.LocalEndPoint, allocation.Client.Remote, "expired");
            allocation.Relay.Dispose();
        }
    }

    private void RemoveAllocation(TurnClientLink link, string reason)
    {
        TurnAllocation? allocation;
        lock (_lock)
        {
            _allocations.Remove(link, out allocation);
        }

        if (allocation is not null)
        {
            StunLog.AllocationEnded(_logger, allocation.Relay.LocalEndPoint, allocation.Client.Remote, reason);
            allocation.Relay.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _expiryTimer.DisposeAsync().ConfigureAwait(false);
        await _udp.DisposeAsync().ConfigureAwait(false);
        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync().ConfigureAwait(false);
        }

        await _acceptLoop.ConfigureAwait(false);
        await _tlsAcceptLoop.ConfigureAwait(false);
        List<TurnAllocation> all;
        lock (_lock)
        {
            all = [.. _allocations.Values];
            _allocations.Clear();
        }

        foreach (TurnAllocation allocation in all)
        {
            await allocation.Relay.DisposeAsync().ConfigureAwait(false);
        }

        foreach (StunIntegrityKey key in _keys.Values)
        {
            key.Dispose();
        }

        CryptographicOperations.ZeroMemory(_nonceSecret);
        _stop.Dispose();
    }
}
