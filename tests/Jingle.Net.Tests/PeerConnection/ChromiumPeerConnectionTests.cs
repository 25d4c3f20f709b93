using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;
using Jingle.Net.Testing;
using Jingle.Net.Tests.Interop;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Our PeerConnection against headless Chromium (the <c>peers</c> harness: Playwright driving /usr/bin/chromium in a
/// loopback-only network namespace; our sockets are created in the same namespace). Same checks as with aiortc,
/// plus ICE restarts (ours and Chromium's) in the middle of a transfer.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class ChromiumPeerConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OursOffers_ChromiumAnswers_EchoesEveryMessage()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = ns.CreateEnvironment() });
        await AiortcPeerConnectionTests.OursOffersAsync(chromium, factory, () => string.Join('\n', chromium.Console));
    }

    [Fact]
    public async Task ChromiumOffers_OursAnswers_EchoesEveryMessage()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = ns.CreateEnvironment() });
        await AiortcPeerConnectionTests.OursAnswersAsync(chromium, factory);
    }

    /// <summary>
    /// 16 KiB chunks (paced at 4 MB/s, at most 1 MiB unanswered) go to Chromium, which echoes each; meanwhile we
    /// restart ICE (our offer, Chromium's re-answer), then Chromium restarts ICE (restartIce + createOffer
    /// iceRestart, our answer). After each restart both descriptions carry new ufrags, both sides select a pair of
    /// the new generation, and the transfer goes on: every chunk comes back once, in order, intact; the channel
    /// never leaves open.
    /// </summary>
    [Fact]
    public async Task IceRestartByUsThenByChromium_MidTransfer_EveryChunkEchoedInOrder()
    {
        const int Chunk = 16 * 1024;
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = ns.CreateEnvironment() });
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        RtcDataChannel channel = pc.CreateDataChannel("bulk");
        Task opened = PeerPair.WhenOpen(channel);
        var channelStates = new List<string>();
        channel.Closing += (_, _) => channelStates.Add("closing");
        channel.Closed += (_, _) => channelStates.Add("closed");
        await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
        await AiortcPeerConnectionTests.WhenGatheredAsync(pc);
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, await chromium.AnswerAsync(pc.LocalDescription!.Sdp)));
        await opened.WaitAsync(Timeout);

        Generation first = await CurrentGenerationAsync(pc, chromium, previous: null);
        var transfer = new SequencedEchoTransfer(channel, Chunk, window: 64, bytesPerSecond: 4_000_000, maxChunks: 4096);
        Task run = transfer.RunAsync(TimeSpan.FromSeconds(90));
        await transfer.WhenEchoedAsync(64, Timeout);

        // 1. We restart: our offer with new credentials (non-trickle: Chromium's page takes complete descriptions).
        int sentBefore = transfer.Sent;
        pc.RestartIce();
        RtcSessionDescription restartOffer = await pc.CreateOfferAsync();
        Task gathered = NextGatheringCompleteAsync(pc);
        await pc.SetLocalDescriptionAsync(restartOffer);
        await gathered.WaitAsync(Timeout);
        string reanswer = await chromium.ReanswerAsync(pc.LocalDescription!.Sdp);
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, reanswer));
        Generation second = await CurrentGenerationAsync(pc, chromium, first);
        Assert.True(transfer.Sent > sentBefore, "nothing was sent while our restart ran");

        // 2. Chromium restarts: restartIce() + createOffer({iceRestart: true}); we answer with new credentials too.
        await transfer.WhenEchoedAsync(transfer.Echoed + 64, Timeout);
        sentBefore = transfer.Sent;
        string chromiumOffer = await chromium.RestartIceAsync();
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, chromiumOffer));
        gathered = NextGatheringCompleteAsync(pc);
        await pc.SetLocalDescriptionAsync(await pc.CreateAnswerAsync());
        await gathered.WaitAsync(Timeout);
        await chromium.SetAnswerAsync(pc.LocalDescription!.Sdp);
        Generation third = await CurrentGenerationAsync(pc, chromium, second);
        Assert.True(transfer.Sent > sentBefore, "nothing was sent while Chromium's restart ran");

        // And data keeps flowing over the third generation's pair.
        await transfer.WhenEchoedAsync(transfer.Sent + 64, Timeout);
        transfer.Stop();
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(transfer.Errors);
        Assert.Equal(transfer.Sent, transfer.Echoed);
        Assert.True(transfer.EchoedBytes >= 2 * 1024 * 1024, $"only {transfer.EchoedBytes} bytes crossed");
        Assert.Equal(transfer.Sent, (await chromium.GetStatsAsync()).Messages);
        Assert.Equal(Sctp.DataChannels.DataChannelState.Open, channel.ReadyState);
        Assert.Empty(channelStates);
        Assert.Equal(PeerConnectionState.Connected, pc.ConnectionState);
        Assert.Equal("connected", (await chromium.GetStatsAsync()).State);
        Assert.Equal(3, new[] { first.OurUfrag, second.OurUfrag, third.OurUfrag }.Distinct().Count());
        Assert.Equal(3, new[] { first.ChromiumUfrag, second.ChromiumUfrag, third.ChromiumUfrag }.Distinct().Count());
    }

    /// <summary>Our ufrag, Chromium's ufrag and both selected pairs of the current ICE generation.</summary>
    private sealed record Generation(string OurUfrag, string ChromiumUfrag, IPEndPoint OurLocal, ChromiumSelectedPair ChromiumPair);

    /// <summary>
    /// Reads the generation in force, and when <paramref name="previous"/> is given checks it is a new one: both
    /// local descriptions and our remote description carry new ufrags, and both ends have selected a succeeded pair
    /// of the new generation (our side on new sockets, Chromium's local candidate with its new ufrag).
    /// </summary>
    private static async Task<Generation> CurrentGenerationAsync(Net.PeerConnection pc, ChromiumPeer chromium, Generation? previous)
    {
        string ours = Ufrag(pc.LocalDescription!.Sdp);
        string theirs = await chromium.GetLocalIceUfragAsync() ?? string.Empty;
        Assert.Equal(theirs, Ufrag(pc.RemoteDescription!.Sdp));
        if (previous is not null)
        {
            Assert.NotEqual(previous.OurUfrag, ours);
            Assert.NotEqual(previous.ChromiumUfrag, theirs);
        }

        IPEndPoint? ourLocal = null;
        ChromiumSelectedPair? chromiumPair = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            ourLocal = await pc.WorkerThread.InvokeAsync(() => pc.Transport.Ice?.SelectedPair?.LocalCandidate.EndPoint);
            chromiumPair = await chromium.GetSelectedPairAsync();
            bool oursNew = ourLocal is not null && (previous is null || !ourLocal.Equals(previous.OurLocal))
                && pc.IceConnectionState is IceTransportState.Connected or IceTransportState.Completed;
            bool theirsNew = chromiumPair is { State: "succeeded" } && chromiumPair.Ufrag == theirs
                && (previous is null || chromiumPair.Local != previous.ChromiumPair.Local);
            if (oursNew && theirsNew)
            {
                return new Generation(ours, theirs, ourLocal!, chromiumPair!);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no pair of generation {ours}/{theirs}: ours {ourLocal} (ice {pc.IceConnectionState}), Chromium {chromiumPair}; "
            + string.Join('\n', chromium.Console));
    }

    private static Task NextGatheringCompleteAsync(Net.PeerConnection pc)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool gathering = false;
        pc.IceGatheringStateChanged += (_, s) =>
        {
            gathering |= s == IceGatheringState.Gathering;
            if (gathering && s == IceGatheringState.Complete)
            {
                done.TrySetResult();
            }
        };
        return done.Task;
    }

    private static string Ufrag(string sdp) =>
        sdp.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];
}
