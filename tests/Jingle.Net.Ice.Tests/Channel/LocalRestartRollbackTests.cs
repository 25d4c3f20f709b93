using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>
/// A local ICE restart carried by an unanswered offer (<see cref="P2PTransportChannel.SetLocalParameters(IceParameters, bool)"/>
/// with pending): its pairs are checked but do not take over or prune; the earlier credentials roll it back; the
/// answer (<see cref="P2PTransportChannel.SetRemoteParameters"/>) confirms a later one, which then takes over. On the
/// VirtualNetwork with a fake clock, against a peer that answers any check carrying its own ufrag (as ours and
/// libwebrtc's do for a new address), so the pending generation's pairs do become writable.
/// </summary>
public sealed class LocalRestartRollbackTests
{
    [Fact]
    public void PendingLocalRestart_NotPreferred_RolledBack_OldPairCarriesOn_ThenAnAnsweredRestartTakesOver()
    {
        using var bed = new IceTestBed();
        (IcePeer a, FixedAddressIcePeer peer) = IceRestartSameAddressTests.Connect(bed);
        CandidatePairStats old = a.Selected!;
        IceParameters stable = a.Parameters;

        IceParameters restart = IceParameters.Create(a.Environment.Random);
        a.Channel.SetLocalParameters(restart, pending: true);
        bed.RunUntil(() => a.Channel.GetStats().Pairs.Any(p => p.LocalCandidate.Ufrag == restart.Ufrag && p.WriteState == ConnectionWriteState.Writable),
            TimeSpan.FromSeconds(5));
        Assert.Contains(a.Channel.GetStats().Pairs, p => p.LocalCandidate.Ufrag == restart.Ufrag && p.WriteState == ConnectionWriteState.Writable);
        bed.Run(TimeSpan.FromSeconds(2));
        Assert.Equal(old.ConnectionId, a.Selected!.ConnectionId);   // not preferred while unanswered
        Assert.Contains(a.Channel.GetStats().Pairs, p => p.ConnectionId == old.ConnectionId);   // nothing pruned

        a.Channel.SetLocalParameters(stable);   // the rollback

        Assert.Equal(stable, a.Channel.LocalParameters);
        Assert.Equal(IceGatheringState.Complete, a.Channel.GatheringState);
        CandidatePairStats only = Assert.Single(a.Channel.GetStats().Pairs);
        Assert.Equal(old.ConnectionId, only.ConnectionId);
        Assert.All(a.Channel.LocalCandidates, c => Assert.Equal(stable.Ufrag, c.Ufrag));   // the restart's ports are closed
        bed.Run(TimeSpan.FromSeconds(10));
        Assert.True(a.Channel.IsWritable);
        Assert.Equal(old.ConnectionId, a.Selected!.ConnectionId);
        Assert.True(a.Channel.Send([0x80, 1]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(peer.Received, p => p is [0x80, 1]);

        // A restart that is answered (the peer's parameters again) takes over and prunes the earlier generation.
        IceParameters second = IceParameters.Create(a.Environment.Random);
        a.Channel.SetLocalParameters(second, pending: true);
        bed.RunUntil(() => a.Channel.GetStats().Pairs.Any(p => p.LocalCandidate.Ufrag == second.Ufrag && p.WriteState == ConnectionWriteState.Writable),
            TimeSpan.FromSeconds(5));
        Assert.Equal(old.ConnectionId, a.Selected!.ConnectionId);
        a.Channel.SetRemoteParameters(peer.Parameters);
        bed.RunUntil(() => a.Selected?.LocalCandidate.Ufrag == second.Ufrag && a.Channel.GetStats().Pairs.Count == 1, TimeSpan.FromSeconds(5));
        Assert.Equal(second.Ufrag, Assert.Single(a.Channel.GetStats().Pairs).LocalCandidate.Ufrag);
        Assert.True(a.Channel.Send([0x80, 2]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(peer.Received, p => p is [0x80, 2]);

        a.Channel.Close();
        peer.Dispose();
        Assert.Equal(0, a.Channel.PendingTimers);
    }

    [Fact]
    public void LocalRestartNotPending_TakesOverWhenWritable_AsBefore()
    {
        using var bed = new IceTestBed();
        (IcePeer a, FixedAddressIcePeer peer) = IceRestartSameAddressTests.Connect(bed);
        IceParameters restart = IceParameters.Create(a.Environment.Random);
        a.Channel.SetLocalParameters(restart);   // an answer's restart: confirmed at once

        bed.RunUntil(() => a.Selected?.LocalCandidate.Ufrag == restart.Ufrag && a.Channel.GetStats().Pairs.Count == 1, TimeSpan.FromSeconds(5));
        Assert.Equal(restart.Ufrag, Assert.Single(a.Channel.GetStats().Pairs).LocalCandidate.Ufrag);

        a.Channel.Close();
        peer.Dispose();
    }
}
