using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Checks;

public sealed class IceCheckListTests
{
    [Fact]
    public void PairPriority_Rfc8445Formula()
    {
        // 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)
        Assert.Equal((5UL << 32) + 14 + 1, CandidatePairPriority.Compute(7, 5));
        Assert.Equal((5UL << 32) + 14, CandidatePairPriority.Compute(5, 7));
        Assert.Equal((7UL << 32) + 14, CandidatePairPriority.Compute(7, 7));
    }

    [FsCheck.Xunit.Property]
    public bool PairPriority_IsTheSameOnBothAgents(uint local, uint remote) =>
        CandidatePairPriority.Compute(IceRole.Controlling, local, remote) == CandidatePairPriority.Compute(IceRole.Controlled, remote, local);

    private static (IceCheckList List, Connection[] Pairs) Build(params (string Foundation, uint Priority)[] remotes)
    {
        var list = new IceCheckList(new IceConfig());
        var port = new FakePort("c", "eth0", 1000);
        var generation = new Ice.Channel.RemoteGeneration(0, "ufrag", "passwordpasswordpassword", false);
        var pairs = new List<Connection>();
        int i = 0;
        foreach ((string f, uint p) in remotes)
        {
            IceCandidate r = FakePort.Remote($"192.0.2.{++i}", 5000, foundation: f, priority: p);
            var c = new Connection(i, port, port.PrimaryCandidate!, r, r.EndPoint!) { Generation = generation };
            list.Add(c);
            pairs.Add(c);
        }

        return (list, pairs.ToArray());
    }

    [Fact]
    public void Formation_OnePairPerFoundationWaits_OthersFrozen_OrderedByPriority()
    {
        (IceCheckList list, Connection[] p) = Build(("x", 100), ("x", 300), ("y", 200));
        Assert.Equal([p[1], p[2], p[0]], list.Connections);
        Assert.Equal(IceCheckState.Waiting, p[0].CheckState); // first of foundation x to arrive
        Assert.Equal(IceCheckState.Frozen, p[1].CheckState);
        Assert.Equal(IceCheckState.Waiting, p[2].CheckState);
    }

    [Fact]
    public void Success_UnfreezesSameFoundation_Rfc8445_7_2_5_3_3()
    {
        (IceCheckList list, Connection[] p) = Build(("x", 100), ("x", 300));
        list.OnPairSucceeded(p[0]);
        Assert.Equal(IceCheckState.Waiting, p[1].CheckState);
    }

    [Fact]
    public void NextCheck_TriggeredFirst_ThenWaitingByPriority_ThenUnfreezesWhenNothingWaits()
    {
        (IceCheckList list, Connection[] p) = Build(("x", 100), ("x", 300), ("y", 200));
        list.EnqueueTriggered(p[0]);
        Assert.Same(p[0], list.SelectNextCheck(0, null));
        p[0].OnPingSent(new byte[12], 0, false, false, IceRole.Controlling);
        Assert.Same(p[2], list.SelectNextCheck(0, null)); // waiting, higher priority than nothing else waiting
        p[2].OnPingSent([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, false, false, IceRole.Controlling);
        Assert.Same(p[1], list.SelectNextCheck(0, null)); // §6.1.4.2: nothing waits, the best frozen pair is unfrozen
    }

    [Fact]
    public void Recheck_BacksOffExponentially()
    {
        (IceCheckList list, Connection[] p) = Build(("x", 100));
        p[0].OnPingSent(new byte[12], 0, false, false, IceRole.Controlling);
        Assert.Equal(100, list.NextCheckDue(p[0], null));
        p[0].OnPingSent([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 100, false, false, IceRole.Controlling);
        Assert.Equal(300, list.NextCheckDue(p[0], null));
    }

    [Fact]
    public void Cap_DropsLowestPriorityPair_Rfc8445_6_1_2_5()
    {
        var list = new IceCheckList(new IceConfig { MaxPairs = 2 });
        var port = new FakePort("c", "eth0", 1000);
        Connection? dropped = null;
        for (int i = 1; i <= 3; i++)
        {
            IceCandidate r = FakePort.Remote($"192.0.2.{i}", 5000, foundation: $"f{i}", priority: (uint)(i * 100));
            dropped = list.Add(new Connection(i, port, port.PrimaryCandidate!, r, r.EndPoint!));
        }

        Assert.Equal(2, list.Connections.Count);
        Assert.Equal(100u, dropped!.RemoteCandidate.Priority);
    }
}
