using System.Net;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

public sealed class P2PTransportChannelTests
{
    [Fact]
    public void TwoAgents_HostCandidates_ConnectAndExchangeData()
    {
        using var bed = new IceTestBed();
        var a = new IcePeer("a", bed.AddHost("a", null, 1), IceRole.Controlling);
        var b = new IcePeer("b", bed.AddHost("b", null, 2), IceRole.Controlled);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();

        TimeSpan elapsed = bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(5));

        Assert.True(a.Channel.IsWritable, string.Join('\n', a.Channel.GetStats().Pairs.Select(p => p.Description)));
        Assert.True(b.Channel.IsWritable);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(100), $"connected in {elapsed}");
        Assert.Equal(CandidateType.Host, a.Selected!.LocalCandidate.Type);
        Assert.Equal(CandidateType.Host, a.Selected.RemoteCandidate.Type);
        Assert.Contains("|CRW|udp]", a.Selected.Description);

        Assert.True(a.Channel.Send([0x80, 1, 2, 3]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Single(b.Received);
        Assert.Equal(new byte[] { 0x80, 1, 2, 3 }, b.Received[0]);

        // Regular nomination completes once both sides said end-of-candidates.
        bed.RunUntil(() => a.Channel.State == IceTransportState.Completed && b.Channel.State == IceTransportState.Completed, TimeSpan.FromSeconds(2));
        Assert.Equal(IceTransportState.Completed, a.Channel.State);
        Assert.Equal(IceTransportState.Completed, b.Channel.State);
        Assert.True(a.Selected!.Nominated);
        Assert.True(b.Selected!.Nominated);
        Assert.Equal([IceTransportState.Checking, IceTransportState.Connected, IceTransportState.Completed], a.States);

        a.Channel.Close();
        b.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers);
        Assert.Equal(0, b.Channel.PendingTimers);
    }
}
