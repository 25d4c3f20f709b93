using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Stun;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// A relayed candidate on a TURN server over UDP or TCP (RFC 8656; libjingle's TurnPort): Allocate with the long-term
/// credential challenge (401 → REALM/NONCE, 438 stale nonce), Refresh before the lifetime ends, CreatePermission per
/// peer address, then a channel per peer (ChannelBind, TurnPort.Channels.cs): ChannelData once bound, Send
/// indications before that; Data indications and ChannelData in. Written on the STUN codec. Over TCP
/// (TurnPort.Stream.cs) the same requests go on one connection, framed, sent once each (no retransmission on a
/// reliable transport), with ChannelData padded to 4 bytes.
/// </summary>
internal sealed partial class TurnPort : Port
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan InitialRto = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReliableTransactionTimeout = TimeSpan.FromMilliseconds(39500);
    private static readonly TimeSpan PermissionRefresh = TimeSpan.FromMinutes(4);
    private readonly JingleEnvironment _env;
    private readonly IceScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly IUdpSocket? _socket;
    private readonly IPAddress _localAddress;
    private readonly TurnServerConfig _server;
    private readonly byte[] _sendBuffer = new byte[65536 + 64];
    private readonly Dictionary<TransactionKey, PendingRequest> _pending = [];
    private readonly Dictionary<IPAddress, bool> _permissions = [];
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;
    private int _authAttempts;
    private bool _complete;
    private IDisposable? _refreshTimer;
    private IDisposable? _permissionTimer;

    private TurnPort(JingleEnvironment env, IceScheduler scheduler, IUdpSocket? socket, PortContext context, NetworkInfo network, int ordinal,
        IPAddress localAddress, TurnServerConfig server)
        : base(context, network, ordinal)
    {
        _env = env;
        _scheduler = scheduler;
        _socket = socket;
        _localAddress = socket?.LocalEndPoint.Address ?? localAddress;
        _server = server;
        _logger = env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port");
    }

    public override string TypeName => "relay";

    public override CandidateProtocol Protocol => CandidateProtocol.Udp;

    /// <summary>The relayed transport address, once allocated.</summary>
    public IPEndPoint? RelayedAddress { get; private set; }

    /// <summary>The server-reflexive address the TURN server saw (the relay candidate's related address).</summary>
    public IPEndPoint? MappedAddress { get; private set; }

    public static TurnPort? Create(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal,
        IPAddress address, TurnServerConfig server)
    {
        if (server.Transport == TurnTransport.Tcp)
        {
            return new TurnPort(env, scheduler, null, context, network, ordinal, address, server); // connects in StartGathering
        }

        if (server.Transport != TurnTransport.Udp)
        {
            return null; // TLS: TcpTurnPort
        }

        IUdpSocket socket;
        try
        {
            socket = env.SocketFactory.BindUdp(new IPEndPoint(address, 0), new UdpSocketOptions { DeliveryThread = scheduler.Thread });
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
        {
            IceLog.BindFailed(env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port"), $"Port[{context.ContentName}:relay:Net[{network.Name}]]", address, e.Message);
            return null;
        }

        var port = new TurnPort(env, scheduler, socket, context, network, ordinal, address, server);
        socket.Start(port.OnPacket);
        return port;
    }

    public override void StartGathering()
    {
        if (IsStream)
        {
            StartConnect();
        }
        else
        {
            SendAllocate();
        }
    }

    /// <summary>Relays <paramref name="packet"/> to <paramref name="remote"/>: ChannelData on its bound channel, else a Send indication (RFC 8656 §11).</summary>
    public override bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        if (IsDisposed || RelayedAddress is null)
        {
            return false;
        }

        EnsurePermission(remote.Address);
        if (BoundChannel(remote) is { } channel)
        {
            return SendChannelData(channel, packet);
        }

        IndicationsSent++;
        Span<byte> tid = stackalloc byte[12];
        _env.Random.NextBytes(tid);
        var writer = new StunMessageWriter(_sendBuffer, new StunMessageType(StunMethod.Send, StunClass.Indication), StunTransactionId.FromBytes(tid));
        writer.AddXorAddress(StunAttributeType.XorPeerAddress, remote);
        writer.AddBytes(StunAttributeType.Data, packet);
        return SendToServer(writer.Written);
    }

    protected override void DisposeCore()
    {
        if (RelayedAddress is not null)
        {
            // Deallocate (RFC 8656 §7.2: Refresh with LIFETIME 0); best effort, not retransmitted.
            Span<byte> buffer = stackalloc byte[256];
            Span<byte> tid = stackalloc byte[12];
            _env.Random.NextBytes(tid);
            var writer = new StunMessageWriter(buffer, new StunMessageType(StunMethod.Refresh, StunClass.Request), StunTransactionId.FromBytes(tid));
            writer.AddUInt32(StunAttributeType.Lifetime, 0);
            AddAuthentication(ref writer);
            SendToServer(writer.Written);
        }

        foreach (PendingRequest p in _pending.Values)
        {
            p.Timer?.Dispose();
        }

        _pending.Clear();
        _refreshTimer?.Dispose();
        _permissionTimer?.Dispose();
        DisposeChannels();
        _socket?.Dispose();
        CloseStream();
    }

    private void SendAllocate()
    {
        var writer = Begin(StunMethod.Allocate, out byte[] tid);
        writer.AddUInt32(StunAttributeType.RequestedTransport, 17u << 24); // UDP (RFC 8656 §18.7)
        AddAuthentication(ref writer);
        Send(new PendingRequest(RequestKind.Allocate, tid, writer.Written.ToArray(), null));
    }

    private void SendRefresh(uint lifetime)
    {
        var writer = Begin(StunMethod.Refresh, out byte[] tid);
        writer.AddUInt32(StunAttributeType.Lifetime, lifetime);
        AddAuthentication(ref writer);
        Send(new PendingRequest(RequestKind.Refresh, tid, writer.Written.ToArray(), null));
    }

    private void SendCreatePermission(IPAddress peer)
    {
        var writer = Begin(StunMethod.CreatePermission, out byte[] tid);
        writer.AddXorAddress(StunAttributeType.XorPeerAddress, new IPEndPoint(peer, 0));
        AddAuthentication(ref writer);
        Send(new PendingRequest(RequestKind.Permission, tid, writer.Written.ToArray(), peer));
    }

    private void EnsurePermission(IPAddress peer)
    {
        if (_permissions.ContainsKey(peer))
        {
            return;
        }

        _permissions[peer] = false;
        SendCreatePermission(peer);
        _permissionTimer ??= _scheduler.Schedule(PermissionRefresh, RefreshPermissions);
    }

    private void RefreshPermissions()
    {
        _permissionTimer = null;
        if (IsDisposed)
        {
            return;
        }

        foreach (IPAddress peer in _permissions.Keys)
        {
            SendCreatePermission(peer);
        }

        _permissionTimer = _scheduler.Schedule(PermissionRefresh, RefreshPermissions);
    }

    private StunMessageWriter Begin(StunMethod method, out byte[] transactionId)
    {
        transactionId = new byte[12];
        _env.Random.NextBytes(transactionId);
        return new StunMessageWriter(_sendBuffer, new StunMessageType(method, StunClass.Request), StunTransactionId.FromBytes(transactionId));
    }

    private void AddAuthentication(ref StunMessageWriter writer)
    {
        if (_key is null || _realm is null || _nonce is null)
        {
            writer.AddFingerprint();
            return;
        }

        writer.AddUsername(_server.Username);
        writer.AddString(StunAttributeType.Realm, _realm);
        writer.AddString(StunAttributeType.Nonce, _nonce);
        writer.AddMessageIntegrity(_key);
        writer.AddFingerprint();
    }

    private void Send(PendingRequest request)
    {
        _pending[TransactionKey.From(request.TransactionId)] = request;
        Transmit(request);
    }

    private void Transmit(PendingRequest request)
    {
        if (IsDisposed)
        {
            return;
        }

        if (request.Attempts >= MaxAttempts)
        {
            _pending.Remove(TransactionKey.From(request.TransactionId));
            if (request.Kind == RequestKind.Allocate)
            {
                Fail("no answer");
            }
            else if (request.Kind == RequestKind.ChannelBind)
            {
                OnChannelBindFailed(request.Channel!, 0);
            }

            return;
        }

        SendToServer(request.Bytes);
        if (IsStream)
        {
            // Reliable transport: sent once, failed after Ti = 39.5 s without an answer (RFC 8489 §6.2.2).
            request.Attempts = MaxAttempts;
            request.Timer = _scheduler.Schedule(ReliableTransactionTimeout, () => Transmit(request));
            return;
        }

        TimeSpan rto = InitialRto * (1 << request.Attempts);
        request.Attempts++;
        request.Timer = _scheduler.Schedule(rto, () => Transmit(request));
    }

    private void Fail(string error)
    {
        IceLog.TurnAllocationFailed(_logger, this, _server.ToString(), error);
        Complete();
    }

    private void Complete()
    {
        if (!_complete)
        {
            _complete = true;
            Listener?.OnPortComplete(this);
        }
    }

    private enum RequestKind
    {
        Allocate,
        Refresh,
        Permission,
        ChannelBind,
    }

    private sealed class PendingRequest(RequestKind kind, byte[] transactionId, byte[] bytes, IPAddress? peer)
    {
        public RequestKind Kind { get; } = kind;
        public byte[] TransactionId { get; } = transactionId;
        public byte[] Bytes { get; } = bytes;
        public IPAddress? Peer { get; } = peer;
        public TurnChannel? Channel { get; init; }
        public int Attempts { get; set; }
        public IDisposable? Timer { get; set; }
    }
}
