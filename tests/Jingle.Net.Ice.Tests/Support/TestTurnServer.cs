using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Credentials;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>
/// A minimal in-test TURN relay (RFC 8656 over UDP) on the VirtualNetwork: long-term credentials with a 401
/// challenge, Allocate/Refresh/CreatePermission, Send and Data indications, permissions by peer IP. Enough for the
/// relay cells of the NAT matrix; the STUN helper's TURN server replaces it once it runs on IPacketSocketFactory.
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

    private void OnClientPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint client, long timestamp)
    {
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
            default:
                return;
        }

        response.AddMessageIntegrity(_key);
        response.AddFingerprint();
        socket.SendTo(response.Written, client);
    }

    private void OnPeerPacket(Allocation allocation, ReadOnlySpan<byte> packet, IPEndPoint peer)
    {
        if (!allocation.Permissions.Contains(peer.Address))
        {
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
    }
}
