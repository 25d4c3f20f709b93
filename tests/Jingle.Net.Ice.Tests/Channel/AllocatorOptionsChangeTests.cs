using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>
/// <see cref="Ice.Channel.P2PTransportChannel.SetAllocatorOptions"/> (what W3C setConfiguration hands the ICE agent):
/// new servers serve the next generation only; relay-only applies at once to new candidates and new pairs while the
/// existing pairs stay, as in libwebrtc.
/// </summary>
public sealed class AllocatorOptionsChangeTests
{
    [Fact]
    public void NewTurnServer_IsUsedByTheNextGeneration_NotByTheCurrentOne()
    {
        using var bed = new IceTestBed();
        bed.AddTurnServer();
        var a = new IcePeer("a", bed.AddHost("a", NatType.FullCone, 1), IceRole.Controlling);
        var b = new IcePeer("b", bed.AddHost("b", null, 2), IceRole.Controlled);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(5));
        Assert.True(a.Channel.IsWritable, "no connection without servers");

        var options = IceTestBed.Allocator(turn: bed.TurnConfig);
        a.Channel.SetAllocatorOptions(options);
        bed.Run(TimeSpan.FromSeconds(1));

        Assert.Same(options, a.Channel.AllocatorOptions);
        Assert.Equal(0, bed.Turn!.AllocationCount);
        Assert.DoesNotContain(a.Gathered, c => c.Type == CandidateType.Relay);

        var newA = IceParameters.Create(a.Environment.Random);
        a.Parameters = newA;
        a.Channel.SetLocalParameters(newA);   // ICE restart: a new gathering session
        bed.RunUntil(() => a.Gathered.Any(c => c.Type == CandidateType.Relay), TimeSpan.FromSeconds(5));

        IceCandidate relay = Assert.Single(a.Gathered, c => c.Type == CandidateType.Relay);
        Assert.Equal(newA.Ufrag, relay.Ufrag);
        Assert.Equal(1, bed.Turn.AllocationCount);
    }

    [Fact]
    public void RelayOnly_WhileGathering_LaterNonRelayCandidatesAreNotSignaled_AndNewPairsUseOnlyRelay_ExistingPairsStay()
    {
        using var bed = new IceTestBed();
        bed.AddStunServer();
        bed.AddTurnServer();
        var a = new IcePeer("a", bed.AddHost("a", NatType.FullCone, 1), IceRole.Controlling,
            allocator: IceTestBed.Allocator(stun: bed.StunEndPoint, turn: bed.TurnConfig));
        var b = new IcePeer("b", bed.AddHost("b", null, 2), IceRole.Controlled);
        bed.Wire(a, b);
        b.Channel.StartGathering();
        a.Channel.StartGathering();
        bed.Run(TimeSpan.FromMilliseconds(1));   // the host port is up and paired; srflx and relay need round trips
        int signaledBefore = a.Gathered.Count;
        HashSet<int> nonRelayPairsBefore = [.. a.Channel.GetStats().Pairs.Where(p => p.LocalCandidate.Type != CandidateType.Relay).Select(p => p.ConnectionId)];
        Assert.NotEmpty(nonRelayPairsBefore);
        Assert.DoesNotContain(a.Gathered, c => c.Type is CandidateType.ServerReflexive or CandidateType.Relay);

        a.Channel.SetAllocatorOptions(IceTestBed.Allocator(stun: bed.StunEndPoint, turn: bed.TurnConfig, relayOnly: true));
        bed.RunUntil(() => a.Gathered.Any(c => c.Type == CandidateType.Relay), TimeSpan.FromSeconds(5));
        Assert.True(IceCandidate.TryParse("candidate:9 1 udp 2122260223 203.0.113.12 40000 typ host", out IceCandidate? late, out _));
        a.Channel.AddRemoteCandidate(late!);   // the peer trickles a candidate after the change
        bed.Run(TimeSpan.FromSeconds(2));

        IceCandidate[] after = [.. a.Gathered.Skip(signaledBefore)];
        Assert.NotEmpty(after);
        Assert.All(after, c => Assert.Equal(CandidateType.Relay, c.Type));
        Assert.True(a.Channel.CandidatesFilteredByPolicy >= 1, "the srflx candidate was not filtered");
        var pairs = a.Channel.GetStats().Pairs;
        Assert.All(pairs.Where(p => p.LocalCandidate.Type != CandidateType.Relay), p => Assert.Contains(p.ConnectionId, nonRelayPairsBefore));
        Assert.Contains(pairs, p => p.RemoteCandidate.EndPoint!.Port == 40000 && p.LocalCandidate.Type == CandidateType.Relay);
        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, "the existing pairs were dropped");
    }
}
