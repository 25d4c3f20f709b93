using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Ice.Stun;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>A minimal STUN Binding responder (RFC 8489 §6.3) on a virtual socket, for server-reflexive candidates.</summary>
internal sealed class TestStunServer : IDisposable
{
    private readonly IUdpSocket _socket;
    private readonly byte[] _buffer = new byte[256];

    public TestStunServer(IUdpSocket socket)
    {
        _socket = socket;
        _socket.Start(OnPacket);
    }

    public IPEndPoint EndPoint => _socket.LocalEndPoint;

    public int RequestsAnswered { get; private set; }

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (IceStunMessage.TryParse(packet, out IceStunMessage message) != IceStunParseResult.Ok || !message.IsRequest)
        {
            return;
        }

        var writer = new IceStunWriter(_buffer, IceStunConstants.BindingSuccessResponse, message.TransactionId);
        writer.AddAddress(IceStunConstants.XorMappedAddress, remote);
        writer.AddFingerprint();
        socket.SendTo(writer.Written, remote);
        RequestsAnswered++;
    }

    public void Dispose() => _socket.Dispose();
}
