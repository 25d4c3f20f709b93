using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Configuration;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;
using Jingle.Net.Stun.Turn.Server;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// W3C setConfiguration / getConfiguration (webrtc-pc §4.4.1.6, RFC 9429 §4.1.18): the errors, the round trip, the
/// candidate pool before any description, and new ICE servers and policy reaching the next gathering (ICE restart)
/// through our own TurnServer on the VirtualNetwork.
/// </summary>
public sealed class SetConfigurationTests
{
    [Fact]
    public async Task GetConfiguration_RoundTrips_AndTheGeneratedCertificateIsPartOfIt()
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        RtcConfiguration initial = pc.GetConfiguration();
        Assert.Same(pc.Certificate, Assert.Single(initial.Certificates));
        Assert.Empty(initial.IceServers);

        var turn = new IceServer("turn:192.0.2.1:3478?transport=udp", "stun:192.0.2.1") { Username = "u", Credential = "c" };
        pc.SetConfiguration(initial with { IceServers = [turn], IceTransportPolicy = IceTransportPolicy.Relay, IceCandidatePoolSize = 3 });

        RtcConfiguration now = pc.GetConfiguration();
        Assert.Equal([turn], now.IceServers);
        Assert.Equal(IceTransportPolicy.Relay, now.IceTransportPolicy);
        Assert.Equal(3, now.IceCandidatePoolSize);
        Assert.Same(pc.Certificate, Assert.Single(now.Certificates));
        Assert.Same(now, pc.Configuration);

