using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Credentials;
using Jingle.Net.Stun.Turn;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>
/// A minimal in-test TURN relay (RFC 8656 over UDP) on the VirtualNetwork: long-term credentials with a 401
/// challenge, Allocate/Refresh/CreatePermission/ChannelBind, Send and Data indications, ChannelData both ways
/// (bindings expire 10 minutes after the last ChannelBind), permissions by peer IP. Enough for the relay cells of the
/// NAT matrix; the STUN helper's TURN server replaces it once it runs on IPacketSocketFactory.
/// </summary>
internal sealed class TestTurnServer : IDisposable
{
    public const string Realm = "jingle.test";
    public const string Nonce = "nonce-1";
    private readonly VirtualHost _host;
    private readonly IUdpSocket _socket;
    private readonly Dictionary<IPEndPoint, Allocation> _allocations = [];
    private readonly byte[] _buffer = new byte[70000];
    private readonly string _username;
    private readonly byte[] _key;

    public TestTurnServer(VirtualHost host, IPEndPoint endPoint, string username, string password)
    {
        _host = host;
        _username = username;
        _key = StunCredentials.ComputeLongTermKey(username, Realm, password);
        _socket = host.BindUdp(endPoint);
        _socket.Start(OnClientPacket);
    }

    public IPEndPoint EndPoint => _socket.LocalEndPoint;

    public int AllocationCount => _allocations.Count;

    public int Relayed { get; private set; }

    public int Unauthorized { get; private set; }

    /// <summary>ChannelBind requests accepted (first binds and refreshes).</summary>
    public int ChannelBinds { get; private set; }

    /// <summary>ChannelData messages relayed client → peer, and their total size on the client leg.</summary>
    public int ChannelDataFromClient { get; private set; }

    public long ChannelDataBytesFromClient { get; private set; }

    public List<int> ChannelDataLengthsFromClient { get; } = [];

    /// <summary>ChannelData messages relayed peer → client.</summary>
    public int ChannelDataToClient { get; private set; }

    /// <summary>Send indications relayed client → peer, and their total size on the client leg.</summary>
    public int IndicationsFromClient { get; private set; }

    public long IndicationBytesFromClient { get; private set; }

    /// <summary>ChannelData dropped because its binding had expired or never existed.</summary>
    public int UnboundChannelData { get; private set; }

    /// <summary>When set, ChannelBind is answered 403 (a server without channels).</summary>
    public bool RejectChannelBind { get; set; }

    /// <summary>Sends raw bytes from the server's socket to every allocation's client (malformed-input tests).</summary>
    public void SendToClients(ReadOnlySpan<byte> bytes)
    {
        foreach (Allocation allocation in _allocations.Values)
        {
            _socket.SendTo(bytes, allocation.Client);
        }
    }

    private DateTimeOffset Now => _host.Network.TimeProvider.GetUtcNow();

