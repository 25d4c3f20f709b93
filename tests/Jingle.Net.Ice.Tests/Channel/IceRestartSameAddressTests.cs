using System.Net;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>
/// ICE restart with a peer that keeps its address and port (libnice, servers): the new generation's pair has the same
/// local port and remote address as the old one, yet is its own pair with its own credentials and id.
/// </summary>
public sealed class IceRestartSameAddressTests(ITestOutputHelper output)
{
    private static readonly IPEndPoint LiteEndPoint = new(IPAddress.Parse("203.0.113.40"), 5000);

    internal static (IcePeer A, FixedAddressIcePeer Lite) Connect(IceTestBed bed)
    {
        var a = new IcePeer("a", bed.AddHost("a", null, 1), IceRole.Controlling);
        var lite = new FixedAddressIcePeer(bed.Network.AddHost("lite", LiteEndPoint.Address).BindUdp(LiteEndPoint),
            IceParameters.Create(a.Environment.Random, isIceLite: true));
        a.Channel.SetRemoteParameters(lite.Parameters);
        a.Channel.StartGathering();
        a.Channel.AddRemoteCandidate(lite.Candidate);
        bed.RunUntil(() => a.Channel.IsWritable, TimeSpan.FromSeconds(5));
        Assert.True(a.Channel.IsWritable);
        return (a, lite);
    }