        pc.SetConfiguration(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback, IceCandidatePoolSize = 3 });   // no certificates: kept
        Assert.Same(pc.Certificate, Assert.Single(pc.GetConfiguration().Certificates));
        Assert.Empty(pc.GetConfiguration().IceServers);
        Assert.Equal(IceTransportPolicy.All, pc.GetConfiguration().IceTransportPolicy);
    }

    [Fact]
    public async Task Closed_ThrowsInvalidState()
    {
        await using var factory = new PeerConnectionFactory();
        Net.PeerConnection pc = factory.CreatePeerConnection();
        RtcConfiguration config = pc.GetConfiguration();
        await pc.CloseAsync();

        InvalidStateException e = Assert.Throws<InvalidStateException>(() => pc.SetConfiguration(config));
        Assert.Equal("InvalidStateError", e.ErrorName);
    }

    public static TheoryData<string> Modifications => ["certificates", "bundlePolicy", "rtcpMuxPolicy"];

    [Theory]
    [MemberData(nameof(Modifications))]
    public async Task CertificatesBundlePolicyRtcpMuxPolicy_Changed_ThrowInvalidModification_AndChangeNothing(string member)
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { BundlePolicy = BundlePolicy.MaxBundle });
        using RtcCertificate other = factory.GenerateCertificate();
        RtcConfiguration before = pc.GetConfiguration();
        RtcConfiguration changed = member switch
        {
            "certificates" => before with { Certificates = [other], IceServers = [new IceServer("stun:192.0.2.1")] },
            "bundlePolicy" => before with { BundlePolicy = BundlePolicy.Balanced, IceServers = [new IceServer("stun:192.0.2.1")] },
            _ => before with { RtcpMuxPolicy = (RtcpMuxPolicy)1, IceServers = [new IceServer("stun:192.0.2.1")] },
        };

        InvalidModificationException e = Assert.Throws<InvalidModificationException>(() => pc.SetConfiguration(changed));

        Assert.Equal("InvalidModificationError", e.ErrorName);
        Assert.Same(before, pc.GetConfiguration());
        pc.SetConfiguration(before with { IceServers = [new IceServer("stun:192.0.2.1")] });   // the same values are fine
        Assert.Single(pc.GetConfiguration().IceServers);
    }

    [Fact]
    public async Task PoolSize_ChangesBeforeSetLocalDescription_ButNotAfter()
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        pc.SetConfiguration(pc.GetConfiguration() with { IceCandidatePoolSize = 2 });   // no description yet: allowed
        pc.SetConfiguration(pc.GetConfiguration() with { IceCandidatePoolSize = 0 });
        pc.CreateDataChannel("c");
        await pc.SetLocalDescriptionAsync();

        Assert.Throws<InvalidModificationException>(() => pc.SetConfiguration(pc.GetConfiguration() with { IceCandidatePoolSize = 1 }));

        Assert.Equal(0, pc.GetConfiguration().IceCandidatePoolSize);
        pc.SetConfiguration(pc.GetConfiguration() with { IceServers = [new IceServer("stun:192.0.2.1")] });   // same size: fine
    }

    public static TheoryData<IceServer, Type> BadServers => new()
    {
        { new IceServer("stun:"), typeof(FormatException) },                                   // W3C SyntaxError
        { new IceServer("http://192.0.2.1"), typeof(FormatException) },
        { new IceServer("turn:192.0.2.1:3478"), typeof(ArgumentException) },                   // W3C InvalidAccessError
        { new IceServer("turn:192.0.2.1:3478") { Username = "u" }, typeof(ArgumentException) },
        { new IceServer(), typeof(ArgumentException) },
    };

    [Theory]
    [MemberData(nameof(BadServers))]
    public async Task BadIceServer_ThrowsWhatTheConstructorThrows_AndChangesNothing(IceServer server, Type expected)
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection();
        RtcConfiguration before = pc.GetConfiguration();
        RtcConfiguration bad = before with { IceServers = [new IceServer("stun:192.0.2.1"), server] };

        Exception atCreation = Assert.ThrowsAny<Exception>(() => factory.CreatePeerConnection(bad with { Certificates = [] }));
        Exception atSet = Assert.ThrowsAny<Exception>(() => pc.SetConfiguration(bad));

        Assert.IsAssignableFrom(expected, atSet);
        Assert.Equal(atCreation.GetType(), atSet.GetType());
        Assert.Equal(atCreation.Message, atSet.Message);
        Assert.Same(before, pc.GetConfiguration());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public async Task PoolSize_OutOfRange_Throws_AsAtCreation(int size)
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection();

        Assert.Throws<ArgumentOutOfRangeException>(() => pc.SetConfiguration(pc.GetConfiguration() with { IceCandidatePoolSize = size }));
        Assert.Equal(0, pc.GetConfiguration().IceCandidatePoolSize);
    }

    [Fact]
    public async Task PoolSize_SetBeforeAnyDescription_StartsThePool_AndDroppingItDiscardsThePooledCandidates()
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        pc.CreateDataChannel("c");
        Assert.DoesNotContain("a=candidate:", (await pc.CreateOfferAsync()).Sdp, StringComparison.Ordinal);

        pc.SetConfiguration(pc.GetConfiguration() with { IceCandidatePoolSize = 1 });
        RtcSessionDescription pooled = await OfferOnceGatheredAsync(pc);
        Assert.Contains("a=candidate:", pooled.Sdp, StringComparison.Ordinal);
        Assert.True(await factory.WorkerThread.InvokeAsync(() => pc.Transport.Pooled));

        pc.SetConfiguration(pc.GetConfiguration() with { IceCandidatePoolSize = 0 });
        RtcSessionDescription after = await pc.CreateOfferAsync();

        Assert.DoesNotContain("a=candidate:", after.Sdp, StringComparison.Ordinal);
        Assert.NotEqual(Ufrag(pooled.Sdp), Ufrag(after.Sdp));   // new credentials: nothing of the discarded pool can follow
        Assert.False(await factory.WorkerThread.InvokeAsync(() => pc.Transport.Pooled));
        Assert.Null(await factory.WorkerThread.InvokeAsync(() => pc.Transport.Ice));

        // The first description still gathers (with the new credentials) and completes.
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceGatheringStateChanged += (_, s) =>
        {
            if (s == IceGatheringState.Complete)
            {
                complete.TrySetResult();
            }
        };
        await pc.SetLocalDescriptionAsync(after);
        await complete.Task.WaitAsync(PeerPair.Timeout);
        Assert.Contains("a=candidate:", pc.LocalDescription!.Sdp, StringComparison.Ordinal);
        Assert.Equal(Ufrag(after.Sdp), Ufrag(pc.LocalDescription.Sdp));
    }

    [Fact]
    public async Task NewIceServer_BeforeAnyDescription_GathersThePoolAgainWithIt()
    {
        await using var stun = Stun.Server.StunServer.Start(Base.JingleEnvironment.CreateDefault(), new Stun.Server.StunServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            EnableTcp = false,
        });
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            IceCandidatePoolSize = 1,
        });
        pc.CreateDataChannel("c");
        RtcSessionDescription first = await OfferOnceGatheredAsync(pc);
        Assert.Contains("a=candidate:", first.Sdp, StringComparison.Ordinal);
        Assert.Equal(0, stun.Core.BindingRequests);

        pc.SetConfiguration(pc.GetConfiguration() with { IceServers = [new IceServer($"stun:127.0.0.1:{stun.LocalEndPoint.Port}")] });
        RtcSessionDescription again = await OfferOnceGatheredAsync(pc);

        Assert.NotEqual(Ufrag(first.Sdp), Ufrag(again.Sdp));
        Assert.Contains("a=candidate:", again.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=end-of-candidates", again.Sdp, StringComparison.Ordinal);
        Assert.True(stun.Core.BindingRequests >= 1, "the new pool did not use the new STUN server");
        Assert.True(await factory.WorkerThread.InvokeAsync(() => pc.Transport.Pooled));
    }

    /// <summary>
    /// Alice (behind a NAT) and Bob (public) connect with no ICE server at all. Alice then gets our TURN server by
    /// SetConfiguration: nothing is allocated until she restarts ICE; after the restart her new generation has a relay
    /// candidate, and with policy relay only relay candidates, and the selected pair is relayed, and data flows.
    /// </summary>
    [Theory]
    [InlineData(IceTransportPolicy.All)]
    [InlineData(IceTransportPolicy.Relay)]
    public async Task TurnServerGivenBySetConfiguration_IsUsedAfterIceRestart(IceTransportPolicy policy)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var net = new VirtualNetwork(time, seed: 17);
        VirtualRouter nat = net.AddNat("nat-a", IPAddress.Parse("203.0.113.1"), NatType.FullCone);
        VirtualHost alice = net.AddHost("alice", IPAddress.Parse("192.168.1.2"), nat);
        VirtualHost bob = net.AddHost("bob", IPAddress.Parse("203.0.113.9"));
        await using TurnServer turn = PeerConnectionNatTests.StartTurn(net);
        await using var pair = new PeerPair(
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = alice.CreateEnvironment() }),
            new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = bob.CreateEnvironment() }),
            new RtcConfiguration());
        var signaled = new List<RtcIceCandidateInit>();
        string? firstUfrag = null;
        var restartGathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Offerer.IceCandidate += (_, e) =>
        {
            lock (signaled)
            {
                signaled.Add(e.Candidate);
                firstUfrag ??= e.Candidate.UsernameFragment;
                if (e.Candidate.IsEndOfCandidates && e.Candidate.UsernameFragment != firstUfrag)
                {
                    restartGathered.TrySetResult();   // the restart's generation finished gathering
                }
            }
        };

        (RtcDataChannel a, RtcDataChannel b) = await PeerConnectionNatTests.ConnectAsync(time, pair);
        Assert.NotEqual("relay", (await PeerConnectionNatTests.SelectedAsync(pair.Offerer)).LocalType);

        pair.Offerer.SetConfiguration(pair.Offerer.GetConfiguration() with
        {
            IceServers = [new IceServer("turn:198.51.100.1:3478?transport=udp") { Username = "alice", Credential = "secret" }],
            IceTransportPolicy = policy,
        });
        for (int i = 0; i < 500; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));   // half a second: the current generation does not gather again
            await Task.Delay(1);
        }

        Assert.Equal(0, turn.Statistics.AllocationsCreated);

        pair.Offerer.RestartIce();
        await PeerConnectionNatTests.DriveAsync(time, pair.NegotiateAsync());
        string newUfrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        await PeerConnectionNatTests.DriveAsync(time, restartGathered.Task);
        string[] restarted;
        lock (signaled)
        {
            restarted = [.. signaled.Where(c => c.UsernameFragment == newUfrag && !c.IsEndOfCandidates).Select(c => c.Candidate)];
        }

        Assert.True(turn.Statistics.AllocationsCreated >= 1);
        Assert.Contains(restarted, c => c.Contains(" typ relay", StringComparison.Ordinal));
        if (policy == IceTransportPolicy.Relay)
        {
            Assert.All(restarted, c => Assert.Contains(" typ relay", c, StringComparison.Ordinal));
            Task relayed = UntilAsync(() => PeerConnectionNatTests.SelectedAsync(pair.Offerer), s => s.LocalType == "relay");
            await PeerConnectionNatTests.DriveAsync(time, relayed);
            (string localType, _, string localAddress) = await PeerConnectionNatTests.SelectedAsync(pair.Offerer);
            Assert.Equal("relay", localType);
            Assert.Equal("198.51.100.1", localAddress);
        }
        else
        {
            Assert.Contains(restarted, c => c.Contains(" typ host", StringComparison.Ordinal));
        }

        long relayedBefore = turn.Statistics.RelayedToPeers;
        await PeerConnectionNatTests.EchoAsync(time, a, b);
        if (policy == IceTransportPolicy.Relay)
        {
            Assert.True(turn.Statistics.RelayedToPeers > relayedBefore, "the echo did not go through the relay");
        }
    }

    /// <summary>Polls <paramref name="probe"/> (each poll goes through the threads) until it satisfies <paramref name="done"/>.</summary>
    private static async Task UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        for (int i = 0; i < 100_000 && !done(await probe()); i++)
        {
            await Task.Yield();
        }
    }

    private static async Task<RtcSessionDescription> OfferOnceGatheredAsync(Net.PeerConnection pc)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RtcSessionDescription offer;
        do
        {
            await Task.Delay(10);
            offer = await pc.CreateOfferAsync();
        }
        while (!offer.Sdp.Contains("a=end-of-candidates", StringComparison.Ordinal) && clock.Elapsed < PeerPair.Timeout);

        return offer;
    }

    private static string Ufrag(string sdp) =>
        sdp.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];
}
