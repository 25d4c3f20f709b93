using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Stun;
using Jingle.Net.Ice.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Ice.Tests.Ports;

/// <summary>TcpPort: gathering (options, RFC 6544 priorities, foundations) and the accept rules of the passive socket.</summary>
public sealed class TcpPortTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // RFC 6544 §4.2 vectors derived from the formula: priority = 2^24·type-pref + 2^8·local-pref + (256 − component),
    // local-pref = 2^13·direction-pref + other-pref; other-pref 8191 for the first interface.
    private const uint UdpHost = (126u << 24) + (65535u << 8) + 255;                        // 2130706431
    private const uint TcpHostActive = (126u << 24) + ((uint)((6 << 13) + 8191) << 8) + 255;  // 2128609279
    private const uint TcpHostPassive = (126u << 24) + ((uint)((4 << 13) + 8191) << 8) + 255; // 2124414975

    [Fact]
    public void Rfc6544_PriorityVectors_FromTheFormula()
    {
        Assert.Equal(2128609279u, TcpHostActive);
        Assert.Equal(2124414975u, TcpHostPassive);
        Assert.Equal(TcpHostActive, IceCandidate.ComputePriority(CandidateType.Host, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Active, 8191), 1));
        Assert.Equal(TcpHostPassive, IceCandidate.ComputePriority(CandidateType.Host, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Passive, 8191), 1));
        Assert.Equal(2120220671u, IceCandidate.ComputePriority(CandidateType.Host, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.SimultaneousOpen, 8191), 1));
        Assert.Equal(1692401663u, IceCandidate.ComputePriority(CandidateType.ServerReflexive,
            TcpCandidateRules.LocalPreference(CandidateType.ServerReflexive, TcpCandidateType.SimultaneousOpen, 8191), 1));
        Assert.Equal(1855979519u, IceCandidate.ComputePriority(CandidateType.PeerReflexive,
            TcpCandidateRules.LocalPreference(CandidateType.PeerReflexive, TcpCandidateType.Active, 8191), 1));
        // RTCP (component 2) is one lower.
        Assert.Equal(TcpHostActive - 1, IceCandidate.ComputePriority(CandidateType.Host, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Active, 8191), 2));
    }

    [Fact]
    public async Task Gathering_Default_HostUdpActiveAndPassiveTcp_WithRfc6544Priorities_AndProtocolInTheFoundation()
    {
        IReadOnlyList<IceCandidate> candidates = await GatherAsync(new PortAllocatorOptions { NetworkFilter = NetworkFilter.WithLoopback });

        IceCandidate udp = Assert.Single(candidates, c => c.Protocol == CandidateProtocol.Udp);
        IceCandidate active = Assert.Single(candidates, c => c.TcpType == TcpCandidateType.Active);
        IceCandidate passive = Assert.Single(candidates, c => c.TcpType == TcpCandidateType.Passive);
        Assert.Equal(3, candidates.Count);
        Assert.Equal((UdpHost, TcpHostActive, TcpHostPassive), (udp.Priority, active.Priority, passive.Priority));
        Assert.Equal(TcpCandidateRules.ActivePort, active.Port);
        Assert.NotEqual(TcpCandidateRules.ActivePort, passive.Port);
        Assert.Equal(CandidateProtocol.Tcp, active.Protocol);
        Assert.NotEqual(udp.Foundation, active.Foundation); // same type and base address, other transport
        Assert.Equal(active.Foundation, passive.Foundation);
        Assert.Contains(" tcp ", active.ToSdpString(), StringComparison.Ordinal);
        Assert.EndsWith("tcptype passive generation 0 ufrag " + passive.Ufrag + " network-id 1", passive.ToSdpString().Split(" network-cost")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    public async Task Gathering_TcpOptionAndRelayOnly(bool gatherTcp, bool relayOnly, bool expectTcp)
    {
        IReadOnlyList<IceCandidate> candidates = await GatherAsync(new PortAllocatorOptions
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            GatherTcp = gatherTcp,
            RelayOnly = relayOnly,
        });
        Assert.Equal(expectTcp, candidates.Any(c => c.Protocol == CandidateProtocol.Tcp));
    }

    [Fact]
    public async Task Gathering_UdpDisabled_OnlyTcp()
    {
        IReadOnlyList<IceCandidate> candidates = await GatherAsync(new PortAllocatorOptions { NetworkFilter = NetworkFilter.WithLoopback, GatherUdp = false });
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(CandidateProtocol.Tcp, c.Protocol));
    }

    [Fact]
    public void Gathering_WithoutWorkerThread_GathersNoTcp()
    {
        // Single-threaded fake-clock drivers: socket completions could not be marshalled, so no TCP candidates.
        var time = new FakeTimeProvider();
        var network = new VirtualNetwork(time);
        VirtualHost host = network.AddHost("a", IPAddress.Parse("10.0.0.1"));
        JingleEnvironment env = host.CreateEnvironment();
        using var channel = new P2PTransportChannel(env, new P2PTransportChannelOptions());
        channel.SetLocalParameters(IceParameters.Create(env.Random));
        channel.StartGathering();
        Assert.Equal(IceGatheringState.Complete, channel.GatheringState);
        Assert.All(channel.LocalCandidates, c => Assert.Equal(CandidateProtocol.Udp, c.Protocol));
        Assert.NotEmpty(channel.LocalCandidates);
    }

    [Fact]
    public async Task AcceptedStream_NonStunFramesBeforeAValidCheck_AreDroppedCounted_ThenTheStreamIsClosed()
    {
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false, tcp: false));
        TcpPort passive = await pair.On(() => pair.A.Ports.OfType<TcpPort>().Single(p => p.TcpType == TcpCandidateType.Passive));
        using var client = new TcpClient();
        await client.ConnectAsync(passive.ListenEndPoint!, TestContext.Current.CancellationToken);
        NetworkStream stream = client.GetStream();

        // An unauthenticated Binding request is STUN: it reaches the channel and is answered 400 on the same stream.
        await stream.WriteAsync(Frame(BindingRequestWithoutCredentials()), TestContext.Current.CancellationToken);
        byte[] response = await ReadFrameAsync(stream);
        Assert.Equal(IceStunParseResult.Ok, IceStunMessage.TryParse(response, out IceStunMessage message));
        Assert.Equal(IceStunConstants.BindingErrorResponse, message.Type);
        Assert.Equal(IceStunConstants.BadRequest, message.ErrorCode);

        // Anything else before a valid check belongs to nobody: dropped and counted, never handed to the channel.
        for (int i = 0; i < TcpPort.MaxMalformedFrames - 1; i++)
        {
            await stream.WriteAsync(Frame([0xFF, 1, 2, 3, (byte)i]), TestContext.Current.CancellationToken);
        }

        Assert.True(await pair.Eventually(() => passive.PacketsDropped == TcpPort.MaxMalformedFrames - 1, Timeout));
        Assert.Equal(1, await pair.On(() => passive.StreamCount));
        await stream.WriteAsync(Frame([0x80, 0, 0, 0]), TestContext.Current.CancellationToken); // RTP-looking, still not a check

        // The last allowed frame closes the stream; the channel saw none of them and still has no pair.
        int read = await stream.ReadAsync(new byte[16], TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.Equal(0, read);
        Assert.Equal(TcpPort.MaxMalformedFrames, await pair.On(() => passive.PacketsDropped));
        Assert.Equal(0, await pair.On(() => passive.StreamCount));
        IceTransportStats stats = await pair.On(() => pair.A.GetStats());
        Assert.Empty(stats.Pairs);
        Assert.Equal(1, stats.BadRequestsAnswered);
        Assert.Equal(0, stats.UnknownSourceDropped);
    }

    [Fact]
    public async Task AcceptedStream_TruncatedFrameThenClose_IsDroppedWithoutAPair()
    {
        await using RealAgentPair pair = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false, tcp: false));
        TcpPort passive = await pair.On(() => pair.A.Ports.OfType<TcpPort>().Single(p => p.TcpType == TcpCandidateType.Passive));
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(passive.ListenEndPoint!, TestContext.Current.CancellationToken);
            await client.GetStream().WriteAsync(new byte[] { 0x01, 0x00, 0x00, 0x01 }, TestContext.Current.CancellationToken); // says 256 B, sends 2
            Assert.True(await pair.Eventually(() => passive.StreamsAccepted == 1, Timeout));
        }

        Assert.True(await pair.Eventually(() => passive.StreamCount == 0 && passive.StreamsClosed == 1, Timeout));
        Assert.Empty((await pair.On(() => pair.A.GetStats())).Pairs);
        Assert.Equal(IceTransportState.New, await pair.On(() => pair.A.State));
    }

    private static async Task<IReadOnlyList<IceCandidate>> GatherAsync(PortAllocatorOptions options)
    {
        await using RealAgentPair pair = await RealAgentPair.StartAsync(options, RealAgentPair.Allocator(udp: false, tcp: false));
        Assert.True(await pair.Eventually(() => pair.A.GatheringState == IceGatheringState.Complete, Timeout));
        return await pair.On(() => pair.A.LocalCandidates);
    }

    private static byte[] BindingRequestWithoutCredentials()
    {
        byte[] buffer = new byte[64];
        var writer = new IceStunWriter(buffer, IceStunConstants.BindingRequest, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private static byte[] Frame(byte[] packet)
    {
        byte[] framed = new byte[packet.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)packet.Length);
        packet.CopyTo(framed, 2);
        return framed;
    }

    private static async Task<byte[]> ReadFrameAsync(NetworkStream stream)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Timeout);
        byte[] header = new byte[2];
        await stream.ReadExactlyAsync(header, cts.Token);
        byte[] packet = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await stream.ReadExactlyAsync(packet, cts.Token);
        return packet;
    }
}
