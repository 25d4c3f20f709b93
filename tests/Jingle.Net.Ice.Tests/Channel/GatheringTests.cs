using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>PortAllocator: network policy, trickle order, gathering-complete, and the UDP-blocked cell without TCP TURN.</summary>
public sealed class GatheringTests
{
    [Fact]
    public void DefaultPolicy_SkipsLoopback_FilterIncludesIt()
    {
        using var bed = new IceTestBed();
        VirtualHost host = bed.AddHost("h", null, 1);
        var plain = new IcePeer("plain", host, IceRole.Controlling);
        var withLoopback = new IcePeer("lo", host, IceRole.Controlling, allocator: new PortAllocatorOptions { NetworkFilter = NetworkFilter.WithLoopback });
        plain.Channel.StartGathering();
        withLoopback.Channel.StartGathering();

        Assert.Equal(["203.0.113.11"], plain.Gathered.Select(c => c.Host));
        Assert.Equal(["203.0.113.11", "127.0.0.1"], withLoopback.Gathered.Select(c => c.Host));
        Assert.True(plain.Gathered[0].Priority > withLoopback.Gathered[1].Priority); // first network, higher local preference
        Assert.Equal(IceGatheringState.Complete, plain.Channel.GatheringState);
    }

    [Fact]
    public void Candidates_TrickleHostFirstThenSrflx_ThenGatheringComplete()
    {
        using var bed = new IceTestBed();
        bed.AddStunServer();
        var peer = new IcePeer("p", bed.AddHost("p", NatType.PortRestrictedCone, 1), IceRole.Controlling, allocator: IceTestBed.Allocator(bed.StunEndPoint));
        var events = new List<string>();
        peer.Channel.CandidateGathered += (_, e) => events.Add(e.Candidate.Type.ToWireString());
        peer.Channel.GatheringStateChanged += (_, s) => events.Add(s.ToWireString());
        peer.Channel.StartGathering();
        Assert.Equal(["gathering", "host"], events);
        bed.Run(TimeSpan.FromMilliseconds(10));

        Assert.Equal(["gathering", "host", "srflx", "complete"], events);
        IceCandidate srflx = peer.Gathered[1];
        Assert.Equal("192.0.2.1", srflx.Host);
        Assert.Equal(peer.Gathered[0].Host, srflx.RelatedAddress);
        Assert.Equal(peer.Gathered[0].Port, srflx.RelatedPort);
        Assert.Equal(1, bed.Stun!.RequestsAnswered);
    }

    [Fact]
    public void UdpBlocked_WithoutTcpTurn_GatheringCompletesAndBothSidesFail()
    {
        using var bed = new IceTestBed();
        bed.AddStunServer();
        var allocator = IceTestBed.Allocator(bed.StunEndPoint);
        var a = new IcePeer("a", bed.AddHost("a", NatType.UdpBlocked, 1), IceRole.Controlling, allocator: allocator);
        var b = new IcePeer("b", bed.AddHost("b", NatType.Open, 2), IceRole.Controlled, allocator: allocator);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();

        TimeSpan elapsed = bed.RunUntil(() => a.Channel.State == IceTransportState.Failed && b.Channel.State == IceTransportState.Failed,
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10));

        Assert.Equal(IceTransportState.Failed, a.Channel.State);
        Assert.Equal(IceTransportState.Failed, b.Channel.State);
        Assert.Equal(IceGatheringState.Complete, a.Channel.GatheringState); // the STUN server never answered: host only
        Assert.All(a.Gathered, c => Assert.Equal(CandidateType.Host, c.Type));
        Assert.InRange(elapsed.TotalSeconds, 15, 35);
        Assert.False(a.Channel.Send([0x80]));
        a.Channel.Close();
        b.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers + b.Channel.PendingTimers);
    }
}
