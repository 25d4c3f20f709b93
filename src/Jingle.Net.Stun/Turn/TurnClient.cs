using System.Buffers;
using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun.Attributes;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Credentials;
using Jingle.Net.Stun.Transactions;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Stun.Turn;

/// <summary>
/// A TURN client (RFC 8656; RFC 6156 for IPv6 relays): one allocation on one server over UDP, TCP or TLS.
/// Allocate with long-term credentials (401 → authenticated retry, 438 → new nonce and retry), Refresh before the
/// lifetime ends, CreatePermission (kept fresh: permissions last 5 minutes) and ChannelBind (kept fresh: channels
/// last 10 minutes), Send/Data indications and ChannelData (padded on TCP/TLS). The ICE TurnPort uses
/// <see cref="SendToPeer"/> and <see cref="DataReceived"/>. Errors are <see cref="TurnException"/> with the code.
/// </summary>
public sealed partial class TurnClient : IAsyncDisposable
{
    private static readonly TimeSpan PermissionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ChannelLifetime = TimeSpan.FromMinutes(10);

    private readonly StunConnection _connection;
    private readonly TurnClientOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, TimeSpan> _permissions = [];
    private readonly Dictionary<IPEndPoint, ushort> _channelsByPeer = [];
    private readonly Dictionary<ushort, (IPEndPoint Peer, TimeSpan Expires)> _channels = [];
    private readonly ITimer _refreshTimer;
    private readonly long _origin;
    private ushort _nextChannel = TurnChannelData.MinChannel;
    private StunIntegrityKey? _key;
    private string? _realm;
    private string? _nonce;
    private PasswordAlgorithm[]? _offeredAlgorithms;
    private TimeSpan _allocationExpires;
    private int _refreshing;
    private bool _disposed;

