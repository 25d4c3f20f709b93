using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>
/// ICE-TCP on the VirtualNetwork under a fake clock: its TCP connects, accepts and reads complete inline on the
/// network's scheduler, so with <c>TcpWithoutWorker</c> a whole TCP-only run is single-threaded and deterministic.
/// </summary>
public sealed class IceTcpVirtualTests
{
    [Fact]
    public void TcpOnly_OpenHosts_ConnectOverTcp_OnFakeTime_Deterministically()
    {
        (TimeSpan first, string pairA, string pairB) = Run();
        (TimeSpan second, _, _) = Run();

        Assert.Equal(first, second);
        Assert.InRange(first, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(500));
        Assert.EndsWith("|tcp]", pairA, StringComparison.Ordinal);
        Assert.EndsWith("|tcp]", pairB, StringComparison.Ordinal);
    }

    private static (TimeSpan Elapsed, string PairA, string PairB) Run()
    {
        using var bed = new IceTestBed();
        var allocator = new PortAllocatorOptions { GatherUdp = false, TcpWithoutWorker = true };
        var a = new IcePeer("a", bed.AddHost("a", null, 1), IceRole.Controlling, allocator: allocator);
        var b = new IcePeer("b", bed.AddHost("b", null, 2), IceRole.Controlled, allocator: allocator);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();

        TimeSpan elapsed = bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(10));

        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, $"not writable after {elapsed}");
        Assert.Equal(2, a.Gathered.Count(c => c.Protocol == CandidateProtocol.Tcp));
        Assert.Equal(CandidateProtocol.Tcp, a.Selected!.LocalCandidate.Protocol);
        Assert.Equal(CandidateProtocol.Tcp, b.Selected!.LocalCandidate.Protocol);
        Assert.True(a.Channel.Send([0x80, 1, 2]));
        Assert.True(b.Channel.Send([0x80, 3]));
        bed.RunUntil(() => b.Received.Count > 0 && a.Received.Count > 0, TimeSpan.FromSeconds(1));
        Assert.Equal(new byte[] { 0x80, 1, 2 }, Assert.Single(b.Received));
        Assert.Equal(new byte[] { 0x80, 3 }, Assert.Single(a.Received));
        string pairA = a.Selected.Description, pairB = b.Selected.Description;
        a.Channel.Close();
        b.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers + b.Channel.PendingTimers);
        return (elapsed, pairA, pairB);
    }
}
