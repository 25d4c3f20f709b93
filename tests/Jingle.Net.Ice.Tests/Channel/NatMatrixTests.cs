using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Tests.Support;
using Jingle.Net.Stun.Turn.Server;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>
/// The NAT matrix (issue 4 §6): each peer behind each NAT type, on the VirtualNetwork with a fake clock and a STUN
/// server on the public side. Asserts the selected local/remote candidate types per cell and the time to connected.
/// The UDP-blocked row and column (a firewall that drops all UDP) connect through our TURN server over TCP.
/// </summary>
public sealed class NatMatrixTests(ITestOutputHelper output)
{
    private static readonly NatType[] Types =
        [NatType.Open, NatType.FullCone, NatType.RestrictedCone, NatType.PortRestrictedCone, NatType.Symmetric];

    /// <summary>The type a peer's own address shows up as on a working direct path (libwebrtc semantics).</summary>
    private static CandidateType SeenAs(NatType nat) => nat switch
    {
        NatType.Open => CandidateType.Host,
        NatType.Symmetric => CandidateType.PeerReflexive,
        _ => CandidateType.ServerReflexive,
    };

    /// <summary>Direct UDP works unless one side is symmetric and the other filters by port (or is symmetric too).</summary>
    private static bool DirectWorks(NatType a, NatType b) =>
        !((a == NatType.Symmetric && b is NatType.Symmetric or NatType.PortRestrictedCone)
          || (b == NatType.Symmetric && a is NatType.Symmetric or NatType.PortRestrictedCone));

    public static TheoryData<NatType, NatType> DirectCells()
    {
        var data = new TheoryData<NatType, NatType>();
        foreach (NatType a in Types)
        {
            foreach (NatType b in Types)
            {
                if (DirectWorks(a, b))
                {
                    data.Add(a, b);
                }
            }
        }

        return data;
    }

    public static TheoryData<NatType, NatType> RelayCells()
    {
        var data = new TheoryData<NatType, NatType>();
        foreach (NatType a in Types)
        {
            foreach (NatType b in Types)
            {
                if (!DirectWorks(a, b))
                {
                    data.Add(a, b);
                }
            }
        }

        return data;
    }

