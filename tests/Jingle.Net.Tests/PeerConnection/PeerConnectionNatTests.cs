using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Configuration;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Stun.Server;
using Jingle.Net.Stun.Turn.Server;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Two PeerConnections behind NATs on the VirtualNetwork, on a fake clock, with a STUN server on the open internet:
/// ICE finds the server-reflexive path, DTLS and SCTP run over it, and messages flow both ways. Behind two symmetric
/// NATs only a relay works: our own TurnServer (Jingle.Net.Stun) runs on a public virtual host, the PeerConnections
/// get it as a <c>turn:</c> URI with credentials, and a data channel echo runs through it. With
/// <see cref="IceTransportPolicy.Relay"/> only relay candidates are signaled and used.
/// </summary>
public sealed class PeerConnectionNatTests
{
    [Theory]
    [InlineData(NatType.FullCone, NatType.FullCone)]
    [InlineData(NatType.PortRestrictedCone, NatType.PortRestrictedCone)]
    public async Task ConeByCone_ConnectsOverServerReflexiveCandidates(NatType natTypeA, NatType natTypeB)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var net = new VirtualNetwork(time, seed: 7);
        VirtualRouter natA = net.AddNat("nat-a", IPAddress.Parse("203.0.113.1"), natTypeA);
        VirtualRouter natB = net.AddNat("nat-b", IPAddress.Parse("203.0.113.2"), natTypeB);
        VirtualHost alice = net.AddHost("alice", IPAddress.Parse("192.168.1.2"), natA);
        VirtualHost bob = net.AddHost("bob", IPAddress.Parse("192.168.1.2"), natB);
        VirtualHost stunHost = net.AddHost("stun", IPAddress.Parse("198.51.100.1"));
        await using StunServer stun = StunServer.Start(stunHost.CreateEnvironment(), new StunServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 3478),
            EnableTcp = false,
        });
        var config = new RtcConfiguration { IceServers = [new IceServer("stun:198.51.100.1:3478")] };
        await using var pair = new PeerPair(
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = alice.CreateEnvironment() }),
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = bob.CreateEnvironment() }),
            config);

        Task<(RtcDataChannel Local, RtcDataChannel Remote)> connect = pair.ConnectWithChannelAsync("nat");
        await DriveAsync(time, connect);
        (RtcDataChannel a, RtcDataChannel b) = await connect;

        Task<List<DataChannelMessageEventArgs>> atB = PeerConnectionLoopbackTests.Collect(b, 1);
        Task<List<DataChannelMessageEventArgs>> atA = PeerConnectionLoopbackTests.Collect(a, 1);
        a.Send(new byte[1024]);
        b.Send("over the NATs");
        Task both = Task.WhenAll(atA, atB);
        await DriveAsync(time, both);

        Assert.Equal(1024, (await atB)[0].Data.Length);
        Assert.Equal("over the NATs", (await atA)[0].Text);
        RtcStatsReport report = await pair.Offerer.GetStatsAsync();
        RtcStats transport = Assert.Single(report.OfType("transport"));
        RtcStats selected = report[(string)transport["selectedCandidatePairId"]!];
        RtcStats local = report[(string)selected["localCandidateId"]!];
        RtcStats remote = report[(string)selected["remoteCandidateId"]!];
        Assert.Equal("203.0.113.1", local["address"]);
        Assert.Contains(remote["candidateType"], new object[] { CandidateType.ServerReflexive.ToWireString(), CandidateType.PeerReflexive.ToWireString() });
        Assert.Equal("203.0.113.2", remote["address"]);
    }

    [Fact]
    public async Task SymmetricBySymmetric_EchoesThroughOurTurnServersRelay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var net = new VirtualNetwork(time, seed: 11);
        VirtualRouter natA = net.AddNat("nat-a", IPAddress.Parse("203.0.113.1"), NatType.Symmetric);
        VirtualRouter natB = net.AddNat("nat-b", IPAddress.Parse("203.0.113.2"), NatType.Symmetric);
        VirtualHost alice = net.AddHost("alice", IPAddress.Parse("192.168.1.2"), natA);
        VirtualHost bob = net.AddHost("bob", IPAddress.Parse("192.168.1.2"), natB);
        await using TurnServer turn = StartTurn(net);
        var config = new RtcConfiguration
        {
            IceServers = [new IceServer("stun:198.51.100.1:3478", "turn:198.51.100.1:3478?transport=udp") { Username = "alice", Credential = "secret" }],
        };
        await using var pair = new PeerPair(
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = alice.CreateEnvironment() }),
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = bob.CreateEnvironment() }),
            config);

        (RtcDataChannel a, RtcDataChannel b) = await ConnectAsync(time, pair);
        await EchoAsync(time, a, b);

        (string localType, string remoteType, string localAddress) = await SelectedAsync(pair.Offerer);
        Assert.True(localType == "relay" || remoteType == "relay", $"selected {localType} -> {remoteType}: two symmetric NATs need the relay");
        Assert.True(turn.Statistics.AllocationsCreated >= 1);
        Assert.True(turn.Statistics.RelayedToPeers > 0 && turn.Statistics.RelayedToClients > 0,
            $"relayed {turn.Statistics.RelayedToPeers} to peers, {turn.Statistics.RelayedToClients} to clients");
        Assert.True(localAddress is "198.51.100.1" or "203.0.113.1", localAddress);
    }

    /// <summary>The control for the relay cell: the same two symmetric NATs with STUN only never connect.</summary>
    [Fact]
    public async Task SymmetricBySymmetric_WithStunOnly_DoesNotConnect()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var net = new VirtualNetwork(time, seed: 11);
        VirtualRouter natA = net.AddNat("nat-a", IPAddress.Parse("203.0.113.1"), NatType.Symmetric);
        VirtualRouter natB = net.AddNat("nat-b", IPAddress.Parse("203.0.113.2"), NatType.Symmetric);
        VirtualHost alice = net.AddHost("alice", IPAddress.Parse("192.168.1.2"), natA);
        VirtualHost bob = net.AddHost("bob", IPAddress.Parse("192.168.1.2"), natB);
        await using TurnServer turn = StartTurn(net);   // answers Binding requests: a STUN server here
        await using var pair = new PeerPair(
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = alice.CreateEnvironment() }),
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = bob.CreateEnvironment() }),
            new RtcConfiguration { IceServers = [new IceServer("stun:198.51.100.1:3478")] });

        Task connect = pair.ConnectWithChannelAsync("nat");
        for (int i = 0; i < 500 && !connect.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));   // 10 s of fake time
            await Task.WhenAny(connect, Task.Delay(1));
        }

        Assert.False(connect.IsCompletedSuccessfully, "connected through two symmetric NATs without a relay");
        Assert.DoesNotContain(pair.Offerer.IceConnectionState, new[] { IceTransportState.Connected, IceTransportState.Completed });
        Assert.Equal(0, turn.Statistics.AllocationsCreated);
    }

    [Fact]
    public async Task RelayPolicy_SignalsAndUsesOnlyRelayCandidates()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var net = new VirtualNetwork(time, seed: 13);
        VirtualRouter natA = net.AddNat("nat-a", IPAddress.Parse("203.0.113.1"), NatType.FullCone);
        VirtualHost alice = net.AddHost("alice", IPAddress.Parse("192.168.1.2"), natA);
        VirtualHost bob = net.AddHost("bob", IPAddress.Parse("203.0.113.9"));   // not even behind a NAT
        await using TurnServer turn = StartTurn(net);
        var config = new RtcConfiguration
        {
            IceServers = [new IceServer("stun:198.51.100.1:3478", "turn:198.51.100.1:3478") { Username = "alice", Credential = "secret" }],
            IceTransportPolicy = IceTransportPolicy.Relay,
        };
        await using var pair = new PeerPair(
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = alice.CreateEnvironment() }),
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = bob.CreateEnvironment() }),
            config);
        var signaled = new List<string>();
        void Record(object? sender, PeerConnectionIceCandidateEventArgs e)
        {
            lock (signaled)
            {
                if (!e.Candidate.IsEndOfCandidates)
                {
                    signaled.Add(e.Candidate.Candidate);
                }
            }
        }

        pair.Offerer.IceCandidate += Record;
        pair.Answerer.IceCandidate += Record;

        (RtcDataChannel a, RtcDataChannel b) = await ConnectAsync(time, pair);
        await EchoAsync(time, a, b);

        lock (signaled)
        {
            Assert.True(signaled.Count >= 2, $"{signaled.Count} candidates signaled");
            Assert.All(signaled, c => Assert.Contains(" typ relay", c, StringComparison.Ordinal));
        }

        foreach (Net.PeerConnection pc in new[] { pair.Offerer, pair.Answerer })
        {
            Assert.All(pc.LocalDescription!.Sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)),
                l => Assert.Contains(" typ relay", l, StringComparison.Ordinal));
            (string localType, string remoteType, string localAddress) = await SelectedAsync(pc);
            Assert.Equal("relay", localType);
            Assert.Equal("relay", remoteType);
            Assert.Equal("198.51.100.1", localAddress);
        }

        Assert.True(turn.Statistics.AllocationsCreated >= 2);
    }

    internal static TurnServer StartTurn(VirtualNetwork net)
    {
        VirtualHost host = net.AddHost("turn", IPAddress.Parse("198.51.100.1"));
        return TurnServer.Start(host.CreateEnvironment(), new TurnServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 3478),
            Users = new Dictionary<string, string> { ["alice"] = "secret" },
            EnableTcp = false,
        });
    }

    internal static async Task<(RtcDataChannel A, RtcDataChannel B)> ConnectAsync(FakeTimeProvider time, PeerPair pair)
    {
        Task<(RtcDataChannel Local, RtcDataChannel Remote)> connect = pair.ConnectWithChannelAsync("nat");
        await DriveAsync(time, connect);
        return await connect;
    }

    /// <summary>B echoes what A sends: 1 B to 64 KiB binary and a text, each back intact and in order.</summary>
    internal static async Task EchoAsync(FakeTimeProvider time, RtcDataChannel a, RtcDataChannel b)
    {
        b.MessageReceived += (_, m) =>
        {
            if (m.IsText)
            {
                b.Send(m.Text);
            }
            else
            {
                b.Send(m.Data);
            }
        };
        byte[][] sent = [.. new[] { 1, 1024, 16 * 1024, 65536 }.Select(n => Enumerable.Range(0, n).Select(i => (byte)(i * 13 + n)).ToArray())];
        Task<List<DataChannelMessageEventArgs>> echoed = PeerConnectionLoopbackTests.Collect(a, sent.Length + 1);
        foreach (byte[] message in sent)
        {
            a.Send(message);
        }

        a.Send("through the relay");
        await DriveAsync(time, echoed);
        List<DataChannelMessageEventArgs> back = await echoed;
        for (int i = 0; i < sent.Length; i++)
        {
            Assert.Equal(sent[i], back[i].Data);
        }

        Assert.Equal("through the relay", back[^1].Text);
    }

    /// <summary>The selected pair's local and remote candidate types and the local address, from GetStats.</summary>
    internal static async Task<(string LocalType, string RemoteType, string LocalAddress)> SelectedAsync(Net.PeerConnection pc)
    {
        RtcStatsReport report = await pc.GetStatsAsync();
        RtcStats transport = Assert.Single(report.OfType("transport"));
        RtcStats selected = report[(string)transport["selectedCandidatePairId"]!];
        RtcStats local = report[(string)selected["localCandidateId"]!];
        RtcStats remote = report[(string)selected["remoteCandidateId"]!];
        return ((string)local["candidateType"]!, (string)remote["candidateType"]!, (string)local["address"]!);
    }

    /// <summary>Advances the fake clock in 1 ms steps, letting the signaling, worker and DTLS threads run between.</summary>
    internal static async Task DriveAsync(FakeTimeProvider time, Task until)
    {
        for (int i = 0; i < 20_000 && !until.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.WhenAny(until, Task.Delay(1));
        }

        Assert.True(until.IsCompleted, "did not complete within 20 s of fake time");
    }
}
