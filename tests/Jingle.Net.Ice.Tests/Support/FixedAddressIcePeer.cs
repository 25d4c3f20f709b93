using System.Net;
using System.Text;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Stun;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>
/// A peer that keeps its one socket across an ICE restart, as libnice and many servers do: it answers checks carrying
/// its current ufrag with its current password and rejects any other with 401, so a restart changes credentials while
/// the candidate's address and port stay the same. It checks only when told (<see cref="SendCheck"/>), so it passes
/// for ICE-lite (RFC 8445 §2.5) unless a test makes it act as a full agent.
/// </summary>
internal sealed class FixedAddressIcePeer : IDisposable
{
    private readonly IUdpSocket _socket;
    private readonly byte[] _buffer = new byte[256];

    public FixedAddressIcePeer(IUdpSocket socket, IceParameters parameters)
    {
        _socket = socket;
        Parameters = parameters;
        _socket.Start(OnPacket);
    }

    /// <summary>The current credentials; setting new ones is the restart (the old ones are refused from then on).</summary>
    public IceParameters Parameters { get; set; }

    public IPEndPoint EndPoint => _socket.LocalEndPoint;

    /// <summary>The host candidate of the current credentials.</summary>
    public IceCandidate Candidate => new()
    {
        Foundation = "1",
        Component = 1,
        Protocol = CandidateProtocol.Udp,
        Priority = IceCandidate.ComputePriority(CandidateType.Host, 65535, 1),
        Host = EndPoint.Address.ToString(),
        Port = EndPoint.Port,
        Type = CandidateType.Host,
        Ufrag = Parameters.Ufrag,
    };

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public List<byte[]> Received { get; } = [];

    public bool Send(ReadOnlySpan<byte> packet, IPEndPoint to) => _socket.SendTo(packet, to);

    /// <summary>Sends a controlled agent's check (RFC 8445 §7.2.2) with the current ufrag to an agent with <paramref name="agent"/> credentials.</summary>
    public bool SendCheck(IceParameters agent, IPEndPoint to)
    {
        byte[] transactionId = new byte[12];
        Random.Shared.NextBytes(transactionId);
        var writer = new IceStunWriter(_buffer, IceStunConstants.BindingRequest, transactionId);
        writer.AddUsername(Encoding.UTF8.GetBytes(agent.Ufrag + ":" + Parameters.Ufrag));
        writer.AddUInt32(IceStunConstants.Priority, IceCandidate.ComputePriority(CandidateType.PeerReflexive, 65535, 1));
        writer.AddUInt64(IceStunConstants.IceControlled, 1);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(agent.Password));
        writer.AddFingerprint();
        return _socket.SendTo(writer.Written, to);
    }

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (IceStunMessage.TryParse(packet, out IceStunMessage message) != IceStunParseResult.Ok)
        {
            Received.Add(packet.ToArray());
            return;
        }

        if (!message.IsRequest)
        {
            return;
        }

        byte[] key = Encoding.UTF8.GetBytes(Parameters.Password);
        byte[] prefix = Encoding.UTF8.GetBytes(Parameters.Ufrag + ":");
        bool ok = message.HasUsername && message.Username.StartsWith(prefix) && message.VerifyIntegrity(key);
        var writer = new IceStunWriter(_buffer, ok ? IceStunConstants.BindingSuccessResponse : IceStunConstants.BindingErrorResponse, message.TransactionId);
        if (ok)
        {
            writer.AddAddress(IceStunConstants.XorMappedAddress, remote);
            writer.AddMessageIntegrity(key);
            Accepted++;
        }
        else
        {
            writer.AddErrorCode(IceStunConstants.Unauthorized, "Unauthorized");
            Rejected++;
        }

        writer.AddFingerprint();
        socket.SendTo(writer.Written, remote);
    }

    public void Dispose() => _socket.Dispose();
}
