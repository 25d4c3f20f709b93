using System.Net;
using System.Net.Sockets;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>RFC 6544 ICE-TCP end to end: two agents on real 127.0.0.1 TCP sockets, on a worker RtcThread.</summary>
public sealed class IceTcpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static bool IsTcp(IceCandidate c, TcpCandidateType type) => c.Protocol == CandidateProtocol.Tcp && c.TcpType == type;

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public async Task TcpOnly_ActiveConnectsToPassive_DataFlowsBothWays(IceRole roleOfActive)
    {
        // A signals only its active candidate, B only its passive one: A opens the one TCP connection, B learns A's
        // address from the first check as a peer-reflexive active candidate (RFC 6544 §7.2).
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false), roleOfActive,
            toB: c => IsTcp(c, TcpCandidateType.Active), toA: c => IsTcp(c, TcpCandidateType.Passive));
        await pair.WhenBothWritable(Timeout);

        Assert.True(await pair.On(() => pair.A.Send([0x80, 1, 2, 3])));
        Assert.True(await pair.On(() => pair.B.Send([0x80, 4, 5])));
        Assert.True(await pair.Eventually(() => pair.ReceivedByA.Count > 0 && pair.ReceivedByB.Count > 0, Timeout));

        CandidatePairStats a = (await pair.On(() => pair.A.SelectedPair))!;
        CandidatePairStats b = (await pair.On(() => pair.B.SelectedPair))!;
        Assert.Equal(new byte[] { 0x80, 1, 2, 3 }, (await pair.On(() => pair.ReceivedByB[0])));
        Assert.Equal(new byte[] { 0x80, 4, 5 }, (await pair.On(() => pair.ReceivedByA[0])));
        Assert.True(IsTcp(a.LocalCandidate, TcpCandidateType.Active));
        Assert.Equal(TcpCandidateRules.ActivePort, a.LocalCandidate.Port);
        Assert.True(IsTcp(a.RemoteCandidate, TcpCandidateType.Passive));
        Assert.True(IsTcp(b.LocalCandidate, TcpCandidateType.Passive));
        Assert.True(IsTcp(b.RemoteCandidate, TcpCandidateType.Active));
        Assert.Equal(CandidateType.PeerReflexive, b.RemoteCandidate.Type);
        Assert.EndsWith("|tcp]", a.Description, StringComparison.Ordinal);
        Assert.EndsWith("|tcp]", b.Description, StringComparison.Ordinal);
        Assert.Equal(1, await pair.On(() => pair.B.Ports.OfType<TcpPort>().Sum(p => p.StreamsAccepted)));

        // Closing closes the listening socket and the streams and leaves no timer behind.
        await pair.A.DisposeAsync();
        await pair.B.DisposeAsync();
        Assert.Equal(0, await pair.On(() => pair.A.PendingTimers + pair.B.PendingTimers));
    }

    [Fact]
    public async Task TcpOnly_BothCandidatesSignaled_BothDirectionsConnect_AndStateCompletes()
    {
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false));
        await pair.WhenBothWritable(Timeout);
        Assert.True(await pair.Eventually(() => pair.A.State == IceTransportState.Completed && pair.B.State == IceTransportState.Completed, Timeout));

        // Each agent's active candidate connected to the other's passive one: two valid TCP pairs per agent.
        IceTransportStats stats = await pair.On(() => pair.A.GetStats());
        Assert.All(stats.Pairs, p => Assert.Equal(CandidateProtocol.Tcp, p.LocalCandidate.Protocol));
        Assert.Equal(2, stats.Pairs.Count(p => p.State == IceCheckState.Succeeded));
        Assert.Equal(CandidateProtocol.Tcp, stats.SelectedPair!.LocalCandidate.Protocol);
    }

    [Fact]
    public async Task UdpAndTcp_BothWork_UdpPairIsSelected()
    {
        // Without end-of-candidates the agents do not prune after nominating, so the TCP pairs are checked too.
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(), RealAgentPair.Allocator(), signalEndOfCandidates: false);
        await pair.WhenBothWritable(Timeout);

        // Wait until TCP pairs are valid too on both sides, so the choice is between working pairs of both protocols.
        static bool TcpValid(P2PTransportChannel c) =>
            c.GetStats().Pairs.Any(p => p.LocalCandidate.Protocol == CandidateProtocol.Tcp && p.State == IceCheckState.Succeeded && p.WriteState == ConnectionWriteState.Writable);
        Assert.True(await pair.Eventually(() => TcpValid(pair.A) && TcpValid(pair.B), Timeout));
        CandidatePairStats a = (await pair.On(() => pair.A.SelectedPair))!;
        CandidatePairStats b = (await pair.On(() => pair.B.SelectedPair))!;
        Assert.Equal(CandidateProtocol.Udp, a.LocalCandidate.Protocol);
        Assert.Equal(CandidateProtocol.Udp, b.LocalCandidate.Protocol);
        Assert.EndsWith("|udp]", a.Description, StringComparison.Ordinal);
        ulong bestTcp = (await pair.On(() => pair.A.GetStats())).Pairs.Where(p => p.LocalCandidate.Protocol == CandidateProtocol.Tcp).Max(p => p.Priority);
        Assert.True(a.Priority > bestTcp);
    }

    [Fact]
    public async Task RemotePassiveCandidateRefusingTheConnection_FailsThatPairOnly()
    {
        int closedPort = ClosedTcpPort();
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false),
            toB: c => IsTcp(c, TcpCandidateType.Active), toA: c => IsTcp(c, TcpCandidateType.Passive));
        await pair.On(() => pair.A.AddRemoteCandidate(IceCandidate.Parse(
            $"candidate:99 1 tcp 2124414975 127.0.0.1 {closedPort} typ host tcptype passive")));
        await pair.WhenBothWritable(Timeout);

        // The refused connection fails its pair at once (RST), long before the 15 s connect timeout.
        Assert.True(await pair.Eventually(() => pair.A.GetStats().Pairs.Any(p => p.RemoteCandidate.Port == closedPort && p.State == IceCheckState.Failed), Timeout));
        CandidatePairStats refused = (await pair.On(() => pair.A.GetStats())).Pairs.Single(p => p.RemoteCandidate.Port == closedPort);
        Assert.Equal(ConnectionWriteState.WriteTimeout, refused.WriteState);
        Assert.Equal(1, refused.RequestsSent); // the one check that waited for the connection
        Assert.True(await pair.On(() => pair.A.IsWritable));
        Assert.NotEqual(closedPort, (await pair.On(() => pair.A.SelectedPair))!.RemoteCandidate.Port);
        Assert.Equal(1, await pair.On(() => pair.A.Ports.OfType<TcpPort>().Sum(p => p.ConnectFailures)));
    }

    [Fact]
    public async Task PeerClosesTheStream_PairFailsInWriteTimeout_ChannelKeepsRunning()
    {
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false),
            toB: c => IsTcp(c, TcpCandidateType.Active), toA: c => IsTcp(c, TcpCandidateType.Passive));
        await pair.WhenBothWritable(Timeout);

        await pair.On(() => pair.B.Close()); // closes B's passive port and the accepted stream

        Assert.True(await pair.Eventually(() => pair.A.GetStats().Pairs.All(p => p.State == IceCheckState.Failed), Timeout));
        IceTransportStats stats = await pair.On(() => pair.A.GetStats());
        Assert.All(stats.Pairs, p => Assert.Equal(ConnectionWriteState.WriteTimeout, p.WriteState));
        Assert.False(await pair.On(() => pair.A.IsWritable));
        Assert.False(await pair.On(() => pair.A.Send([0x80, 1])));
        Assert.True(await pair.Eventually(() => pair.A.State == IceTransportState.Failed, Timeout));
    }

    [Fact]
    public async Task TcpCheck_IsNotRetransmitted_WhileUnanswered()
    {
        // A passive "peer" that accepts the connection and never answers: over a reliable transport the check is
        // sent once (RFC 6544 §7.1), where UDP would have re-sent it 100, 200, 400, 800 ms later.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        Task<TcpClient> accepted = silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false, tcp: false),
            toA: _ => false);
        await pair.On(() => pair.A.AddRemoteCandidate(IceCandidate.Parse($"candidate:7 1 tcp 2124414975 127.0.0.1 {port} typ host tcptype passive")));
        using TcpClient client = await accepted.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        await Task.Delay(1700, TestContext.Current.CancellationToken);
        CandidatePairStats check = (await pair.On(() => pair.A.GetStats())).Pairs.Single();
        Assert.Equal(1, check.RequestsSent);
        Assert.Equal(IceCheckState.InProgress, check.State);
        byte[] frame = new byte[2];
        await client.GetStream().ReadExactlyAsync(frame, TestContext.Current.CancellationToken);
        Assert.Equal(0x00, frame[0] & 0xC0); // the 16-bit RFC 4571 length of one STUN request
        Assert.InRange(frame[0] << 8 | frame[1], 20, 600);
    }

    private static int ClosedTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
