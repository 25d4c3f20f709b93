using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Configuration;
using Jingle.Net.Ice;
using Jingle.Net.Stun.Turn.Server;
using Jingle.Net.Testing;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// <c>turns:</c> end to end against our own TurnServer's TLS listener (RFC 8656 §3.1) on real loopback: two
/// PeerConnections with the relay policy pin the server's self-signed certificate through
/// <see cref="RtcConfiguration.TurnsCertificateValidation"/>, so every packet goes over TLS to our server and through
/// its relay. No external server needed (the coturn variant is <see cref="PeerConnectionTurnsTests"/>).
/// </summary>
public sealed class PeerConnectionOwnTurnsTests
{
    private static TurnServer StartServer(TestCertificate certificate) => TurnServer.Start(JingleEnvironment.CreateDefault(), new TurnServerOptions
    {
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        TlsListen = new IPEndPoint(IPAddress.Loopback, 0),
        TlsCertificate = certificate.Certificate,
        Realm = "jingle.test",
        Users = new Dictionary<string, string> { ["alice"] = "secret" },
        AllowLoopbackPeers = true,
        MinRelayPort = 0,
        MaxRelayPort = 0,
    });

    private static RtcConfiguration Configuration(TurnServer server, TestCertificate pinned) => new()
    {
        NetworkFilter = NetworkFilter.WithLoopback,
        IceTransportPolicy = IceTransportPolicy.Relay,
        IceServers = [new IceServer($"turns:127.0.0.1:{server.TlsEndPoint!.Port}?transport=tcp") { Username = "alice", Credential = "secret" }],
        TurnsCertificateValidation = pinned.Pin,
    };

    [Fact]
    public async Task TurnsUri_RelayOnly_ThroughOurTurnServerTls_DataChannelEchoes()
    {
        using TestCertificate certificate = TestCertificate.Create();
        await using TurnServer server = StartServer(certificate);
        await using var pair = new PeerPair(configuration: Configuration(server, certificate));

        await RelayedEcho.RunAsync(pair, "own-turns");

        Assert.True(certificate.Checks >= 2, $"{certificate.Checks} certificate checks: both peers go through TLS");
        Assert.True(server.Statistics.TlsConnections >= 2, $"{server.Statistics.TlsConnections} TLS connections");
        Assert.True(server.AllocationCount >= 2, $"{server.AllocationCount} allocations");
        Assert.True(server.Statistics.RelayedToPeers > 0 && server.Statistics.RelayedToClients > 0);
        Assert.Equal(0, server.Statistics.TlsHandshakeFailures);
    }

    [Fact]
    public async Task TurnsUri_WrongPinnedCertificate_GathersNoRelayCandidate()
    {
        using TestCertificate served = TestCertificate.Create();
        using TestCertificate pinned = TestCertificate.Create();
        await using TurnServer server = StartServer(served);
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(Configuration(server, pinned));
        var candidates = new List<string>();
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceCandidate += (_, e) =>
        {
            lock (candidates)
            {
                if (!e.Candidate.IsEndOfCandidates)
                {
                    candidates.Add(e.Candidate.Candidate);
                }
            }
        };
        pc.IceGatheringStateChanged += (_, s) =>
        {
            if (s == IceGatheringState.Complete)
            {
                complete.TrySetResult();
            }
        };

        pc.CreateDataChannel("never");
        await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
        await complete.Task.WaitAsync(PeerPair.Timeout);

        Assert.True(pinned.Checks >= 1, "the client was shown the server's certificate and refused it");
        lock (candidates)
        {
            Assert.Empty(candidates);
        }

        Assert.DoesNotContain("a=candidate:", pc.LocalDescription!.Sdp, StringComparison.Ordinal);
        Assert.Equal(0, server.AllocationCount);
        Assert.Equal(0, server.Statistics.AllocationsCreated);
    }
}