    /// <summary>Symmetric × symmetric and symmetric × port-restricted need the TURN relay (an in-test relay on the VirtualNetwork).</summary>
    [Theory]
    [MemberData(nameof(RelayCells))]
    public void RelayCell_ConnectsThroughTurn(NatType natA, NatType natB)
    {
        using var bed = new IceTestBed();
        bed.AddStunServer();
        bed.AddTurnServer();
        var allocator = IceTestBed.Allocator(bed.StunEndPoint, bed.TurnConfig);
        var a = new IcePeer("a", bed.AddHost("a", natA, 1), IceRole.Controlling, allocator: allocator);
        var b = new IcePeer("b", bed.AddHost("b", natB, 2), IceRole.Controlled, allocator: allocator);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();

        TimeSpan elapsed = bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(10));
        output.WriteLine($"{natA} x {natB}: connected in {elapsed.TotalMilliseconds} ms; a {a.Selected?.Description}; b {b.Selected?.Description}");

        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, $"{natA} x {natB} did not connect");
        Assert.Contains(CandidateType.Relay, new[] { IceTestBed.LocalType(a), IceTestBed.RemoteType(a) });
        if (natA == NatType.Symmetric && natB == NatType.Symmetric)
        {
            Assert.Equal((CandidateType.Relay, CandidateType.Relay), (IceTestBed.LocalType(a), IceTestBed.RemoteType(a)));
        }
        else
        {
            // The port-restricted side is reached on its server-reflexive address from the symmetric side's relay.
            IcePeer cone = natA == NatType.PortRestrictedCone ? a : b;
            Assert.Equal((CandidateType.ServerReflexive, CandidateType.Relay), (IceTestBed.LocalType(cone), IceTestBed.RemoteType(cone)));
        }

        Assert.Equal(IceTestBed.LocalType(a), IceTestBed.RemoteType(b));
        Assert.Equal(IceTestBed.RemoteType(a), IceTestBed.LocalType(b));
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"time to connected {elapsed}");
        Assert.True(a.Channel.Send([0x80, 7]));
        bed.Run(TimeSpan.FromMilliseconds(20));
        Assert.Contains(b.Received, p => p[1] == 7);
        Assert.True(bed.Turn!.Relayed > 0);
        a.Channel.Close();
        b.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers + b.Channel.PendingTimers);
    }

    /// <summary>The 11 cells with a peer behind a UDP-blocking firewall: that side gathers only a relay (TURN over TCP).</summary>
    public static TheoryData<NatType, NatType> BlockedCells()
    {
        var data = new TheoryData<NatType, NatType>();
        foreach (NatType other in Types)
        {
            data.Add(NatType.UdpBlocked, other);
            data.Add(other, NatType.UdpBlocked);
        }

        data.Add(NatType.UdpBlocked, NatType.UdpBlocked);
        return data;
    }

    /// <summary>How a peer shows up to the other on a path that works when one side is UDP-blocked: the blocked side by its relay.</summary>
    private static CandidateType SeenWithBlocked(NatType nat) => nat == NatType.UdpBlocked ? CandidateType.Relay : SeenAs(nat);

    /// <summary>
    /// UDP blocked × anything: the blocked side's only candidate is its relay, allocated over TCP; the other side is
    /// reached at its host (open), server-reflexive (cones) or peer-reflexive (symmetric: its mapping toward the relay is
    /// not the one the STUN server saw) address, or at its own relay when it is blocked too.
    /// </summary>
    [Theory]
    [MemberData(nameof(BlockedCells))]
    public async Task BlockedCell_ConnectsThroughTurnOverTcp(NatType natA, NatType natB)
    {
        using var bed = new IceTestBed();
        bed.AddStunServer();
        await using TurnServer turn = TcpTurnRelay.Start(bed);
        var allocator = IceTestBed.Allocator(bed.StunEndPoint, TcpTurnRelay.Config);
        var a = new IcePeer("a", bed.AddHost("a", natA, 1), IceRole.Controlling, allocator: allocator);
        var b = new IcePeer("b", bed.AddHost("b", natB, 2), IceRole.Controlled, allocator: allocator);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();

        TimeSpan elapsed = bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(10));
        output.WriteLine($"{natA} x {natB}: connected in {elapsed.TotalMilliseconds} ms; a {a.Selected?.Description}; b {b.Selected?.Description}");

        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, $"{natA} x {natB} did not connect");

        // The first writable pair may be relay-to-relay; the better pair (a symmetric side's peer-reflexive mapping
        // toward the relay) is found and nominated a little later. Wait for the expected pair on both sides.
        var expectedA = (SeenWithBlocked(natA), SeenWithBlocked(natB));
        var expectedB = (SeenWithBlocked(natB), SeenWithBlocked(natA));
        TimeSpan settled = elapsed + bed.RunUntil(
            () => (IceTestBed.LocalType(a), IceTestBed.RemoteType(a)) == expectedA && (IceTestBed.LocalType(b), IceTestBed.RemoteType(b)) == expectedB,
            TimeSpan.FromSeconds(3));
        output.WriteLine($"  settled at {settled.TotalMilliseconds} ms: a {a.Selected?.Description}; b {b.Selected?.Description}");
        foreach ((IcePeer peer, NatType nat) in new[] { (a, natA), (b, natB) })
        {
            if (nat == NatType.UdpBlocked)
            {
                // STUN over UDP cannot get out: no server-reflexive candidate; the relay came over TCP.
                Assert.DoesNotContain(peer.Gathered, c => c.Type == CandidateType.ServerReflexive);
                Assert.Contains(peer.Gathered, c => c.Type == CandidateType.Relay);
            }
        }

        Assert.Equal(expectedA, (IceTestBed.LocalType(a), IceTestBed.RemoteType(a)));
        Assert.Equal(expectedB, (IceTestBed.LocalType(b), IceTestBed.RemoteType(b)));
        Assert.True(elapsed < TimeSpan.FromMilliseconds(500), $"time to connected {elapsed}");
        Assert.True(settled < TimeSpan.FromSeconds(2), $"time to the expected pair {settled}");

        Assert.True(a.Channel.Send([0x80, 7]));
        Assert.True(b.Channel.Send([0x80, 8]));
        bed.Run(TimeSpan.FromMilliseconds(20));
        Assert.Contains(b.Received, p => p[1] == 7);
        Assert.Contains(a.Received, p => p[1] == 8);
        Assert.True(turn.Statistics.RelayedToPeers > 0 && turn.Statistics.RelayedToClients > 0);
        a.Channel.Close();
        b.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers + b.Channel.PendingTimers);
    }

    /// <summary>The same seed gives the same run, packet for packet, with TURN over TCP in the middle of it.</summary>
    [Fact]
    public async Task BlockedCell_SameSeed_SameTraceAndTimeToConnected()
    {
        List<string> first = await RunBlockedCellAsync(seed: 5);
        List<string> second = await RunBlockedCellAsync(seed: 5);

        Assert.True(first.Count > 50, $"trace has {first.Count} lines");
        Assert.Equal(first, second);
    }

    private static async Task<List<string>> RunBlockedCellAsync(int seed)
    {
        using var bed = new IceTestBed(seed);
        var trace = new List<string>();
        bed.Network.PacketTraced += (_, e) => trace.Add(e.ToString());
        bed.AddStunServer();
        await using TurnServer turn = TcpTurnRelay.Start(bed);
        var allocator = IceTestBed.Allocator(bed.StunEndPoint, TcpTurnRelay.Config);
        var a = new IcePeer("a", bed.AddHost("a", NatType.UdpBlocked, 1), IceRole.Controlling, allocator: allocator);
        var b = new IcePeer("b", bed.AddHost("b", NatType.Symmetric, 2), IceRole.Controlled, allocator: allocator);
        a.Channel.SelectedPairChanged += (_, e) => trace.Add($"{bed.Network.Elapsed.Ticks} a selected {a.Selected?.Description}");
        b.Channel.SelectedPairChanged += (_, e) => trace.Add($"{bed.Network.Elapsed.Ticks} b selected {b.Selected?.Description}");
        a.Channel.CandidateGathered += (_, e) => trace.Add($"{bed.Network.Elapsed.Ticks} a gathered {e.Candidate}");
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        TimeSpan elapsed = bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(10));
        bed.Run(TimeSpan.FromSeconds(1));
        trace.Add($"connected in {elapsed.TotalMilliseconds} ms; relayed {turn.Statistics.RelayedToPeers}/{turn.Statistics.RelayedToClients}");
        Assert.Contains(a.Gathered, c => c.Type == CandidateType.Relay);
        a.Channel.Close();
        b.Channel.Close();
        return trace;
    }

    [Fact]
    public void RelayOnlyPolicy_SignalsAndUsesOnlyRelayCandidates()
    {
        using var bed = new IceTestBed();
        bed.AddTurnServer();
        var allocator = IceTestBed.Allocator(turn: bed.TurnConfig, relayOnly: true);
        var a = new IcePeer("a", bed.AddHost("a", NatType.Open, 1), IceRole.Controlling, allocator: allocator);
        var b = new IcePeer("b", bed.AddHost("b", NatType.Open, 2), IceRole.Controlled, allocator: allocator);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(5));

        Assert.All(a.Gathered, c => Assert.Equal(CandidateType.Relay, c.Type));
        Assert.Equal(CandidateType.Relay, IceTestBed.LocalType(a));
        Assert.Equal(CandidateType.Relay, IceTestBed.RemoteType(a));
        Assert.Equal(IceGatheringState.Complete, a.Channel.GatheringState);
    }

    [Theory]
    [MemberData(nameof(DirectCells))]
    public void DirectCell_SelectsExpectedCandidateTypes(NatType natA, NatType natB)
    {
        using var bed = new IceTestBed();
        bed.AddStunServer();
        var a = new IcePeer("a", bed.AddHost("a", natA, 1), IceRole.Controlling, allocator: IceTestBed.Allocator(bed.StunEndPoint));
        var b = new IcePeer("b", bed.AddHost("b", natB, 2), IceRole.Controlled, allocator: IceTestBed.Allocator(bed.StunEndPoint));
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();

        TimeSpan elapsed = bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(10));
        output.WriteLine($"{natA} x {natB}: connected in {elapsed.TotalMilliseconds} ms; a {a.Selected?.Description}; b {b.Selected?.Description}");

        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, $"{natA} x {natB} did not connect");
        Assert.Equal((SeenAs(natA), SeenAs(natB)), (IceTestBed.LocalType(a), IceTestBed.RemoteType(a)));
        Assert.Equal((SeenAs(natB), SeenAs(natA)), (IceTestBed.LocalType(b), IceTestBed.RemoteType(b)));
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"time to connected {elapsed}");

        Assert.True(a.Channel.Send([0x80, 7]));
        Assert.True(b.Channel.Send([0x80, 8]));
        bed.Run(TimeSpan.FromMilliseconds(20));
        Assert.Contains(b.Received, p => p[1] == 7);
        Assert.Contains(a.Received, p => p[1] == 8);
        a.Channel.Close();
        b.Channel.Close();
        Assert.Equal(0, a.Channel.PendingTimers + b.Channel.PendingTimers);
    }
}
