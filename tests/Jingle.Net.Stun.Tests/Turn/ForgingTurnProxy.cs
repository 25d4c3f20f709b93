using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Stun.Attributes;

namespace Jingle.Net.Stun.Tests.Turn;

/// <summary>
/// A UDP relay on the VirtualNetwork between a TURN client and a real TURN server that plays the off-path attacker:
/// for each genuine response from the server it may first send forged packets (same transaction id) to the client.
/// </summary>
internal sealed class ForgingTurnProxy : IDisposable
{
    private readonly IUdpSocket _socket;
    private readonly IPEndPoint _server;
    private IPEndPoint? _client;

    public ForgingTurnProxy(VirtualHost host, IPEndPoint listen, IPEndPoint server)
    {
        _server = server;
        _socket = host.BindUdp(listen);
        _socket.Start(OnPacket);
    }

    /// <summary>Given a genuine response, the forged packets to deliver before it (null or empty: none).</summary>
    public Func<StunMessage, IEnumerable<byte[]>?>? Forge { get; set; }

    /// <summary>The genuine responses forwarded, in order.</summary>
    public List<StunMessage> GenuineResponses { get; } = [];

    /// <summary>Forged packets delivered.</summary>
    public int ForgedSent { get; private set; }

    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>A copy of <paramref name="genuine"/>, changed by <paramref name="tamper"/>, signed with the wrong password.</summary>
    public static byte[] SignedWithWrongKey(StunMessage genuine, string username, string realm, Action<StunMessage>? tamper = null)
    {
        StunMessage forged = Strip(genuine);
        tamper?.Invoke(forged);
        using StunIntegrityKey wrong = StunIntegrityKey.LongTerm(username, realm, "not-the-password");
        return forged.ToArray(new StunSecurity(wrong, Fingerprint: true));
    }

    /// <summary>A copy of <paramref name="genuine"/>'s attributes (integrity and FINGERPRINT removed).</summary>
    public static StunMessage Strip(StunMessage genuine)
    {
        var copy = new StunMessage(genuine.Type, genuine.TransactionId, genuine.Attributes);
        copy.Attributes.RemoveAll(a => a.Type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256
            or StunAttributeType.Fingerprint);
        return copy;
    }

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (!remote.Equals(_server))
        {
            _client = remote;
            socket.SendTo(packet, _server);
            return;
        }

        if (_client is null)
        {
            return;
        }

        if (StunMessage.TryParse(packet, out StunMessage? response, out _) && response.Type.Class != StunClass.Indication)
        {
            GenuineResponses.Add(response);
            foreach (byte[] forged in Forge?.Invoke(response) ?? [])
            {
                socket.SendTo(forged, _client);
                ForgedSent++;
            }
        }

        socket.SendTo(packet, _client);
    }

    public void Dispose() => _socket.Dispose();
}
