using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Configuration;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Stun.Server;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Two PeerConnections behind NATs on the VirtualNetwork, on a fake clock, with a STUN server on the open internet:
/// ICE finds the server-reflexive path, DTLS and SCTP run over it, and messages flow both ways.
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

    /// <summary>Advances the fake clock in 1 ms steps, letting the signaling, worker and DTLS threads run between.</summary>
    private static async Task DriveAsync(FakeTimeProvider time, Task until)
    {
        for (int i = 0; i < 20_000 && !until.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.WhenAny(until, Task.Delay(1));
        }

        Assert.True(until.IsCompleted, "did not complete within 20 s of fake time");
    }
}
