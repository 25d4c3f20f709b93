using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>A port that records what it sends, for Connection and checklist unit tests.</summary>
internal sealed class FakePort : Port
{
    public FakePort(string content, string networkName, int port, CandidateType type = CandidateType.Host, string foundation = "1", uint priority = 2130706431)
        : base(new PortContext(content, 1, new IceParameters("abcd", "0123456789012345678901"), 0),
            new NetworkInfo(networkName, 0, NetworkAdapterType.Ethernet, true, []), 0)
    {
        AddHiddenCandidateForTest(new IceCandidate
        {
            Foundation = foundation, Component = 1, Protocol = CandidateProtocol.Udp, Priority = priority,
            Host = "10.0.0.1", Port = port, Type = type,
        });
    }

    public List<(byte[] Packet, IPEndPoint To)> Sent { get; } = [];

    public override string TypeName => "local";

    public override CandidateProtocol Protocol => CandidateProtocol.Udp;

    public override void StartGathering()
    {
    }

    public override bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        Sent.Add((packet.ToArray(), remote));
        return true;
    }

    private void AddHiddenCandidateForTest(IceCandidate c) => AddHiddenCandidate(c);

    protected override void DisposeCore()
    {
    }

    public static IceCandidate Remote(string host, int port, CandidateType type = CandidateType.Host, string foundation = "r1", uint priority = 2130706431) => new()
    {
        Foundation = foundation, Component = 1, Protocol = CandidateProtocol.Udp, Priority = priority, Host = host, Port = port, Type = type,
    };
}