    private TurnClient(StunConnection connection, TurnClientOptions options)
    {
        _connection = connection;
        _options = options;
        _logger = connection.Environment.LoggerFactory.CreateLogger<TurnClient>();
        _origin = connection.Environment.TimeProvider.GetTimestamp();
        connection.PacketReceived = OnPacket;
        _refreshTimer = connection.Environment.TimeProvider.CreateTimer(static s => ((TurnClient)s!).OnRefreshTimer(), this,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Receives relayed data: the payload and the peer it came from. Valid only during the call.</summary>
    public delegate void DataHandler(ReadOnlySpan<byte> data, IPEndPoint peer);

    /// <summary>Data from a peer arrived through the relay (Data indication or ChannelData). Raised on a socket thread.</summary>
    public event DataHandler? DataReceived;

    /// <summary>The allocation ended (refresh failed, 437) or could not be refreshed.</summary>
    public event EventHandler<TurnException>? AllocationLost;

    /// <summary>The relayed transport address (XOR-RELAYED-ADDRESS).</summary>
    public IPEndPoint RelayedAddress { get; private set; } = new(IPAddress.None, 0);

    /// <summary>Our address as the server sees it (XOR-MAPPED-ADDRESS).</summary>
    public IPEndPoint? MappedAddress { get; private set; }

    /// <summary>The lifetime the server granted.</summary>
    public TimeSpan Lifetime { get; private set; }

    /// <summary>The server.</summary>
    public IPEndPoint Server => _connection.Server;

    /// <summary>Our local socket address.</summary>
    public IPEndPoint LocalEndPoint => _connection.LocalEndPoint;

    /// <summary>The connection (transport, counters).</summary>
    public StunConnection Connection => _connection;

    /// <summary>Successful refreshes (allocation, permissions, channels) done by the timer.</summary>
    public int AutomaticRefreshes { get; private set; }

    private TimeSpan Now => _connection.Environment.TimeProvider.GetElapsedTime(_origin);

    private bool IsStream => _connection.Transport != StunTransport.Udp;

    /// <summary>Connects to <paramref name="server"/> and creates an allocation.</summary>
    public static async Task<TurnClient> AllocateAsync(JingleEnvironment environment, IPEndPoint server, TurnClientOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        StunConnection connection = await StunConnection.OpenAsync(environment, server, options.Connection, cancellationToken).ConfigureAwait(false);
        var client = new TurnClient(connection, options);
        try
        {
            await client.AllocateAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AllocateAsync(CancellationToken cancellationToken)
    {
        StunResponse response = await ExecuteAsync(StunMethod.Allocate, request =>
        {
            request.Attributes.Add(new RequestedTransportAttribute(17));
            request.Attributes.Add(new LifetimeAttribute((uint)_options.RequestedLifetime.TotalSeconds));
            if (_options.RequestedAddressFamily != 0x01)
            {
                request.Attributes.Add(new RequestedAddressFamilyAttribute(_options.RequestedAddressFamily));
            }
        }, cancellationToken).ConfigureAwait(false);

        RelayedAddress = response.Message.GetAttribute<XorRelayedAddressAttribute>()?.EndPoint
            ?? throw new TurnException("The Allocate response carries no XOR-RELAYED-ADDRESS.");
        MappedAddress = response.Message.GetAttribute<XorMappedAddressAttribute>()?.EndPoint;
        Lifetime = TimeSpan.FromSeconds(response.Message.GetAttribute<LifetimeAttribute>()?.Value ?? 600);
        lock (_lock)
        {
            _allocationExpires = Now + Lifetime;
        }

        StunLog.TurnClientState(_logger, "allocated " + RelayedAddress, Server);
        ScheduleRefresh();
    }

    /// <summary>Refreshes the allocation with <paramref name="lifetime"/> (zero deletes it).</summary>
    public async Task RefreshAsync(TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        StunResponse response = await ExecuteAsync(StunMethod.Refresh,
            request => request.Attributes.Add(new LifetimeAttribute((uint)lifetime.TotalSeconds)), cancellationToken).ConfigureAwait(false);
        Lifetime = TimeSpan.FromSeconds(response.Message.GetAttribute<LifetimeAttribute>()?.Value ?? (uint)lifetime.TotalSeconds);
        lock (_lock)
        {
            _allocationExpires = Now + Lifetime;
        }
    }

    /// <summary>Installs (or refreshes) permissions for <paramref name="peers"/> (RFC 8656 §9).</summary>
    public async Task CreatePermissionAsync(IEnumerable<IPAddress> peers, CancellationToken cancellationToken = default)
    {
        IPAddress[] addresses = [.. peers];
        await ExecuteAsync(StunMethod.CreatePermission, request =>
        {
            foreach (IPAddress address in addresses)
            {
                request.Attributes.Add(new XorPeerAddressAttribute(new IPEndPoint(address, 0)));
            }
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (IPAddress address in addresses)
            {
                _permissions[address] = Now + PermissionLifetime;
            }
        }

        ScheduleRefresh();
    }

    /// <summary>Installs (or refreshes) a permission for one peer address.</summary>
    public Task CreatePermissionAsync(IPAddress peer, CancellationToken cancellationToken = default) =>
        CreatePermissionAsync([peer], cancellationToken);

    /// <summary>Binds a channel to <paramref name="peer"/> (RFC 8656 §12); returns the channel number.</summary>
    public async Task<ushort> BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ushort channel;
        lock (_lock)
        {
            if (!_channelsByPeer.TryGetValue(peer, out channel))
            {
                if (_nextChannel > TurnChannelData.MaxChannel)
                {
                    throw new InvalidOperationException("All TURN channel numbers are in use.");
                }

                channel = _nextChannel++;
            }
        }

        await BindChannelAsync(channel, peer, cancellationToken).ConfigureAwait(false);
        return channel;
    }

    private async Task BindChannelAsync(ushort channel, IPEndPoint peer, CancellationToken cancellationToken)
    {
        await ExecuteAsync(StunMethod.ChannelBind, request =>
        {
            request.Attributes.Add(new ChannelNumberAttribute(channel));
            request.Attributes.Add(new XorPeerAddressAttribute(peer));
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _channelsByPeer[peer] = channel;
            _channels[channel] = (peer, Now + ChannelLifetime);
            _permissions[peer.Address] = Now + PermissionLifetime; // a channel binding installs a permission
        }

        ScheduleRefresh();
    }

    /// <summary>
    /// Sends <paramref name="data"/> to <paramref name="peer"/> through the relay: ChannelData when a channel is
    /// bound, else a Send indication. Needs a permission for the peer. Allocates nothing for packets up to 2 KiB.
    /// </summary>
    public bool SendToPeer(ReadOnlySpan<byte> data, IPEndPoint peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ushort channel;
        lock (_lock)
        {
            _channelsByPeer.TryGetValue(peer, out channel);
        }

        int maxLength = data.Length + 64;
        byte[]? rented = null;
        Span<byte> buffer = maxLength <= 2048 ? stackalloc byte[2048] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            int length;
            if (channel != 0)
            {
                TurnChannelData.TryWrite(buffer, channel, data, IsStream, out length);
            }
            else
            {
                var writer = new StunMessageWriter(buffer, new StunMessageType(StunMethod.Send, StunClass.Indication),
                    StunTransactionId.CreateRandom(_connection.Environment.Random));
                writer.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
                writer.AddBytes(StunAttributeType.Data, data);
                length = writer.Length;
            }

            return _connection.Send(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void OnPacket(ReadOnlySpan<byte> packet, IPEndPoint source)
    {
        if (TurnChannelData.TryParse(packet, out ushort channel, out ReadOnlySpan<byte> data))
        {
            IPEndPoint? peer;
            lock (_lock)
            {
                peer = _channels.TryGetValue(channel, out var entry) ? entry.Peer : null;
            }

            if (peer is not null)
            {
                DataReceived?.Invoke(data, peer);
            }

            return;
        }

        if (StunMessageReader.TryParse(packet, out StunMessageReader reader, out _)
            && reader.Type == new StunMessageType(StunMethod.Data, StunClass.Indication)
            && reader.TryGetXorAddress(StunAttributeType.XorPeerAddress, out IPEndPoint? from)
            && reader.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> payload))
        {
            DataReceived?.Invoke(payload, from!);
        }
    }
}