    [Fact]
    public void RemoteRestart_SameAddress_NewPairIsDistinctAndSelected()
    {
        using var bed = new IceTestBed();
        (IcePeer a, FixedAddressIcePeer lite) = Connect(bed);
        CandidatePairStats old = a.Selected!;
        string oldUfrag = lite.Parameters.Ufrag;

        lite.Parameters = IceParameters.Create(a.Environment.Random, isIceLite: true); // the restart: same socket
        a.Channel.SetRemoteParameters(lite.Parameters);
        a.Channel.AddRemoteCandidate(lite.Candidate);

        // Both generations' pairs exist side by side: same addresses, distinct ids, each with its own ufrag.
        IReadOnlyList<CandidatePairStats> pairs = a.Channel.GetStats().Pairs;
        Assert.Equal(2, pairs.Count);
        Assert.Equal(2, pairs.Select(p => p.ConnectionId).Distinct().Count());
        Assert.Single(pairs.Select(p => (p.LocalCandidate.Host, p.LocalCandidate.Port, p.RemoteCandidate.Host, p.RemoteCandidate.Port)).Distinct());
        Assert.Equal(new HashSet<string?> { oldUfrag, lite.Parameters.Ufrag }, pairs.Select(p => p.RemoteCandidate.Ufrag).ToHashSet());
        Assert.Equal(old.ConnectionId, a.Selected!.ConnectionId); // traffic stays on the old pair meanwhile

        TimeSpan elapsed = bed.RunUntil(() => a.Selected?.RemoteCandidate.Ufrag == lite.Parameters.Ufrag && a.Channel.IsWritable, TimeSpan.FromSeconds(5));
        output.WriteLine($"new generation selected after {elapsed.TotalMilliseconds} ms: {a.Selected?.Description}");

        CandidatePairStats selected = a.Selected!;
        Assert.Equal(lite.Parameters.Ufrag, selected.RemoteCandidate.Ufrag);
        Assert.NotEqual(old.ConnectionId, selected.ConnectionId);
        Assert.True(selected.ResponsesReceived > 0, "the new pair was checked with the new credentials");
        Assert.All(a.Channel.GetStats().Pairs, p => Assert.Equal(lite.Parameters.Ufrag, p.RemoteCandidate.Ufrag)); // old generation pruned

        // Data both ways on the new pair.
        Assert.True(a.Channel.Send([0x80, 7]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(lite.Received, p => p is [0x80, 7]);
        IPEndPoint aEndPoint = new(IPAddress.Parse(selected.LocalCandidate.Host), selected.LocalCandidate.Port);
        Assert.True(lite.Send([0x80, 8], aEndPoint));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(a.Received, p => p is [0x80, 8]);
        Assert.Equal(1, a.Channel.GetStats().Pairs.Single().PacketsReceived);

        a.Channel.Close();
        lite.Dispose();
        Assert.Equal(0, a.Channel.PendingTimers);
    }

    [Fact]
    public void RemoteRestart_SameAddress_CheckBeforeCandidate_LearnsNewGenerationPair()
    {
        using var bed = new IceTestBed();
        (IcePeer a, FixedAddressIcePeer peer) = Connect(bed);
        CandidatePairStats old = a.Selected!;
        IPEndPoint aEndPoint = new(IPAddress.Parse(old.LocalCandidate.Host), old.LocalCandidate.Port);

        // The peer restarts and checks at once; its candidate (same address) is signaled only afterwards.
        peer.Parameters = IceParameters.Create(a.Environment.Random, isIceLite: true);
        a.Channel.SetRemoteParameters(peer.Parameters);
        Assert.True(peer.SendCheck(a.Parameters, aEndPoint));
        bed.Run(TimeSpan.FromMilliseconds(1));

        IReadOnlyList<CandidatePairStats> pairs = a.Channel.GetStats().Pairs;
        Assert.Equal(2, pairs.Count);
        CandidatePairStats learned = Assert.Single(pairs, p => p.ConnectionId != old.ConnectionId);
        Assert.Equal(CandidateType.PeerReflexive, learned.RemoteCandidate.Type);
        Assert.Equal(peer.Parameters.Ufrag, learned.RemoteCandidate.Ufrag);
        Assert.Equal(old.RemoteCandidate.Port, learned.RemoteCandidate.Port);
        Assert.Equal(1, learned.RequestsReceived); // the check counted on the new generation's pair, not the old one

        a.Channel.AddRemoteCandidate(peer.Candidate); // the signaled candidate replaces the learned one: no third pair
        Assert.Equal(2, a.Channel.GetStats().Pairs.Count);
        bed.RunUntil(() => a.Selected?.RemoteCandidate.Ufrag == peer.Parameters.Ufrag, TimeSpan.FromSeconds(5));
        CandidatePairStats selected = a.Selected!;
        Assert.Equal(learned.ConnectionId, selected.ConnectionId);
        Assert.Equal(CandidateType.Host, selected.RemoteCandidate.Type);
        Assert.Equal(selected.ConnectionId, a.Channel.GetStats().Pairs.Single().ConnectionId);

        a.Channel.Close();
        peer.Dispose();
        Assert.Equal(0, a.Channel.PendingTimers);
    }

    [Fact]
    public void RemoteRestartRolledBack_BeforeItWorked_NewGenerationPairsGo_OldPairCarriesOn()
    {
        using var bed = new IceTestBed();
        (IcePeer a, FixedAddressIcePeer peer) = Connect(bed);
        CandidatePairStats old = a.Selected!;
        IceParameters stable = peer.Parameters;

        // A remote offer that restarted ICE: applied, then rolled back (the peer never used the new credentials).
        IceParameters restart = IceParameters.Create(a.Environment.Random, isIceLite: true);
        a.Channel.SetRemoteParameters(restart);
        a.Channel.AddRemoteCandidate(peer.Candidate with { Ufrag = restart.Ufrag });
        Assert.Equal(2, a.Channel.GetStats().Pairs.Count);
        a.Channel.SetRemoteParameters(stable);

        CandidatePairStats only = Assert.Single(a.Channel.GetStats().Pairs);
        Assert.Equal(old.ConnectionId, only.ConnectionId);
        Assert.Equal(stable.Ufrag, only.RemoteCandidate.Ufrag);
        int rejected = peer.Rejected;
        bed.Run(TimeSpan.FromSeconds(10));
        Assert.True(a.Channel.IsWritable);
        Assert.Equal(old.ConnectionId, a.Selected!.ConnectionId);
        Assert.Equal(rejected, peer.Rejected); // no check went out with the rolled-back credentials

        // A candidate trickled without a ufrag after the rollback belongs to the restored generation.
        a.Channel.AddRemoteCandidate(peer.Candidate with { Ufrag = null, Port = peer.EndPoint.Port + 1 });
        Assert.All(a.Channel.GetStats().Pairs, p => Assert.NotEqual(restart.Ufrag, p.RemoteCandidate.Ufrag));
        Assert.Equal(2, a.Channel.GetStats().Pairs.Count);

        a.Channel.Close();
        peer.Dispose();
        Assert.Equal(0, a.Channel.PendingTimers);
    }

    [Fact]
    public void RemoteRestartRolledBack_AfterItTookOver_EarlierGenerationPairsFormAgainAndConnect()
    {
        using var bed = new IceTestBed();
        (IcePeer a, FixedAddressIcePeer peer) = Connect(bed);
        IceParameters stable = peer.Parameters;
        peer.Parameters = IceParameters.Create(a.Environment.Random, isIceLite: true);
        a.Channel.SetRemoteParameters(peer.Parameters);
        a.Channel.AddRemoteCandidate(peer.Candidate);
        bed.RunUntil(() => a.Selected?.RemoteCandidate.Ufrag == peer.Parameters.Ufrag && a.Channel.GetStats().Pairs.Count == 1, TimeSpan.FromSeconds(5));
        CandidatePairStats restarted = Assert.Single(a.Channel.GetStats().Pairs); // the stable generation's pair was pruned

        peer.Parameters = stable;   // both sides roll back
        a.Channel.SetRemoteParameters(stable);

        CandidatePairStats formed = Assert.Single(a.Channel.GetStats().Pairs);
        Assert.Equal(stable.Ufrag, formed.RemoteCandidate.Ufrag);
        Assert.NotEqual(restarted.ConnectionId, formed.ConnectionId);
        bed.RunUntil(() => a.Selected?.ConnectionId == formed.ConnectionId && a.Channel.IsWritable, TimeSpan.FromSeconds(5));
        Assert.Equal(formed.ConnectionId, a.Selected!.ConnectionId);
        Assert.True(a.Channel.Send([0x80, 9]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(peer.Received, p => p is [0x80, 9]);

        a.Channel.Close();
        peer.Dispose();
        Assert.Equal(0, a.Channel.PendingTimers);
    }
}