    private void OnClientPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint client, long timestamp)
    {
        if (TurnChannelData.IsChannelData(packet))
        {
            OnClientChannelData(packet, client);
            return;
        }

        if (!StunMessageReader.TryParse(packet, out StunMessageReader reader, out _))
        {
            return;
        }

        StunMessageType type = reader.Type;
        StunTransactionId tid = reader.TransactionId;
        _allocations.TryGetValue(client, out Allocation? allocation);
        if (type.Class == StunClass.Indication && type.Method == StunMethod.Send)
        {
            if (allocation is not null && reader.TryGetXorAddress(StunAttributeType.XorPeerAddress, out IPEndPoint? peer) && peer is not null
                && allocation.Permissions.Contains(peer.Address) && reader.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> data))
            {
                allocation.Relay.SendTo(data, peer);
                Relayed++;
                IndicationsFromClient++;
                IndicationBytesFromClient += packet.Length;
            }

            return;
        }

        if (type.Class != StunClass.Request)
        {
            return;
        }

        if (!reader.HasMessageIntegrity || !reader.AttributeEquals(StunAttributeType.Username, System.Text.Encoding.UTF8.GetBytes(_username))
            || !reader.ValidateMessageIntegrity(_key))
        {
            Unauthorized++;
            var challenge = new StunMessageWriter(_buffer, type.WithClass(StunClass.ErrorResponse), tid);
            challenge.AddErrorCode(401);
            challenge.AddString(StunAttributeType.Realm, Realm);
            challenge.AddString(StunAttributeType.Nonce, Nonce);
            challenge.AddFingerprint();
            socket.SendTo(challenge.Written, client);
            return;
        }

        var response = new StunMessageWriter(_buffer, type.WithClass(StunClass.SuccessResponse), tid);
        switch (type.Method)
        {
            case StunMethod.Allocate:
                if (allocation is null)
                {
                    allocation = new Allocation(this, client, _host.BindUdp(new IPEndPoint(_host.Address, 0)));
                    _allocations[client] = allocation;
                }

                response.AddXorAddress(StunAttributeType.XorRelayedAddress, allocation.Relay.LocalEndPoint);
                response.AddXorAddress(StunAttributeType.XorMappedAddress, client);
                response.AddUInt32(StunAttributeType.Lifetime, 600);
                break;
            case StunMethod.Refresh:
                reader.TryGetUInt32(StunAttributeType.Lifetime, out uint lifetime);
                if (lifetime == 0 && allocation is not null)
                {
                    allocation.Relay.Dispose();
                    _allocations.Remove(client);
                }

                response.AddUInt32(StunAttributeType.Lifetime, lifetime);
                break;
            case StunMethod.CreatePermission:
                if (allocation is not null && reader.TryGetXorAddress(StunAttributeType.XorPeerAddress, out IPEndPoint? permitted) && permitted is not null)
                {
                    allocation.Permissions.Add(permitted.Address);
                }

                break;
            case StunMethod.ChannelBind:
                if (!TryBindChannel(allocation, reader, out int error))
                {
                    var rejection = new StunMessageWriter(_buffer, type.WithClass(StunClass.ErrorResponse), tid);
                    rejection.AddErrorCode(error);
                    rejection.AddMessageIntegrity(_key);
                    rejection.AddFingerprint();
                    socket.SendTo(rejection.Written, client);
                    return;
                }

                break;
            default:
                return;
        }

        response.AddMessageIntegrity(_key);
        response.AddFingerprint();
        socket.SendTo(response.Written, client);
    }

    private bool TryBindChannel(Allocation? allocation, StunMessageReader reader, out int error)
    {
        error = 400;
        if (allocation is null || !reader.TryGetUInt32(StunAttributeType.ChannelNumber, out uint value)
            || !reader.TryGetXorAddress(StunAttributeType.XorPeerAddress, out IPEndPoint? peer) || peer is null)
        {
            return false;
        }

        ushort number = (ushort)(value >> 16);
        if (RejectChannelBind)
        {
            error = 403;
            return false;
        }

        // RFC 8656 §12.2: a number bound to another peer, or a peer bound to another number, is a 400.
        if (number is < TurnChannelData.MinChannel or > TurnChannelData.MaxChannel
            || (allocation.Channels.TryGetValue(number, out Binding? existing) && !existing.Peer.Equals(peer))
            || (allocation.ChannelsByPeer.TryGetValue(peer, out ushort bound) && bound != number))
        {
            return false;
        }

        allocation.Channels[number] = new Binding(peer, Now + TimeSpan.FromMinutes(10));
        allocation.ChannelsByPeer[peer] = number;
        allocation.Permissions.Add(peer.Address);
        ChannelBinds++;
        return true;
    }

    private void OnClientChannelData(ReadOnlySpan<byte> packet, IPEndPoint client)
    {
        if (!_allocations.TryGetValue(client, out Allocation? allocation) || !TurnChannelData.TryParse(packet, out ushort number, out ReadOnlySpan<byte> data)
            || !allocation.Channels.TryGetValue(number, out Binding? binding) || binding.Expires <= Now)
        {
            UnboundChannelData++;
            return;
        }

        allocation.Relay.SendTo(data, binding.Peer);
        Relayed++;
        ChannelDataFromClient++;
        ChannelDataBytesFromClient += packet.Length;
        ChannelDataLengthsFromClient.Add(packet.Length);
    }

    private void OnPeerPacket(Allocation allocation, ReadOnlySpan<byte> packet, IPEndPoint peer)
    {
        if (!allocation.Permissions.Contains(peer.Address))
        {
            return;
        }

        if (allocation.ChannelsByPeer.TryGetValue(peer, out ushort number) && allocation.Channels[number].Expires > Now
            && TurnChannelData.TryWrite(_buffer, number, packet, padded: false, out int written))
        {
            _socket.SendTo(_buffer.AsSpan(0, written), allocation.Client);
            Relayed++;
            ChannelDataToClient++;
            return;
        }

        var indication = new StunMessageWriter(_buffer, new StunMessageType(StunMethod.Data, StunClass.Indication), StunTransactionId.FromBytes(new byte[12]));
        indication.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        indication.AddBytes(StunAttributeType.Data, packet);
        _socket.SendTo(indication.Written, allocation.Client);
        Relayed++;
    }

    public void Dispose()
    {
        foreach (Allocation a in _allocations.Values)
        {
            a.Relay.Dispose();
        }

        _socket.Dispose();
    }

    private sealed class Allocation
    {
        public Allocation(TestTurnServer server, IPEndPoint client, IUdpSocket relay)
        {
            Client = client;
            Relay = relay;
            relay.Start((_, packet, peer, _) => server.OnPeerPacket(this, packet, peer));
        }

        public IPEndPoint Client { get; }

        public IUdpSocket Relay { get; }

        public HashSet<IPAddress> Permissions { get; } = [];

        public Dictionary<ushort, Binding> Channels { get; } = [];

        public Dictionary<IPEndPoint, ushort> ChannelsByPeer { get; } = [];
    }

    private sealed record Binding(IPEndPoint Peer, DateTimeOffset Expires);
}
