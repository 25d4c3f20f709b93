using System.Net;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;
using Jingle.Net.Stun.Turn.Server;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>TurnPort's TCP mode on the VirtualNetwork with a fake clock: channels over the stream, refused connects, a server that goes away.</summary>
public sealed class TurnOverTcpTests
{
    [Fact]
    public async Task BlockedPeer_BindsAChannelOverTcp_DataGoesAsPaddedChannelData()
    {
        using var bed = new IceTestBed();
        await using TurnServer turn = TcpTurnRelay.Start(bed);
        var a = new IcePeer("a", bed.AddHost("a", NatType.UdpBlocked, 1), IceRole.Controlling, allocator: IceTestBed.Allocator(turn: TcpTurnRelay.Config));
        var b = new IcePeer("b", bed.AddHost("b", NatType.Open, 2), IceRole.Controlled);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(5));
        bed.Run(TimeSpan.FromMilliseconds(50));

        TurnPort relay = Assert.IsType<TurnPort>(Assert.Single(a.Channel.Ports, p => p is TurnPort));
        Assert.True(relay.BoundChannelCount > 0);
        long before = relay.ChannelDataSent;
        Assert.True(a.Channel.Send([0x80, 1, 2])); // 3 bytes: padded to 4 on the stream
        Assert.True(b.Channel.Send([0x80, 4, 5, 6, 7]));
        bed.Run(TimeSpan.FromMilliseconds(20));

        Assert.Equal(before + 1, relay.ChannelDataSent);
        Assert.Contains(b.Received, p => p.AsSpan().SequenceEqual(new byte[] { 0x80, 1, 2 }));
        Assert.Contains(a.Received, p => p.AsSpan().SequenceEqual(new byte[] { 0x80, 4, 5, 6, 7 }));
        Assert.Equal(0, relay.MalformedStreamFrames);
        Assert.Equal(0, turn.Statistics.MalformedPackets);
        a.Channel.Close();
        b.Channel.Close();
    }

    [Fact]
    public void NothingListensOnTcp_GatheringCompletesWithoutARelay()
    {
        using var bed = new IceTestBed();
        bed.Network.AddHost("turn-tcp", TcpTurnRelay.Address); // the host exists, nothing listens: connection refused
        var a = new IcePeer("a", bed.AddHost("a", NatType.UdpBlocked, 1), IceRole.Controlling, allocator: IceTestBed.Allocator(turn: TcpTurnRelay.Config));
        a.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(5));

        Assert.Equal(IceGatheringState.Complete, a.Channel.GatheringState);
        Assert.DoesNotContain(a.Gathered, c => c.Type == CandidateType.Relay);
        a.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers);
    }

    [Fact]
    public async Task ServerGoesAway_AfterTheAllocation_RelayIsDropped()
    {
        using var bed = new IceTestBed();
        TurnServer turn = TcpTurnRelay.Start(bed);
        var a = new IcePeer("a", bed.AddHost("a", NatType.UdpBlocked, 1), IceRole.Controlling, allocator: IceTestBed.Allocator(turn: TcpTurnRelay.Config));
        a.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(5));
        TurnPort relay = Assert.IsType<TurnPort>(Assert.Single(a.Channel.Ports, p => p is TurnPort));
        Assert.NotNull(relay.RelayedAddress);

        await turn.DisposeAsync(); // closes its connections: the client reads end-of-stream
        bed.Run(TimeSpan.FromMilliseconds(10));

        Assert.Null(relay.RelayedAddress);
        Assert.False(relay.SendTo([1, 2, 3], new IPEndPoint(IPAddress.Parse("203.0.113.12"), 5000)));
        a.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers);
    }
}
