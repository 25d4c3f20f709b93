using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>RtcConfiguration members beyond ICE servers: iceCandidatePoolSize, bundlePolicy.</summary>
public sealed class RtcConfigurationTests
{
    [Fact]
    public async Task CandidatePool_GathersBeforeAnyDescription_AndTheFirstOfferCarriesThePooledCandidates()
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection plain = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        await using Net.PeerConnection pooled = factory.CreatePeerConnection(new RtcConfiguration
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            IceCandidatePoolSize = 1,
        });
        var events = new List<string>();
        var gathering = new List<IceGatheringState>();
        pooled.IceCandidate += (_, e) => events.Add(e.Candidate.Candidate);
        pooled.IceGatheringStateChanged += (_, s) => gathering.Add(s);

        RtcSessionDescription offer = null!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(10);
            offer = await pooled.CreateOfferAsync();
        }
        while (!offer.Sdp.Contains("a=end-of-candidates", StringComparison.Ordinal) && clock.Elapsed < PeerPair.Timeout);

        string[] offered = CandidateLines(offer.Sdp);
        Assert.NotEmpty(offered);                                        // gathered before setLocalDescription
        Assert.Empty(await factory.SignalingThread.InvokeAsync(() => events.ToArray()));   // but not signaled yet
        Assert.Equal(IceGatheringState.New, pooled.IceGatheringState);
        Assert.Empty(CandidateLines((await plain.CreateOfferAsync()).Sdp));   // without a pool the first offer has none

        await pooled.SetLocalDescriptionAsync(offer);
        await factory.SignalingThread.InvokeAsync(() => { });   // the pooled events are posted behind the operation

        Assert.Equal(IceGatheringState.Complete, pooled.IceGatheringState);
        string[] raised = await factory.SignalingThread.InvokeAsync(() => events.ToArray());
        Assert.Equal(offered.Select(l => l["a=".Length..]), raised.Where(c => c.Length > 0));
        Assert.Equal(string.Empty, raised[^1]);   // end of candidates
        Assert.Equal([IceGatheringState.Gathering, IceGatheringState.Complete], await factory.SignalingThread.InvokeAsync(() => gathering.ToArray()));
        Assert.Equal(offered, CandidateLines(pooled.LocalDescription!.Sdp));
    }

    [Fact]
    public async Task CandidatePool_OnBothSides_Connects_AndTheAnswererTakesTheControlledRole()
    {
        await using var pair = new PeerPair(configuration: new RtcConfiguration
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            IceCandidatePoolSize = 2,
        });
        await Task.Delay(100);   // let both pools gather before any description
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();

        Task<List<DataChannelMessageEventArgs>> got = PeerConnectionLoopbackTests.Collect(remote, 1);
        local.Send("pooled");
        Assert.Equal("pooled", (await got.WaitAsync(PeerPair.Timeout))[0].Text);
        Assert.True(await pair.Factory.WorkerThread.InvokeAsync(() => pair.Answerer.Transport.Pooled));
        Assert.Equal(IceRole.Controlled, await pair.Factory.WorkerThread.InvokeAsync(() => pair.Answerer.Transport.Ice!.Role));
        Assert.Equal(IceRole.Controlling, await pair.Factory.WorkerThread.InvokeAsync(() => pair.Offerer.Transport.Ice!.Role));
        Assert.Empty(pair.TrickleErrors);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public async Task CandidatePoolSize_OutOfRange_Throws(int size)
    {
        await using var factory = new PeerConnectionFactory();
        Assert.Throws<ArgumentOutOfRangeException>(() => factory.CreatePeerConnection(new RtcConfiguration { IceCandidatePoolSize = size }));
    }

    /// <summary>Data channels need one transport under every policy: one BUNDLE group, one m-section, and it connects.</summary>
    [Theory]
    [InlineData(BundlePolicy.Balanced)]
    [InlineData(BundlePolicy.MaxCompat)]
    [InlineData(BundlePolicy.MaxBundle)]
    public async Task EveryBundlePolicy_OffersOneBundleGroup_AndConnects(BundlePolicy policy)
    {
        await using var pair = new PeerPair(configuration: new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback, BundlePolicy = policy });
        await pair.ConnectWithChannelAsync();

        foreach (string sdp in new[] { pair.Offerer.LocalDescription!.Sdp, pair.Answerer.LocalDescription!.Sdp })
        {
            Assert.Single(sdp.Split("\r\n"), l => l == "a=group:BUNDLE 0");
            Assert.Single(sdp.Split("\r\n"), l => l.StartsWith("m=", StringComparison.Ordinal));
        }

        Assert.Equal(PeerConnectionState.Connected, pair.Offerer.ConnectionState);
        Assert.Equal(RtcpMuxPolicy.Require, pair.Offerer.Configuration.RtcpMuxPolicy);
    }

    private static string[] CandidateLines(string sdp) =>
        [.. sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))];
}
