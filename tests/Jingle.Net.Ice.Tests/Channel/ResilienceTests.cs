using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>Failure of the selected path, consent expiry, loss and delay (issue 4 §6).</summary>
public sealed class ResilienceTests(ITestOutputHelper output)
{
    private static (IcePeer A, IcePeer B) Connect(IceTestBed bed, VirtualHost hostA, VirtualHost hostB, PortAllocatorOptions? allocator = null, IceConfig? config = null)
    {
        var a = new IcePeer("a", hostA, IceRole.Controlling, config, allocator);
        var b = new IcePeer("b", hostB, IceRole.Controlled, config, allocator);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(10));
        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, "did not connect");
        return (a, b);
    }

    [Fact]
    public void SelectedPathFails_SwitchesToAnotherWritablePairWithin3Seconds()
    {
        using var bed = new IceTestBed();
        VirtualHost host = bed.AddHost("h", null, 1);
        var both = new PortAllocatorOptions { NetworkFilter = NetworkFilter.WithLoopback }; // eth0 and lo: two working paths
        (IcePeer a, IcePeer b) = Connect(bed, host, host, both);
        bed.Run(TimeSpan.FromSeconds(3)); // let the backup pairs become valid
        Assert.Equal("eth0", a.Selected!.Description.Split(':')[3]);
        int backups = a.Channel.GetStats().Pairs.Count(p => p.State == IceCheckState.Succeeded && !p.Selected);
        Assert.True(backups >= 1, "no backup pair");

        using IDisposable cut = bed.Network.AddDropFilter(p => p.Destination.Address.Equals(host.Address));
        int selectionsBefore = a.Selections.Count;
        TimeSpan elapsed = bed.RunUntil(
            () => a.Selected!.LocalCandidate.Host == "127.0.0.1" && b.Selected!.LocalCandidate.Host == "127.0.0.1", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
        output.WriteLine($"switched after {elapsed.TotalMilliseconds} ms: {a.Selections[^1].Reason}; {a.Selected!.Description}");

        Assert.True(elapsed <= TimeSpan.FromSeconds(3), $"switch took {elapsed}");
        Assert.True(a.Selections.Count > selectionsBefore);
        Assert.True(a.Channel.Send([0x80, 42]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(b.Received, p => p[1] == 42);
        Assert.Equal(IceTransportState.Connected, a.Channel.State is IceTransportState.Completed ? IceTransportState.Connected : a.Channel.State);
        a.Channel.Close();
        b.Channel.Close();
    }

    [Fact]
    public void PeerGoesSilent_ConsentLostAfter30Seconds_SendingStops()
    {
        using var bed = new IceTestBed();
        VirtualHost hostA = bed.AddHost("a", null, 1), hostB = bed.AddHost("b", null, 2);
        (IcePeer a, IcePeer b) = Connect(bed, hostA, hostB);
        bed.Run(TimeSpan.FromSeconds(1));

        using IDisposable silence = bed.Network.AddDropFilter(p => p.Source.Address.Equals(hostB.Address));
        long sentByA = 0;
        bed.Network.PacketTraced += (_, e) =>
        {
            if (e.Kind == VirtualPacketEventKind.Sent && e.Source.Address.Equals(hostA.Address))
            {
                sentByA++;
            }
        };
        TimeSpan toDisconnected = bed.RunUntil(() => a.Channel.State == IceTransportState.Disconnected, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
        TimeSpan toFailed = bed.RunUntil(() => a.Channel.State == IceTransportState.Failed, TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(10));
        TimeSpan total = toDisconnected + toFailed;
        output.WriteLine($"disconnected after {toDisconnected.TotalMilliseconds} ms, failed after {total.TotalMilliseconds} ms; A sent {sentByA} packets meanwhile");

        Assert.True(toDisconnected <= TimeSpan.FromSeconds(3), $"disconnected after {toDisconnected}");
        Assert.Equal(IceTransportState.Failed, a.Channel.State);
        Assert.InRange(total.TotalSeconds, 29, 31);
        Assert.False(a.Channel.IsWritable);
        Assert.False(a.Channel.Send([0x80, 1]));

        long before = sentByA;
        bed.Run(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.Equal(before, sentByA); // RFC 7675 §5.1: no more traffic, checks included
        a.Channel.Close();
        b.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers + b.Channel.PendingTimers);
    }

    [Fact]
    public void TenPercentLoss_100msRtt_ConnectsAndMeasuresRtt()
    {
        using var bed = new IceTestBed(seed: 7);
        VirtualHost hostA = bed.AddHost("a", NatType.FullCone, 1), hostB = bed.AddHost("b", NatType.PortRestrictedCone, 2);
        // 25 ms per access link each way: 50 ms one way, 100 ms RTT; ~5% per link ≈ 10% per path.
        var link = new LinkConditions { Delay = TimeSpan.FromMilliseconds(25), LossRate = 0.05 };
        bed.Network.SetLinkConditions(hostA, link);
        bed.Network.SetLinkConditions(hostB, link);
        bed.AddStunServer();
        var a = new IcePeer("a", hostA, IceRole.Controlling, allocator: IceTestBed.Allocator(bed.StunEndPoint));
        var b = new IcePeer("b", hostB, IceRole.Controlled, allocator: IceTestBed.Allocator(bed.StunEndPoint));
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        TimeSpan elapsed = bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(10));
        bed.Run(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(5));
        output.WriteLine($"connected in {elapsed.TotalMilliseconds} ms; rtt {a.Selected?.CurrentRoundTripTimeMs} ms; {a.Selected?.Description}");

        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"connected in {elapsed}");
        Assert.InRange(a.Selected!.CurrentRoundTripTimeMs!.Value, 95, 130);
        Assert.Equal(IceTransportState.Completed, a.Channel.State);
        a.Channel.Close();
        b.Channel.Close();
    }
}
