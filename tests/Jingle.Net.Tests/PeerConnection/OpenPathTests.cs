using Jingle.Net.Base.Threading;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// The description operations hand their transport work to the worker without waiting for it: they resolve while the
/// worker is busy, the worker still applies the steps in call order before anything queued later, W3C errors still
/// reject the call that caused them, and a step that throws on the worker fails the connection.
/// </summary>
public sealed class OpenPathTests
{
    [Fact]
    public async Task DescriptionOperations_Resolve_WhileTheWorkerIsBusy_ThenTheChannelOpens()
    {
        await using var offererFactory = new PeerConnectionFactory();
        await using var answererFactory = new PeerConnectionFactory();
        await using var pair = new PeerPair(offererFactory, answererFactory, null);
        RtcDataChannel channel = pair.Offerer.CreateDataChannel("busy");
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += (_, _) => opened.TrySetResult();
        using var release = new ManualResetEventSlim(false);
        using var blocked = new CountdownEvent(2);
        foreach (RtcThread worker in new[] { offererFactory.WorkerThread, answererFactory.WorkerThread })
        {
            worker.Post(() =>
            {
                blocked.Signal();
                release.Wait(PeerPair.Timeout);
            });
        }

        Assert.True(blocked.Wait(PeerPair.Timeout));
        try
        {
            // Every step of the exchange completes while both workers are stuck: none waits for a worker round trip.
            await pair.NegotiateAsync().WaitAsync(PeerPair.Timeout);
            Assert.Equal(SignalingState.Stable, pair.Offerer.SignalingState);
            Assert.Equal(SignalingState.Stable, pair.Answerer.SignalingState);
        }
        finally
        {
            release.Set();
        }

        await opened.Task.WaitAsync(PeerPair.Timeout);
        Assert.Empty(pair.TrickleErrors);
        Assert.Equal(0L, await offererFactory.SignalingThread.InvokeAsync(() => pair.Offerer.TransportStepFailures));
    }

    [Fact]
    public async Task TransportSteps_RunInCallOrder_BeforeWorkQueuedAfterTheOperation()
    {
        await using var pair = new PeerPair();
        pair.Offerer.CreateDataChannel("order");
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        var states = new List<(SignalingState State, bool OnSignaling)>();
        pair.Answerer.SignalingStateChanged += (_, s) => states.Add((s, pair.Factory.SignalingThread.IsCurrent));

        // Issued back to back without awaiting: the chain runs them in call order, each sees its predecessor's result.
        Task setRemote = pair.Answerer.SetRemoteDescriptionAsync(offer);
        Task<RtcSessionDescription> answer = pair.Answerer.CreateAnswerAsync();
        Task setLocal = pair.Answerer.SetLocalDescriptionAsync();
        await Task.WhenAll(setRemote, answer, setLocal).WaitAsync(PeerPair.Timeout);

        Assert.Equal([(SignalingState.HaveRemoteOffer, true), (SignalingState.Stable, true)], states);
        Assert.Contains("a=setup:active", (await answer).Sdp, StringComparison.Ordinal);

        // Anything queued on the worker after the operations resolved sees their steps applied: the ICE channel in
        // the answerer's role, and DTLS started (client: the answer's a=setup:active against the offer's actpass).
        (IceRole? role, Ice.Dtls.DtlsRole? dtlsRole) = await pair.Factory.WorkerThread.InvokeAsync(() =>
            (pair.Answerer.Transport.Ice?.Role, pair.Answerer.Transport.Dtls?.Role));
        Assert.Equal(IceRole.Controlled, role);
        Assert.Equal(Ice.Dtls.DtlsRole.Client, dtlsRole);
    }

    [Fact]
    public async Task MalformedCandidate_RejectsTheAddIceCandidateCall()
    {
        await using var pair = new PeerPair();
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Answerer.SetRemoteDescriptionAsync(offer);

        await Assert.ThrowsAsync<RtcOperationException>(() =>
            pair.Answerer.AddIceCandidateAsync(new RtcIceCandidateInit("candidate:1 1 udp notanumber 127.0.0.1 9 typ host", "0", 0)));
        await pair.Answerer.AddIceCandidateAsync(new RtcIceCandidateInit("candidate:1 1 udp 2130706431 127.0.0.1 9 typ host", "0", 0));
        Assert.Equal(0L, await pair.Factory.SignalingThread.InvokeAsync(() => pair.Answerer.TransportStepFailures));
    }

    [Fact]
    public async Task TransportStepThatThrows_FailsTheConnection_OnTheSignalingThread()
    {
        await using var pair = new PeerPair();
        var failed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Offerer.ConnectionStateChanged += (_, s) =>
        {
            if (s == PeerConnectionState.Failed)
            {
                failed.TrySetResult(pair.Factory.SignalingThread.IsCurrent);
            }
        };

        await pair.Factory.SignalingThread.InvokeAsync(() => pair.Offerer.RunOnWorker(_ => throw new InvalidOperationException("step")));

        Assert.True(await failed.Task.WaitAsync(PeerPair.Timeout));
        Assert.Equal(PeerConnectionState.Failed, pair.Offerer.ConnectionState);
        Assert.Equal(1L, await pair.Factory.SignalingThread.InvokeAsync(() => pair.Offerer.TransportStepFailures));
        Assert.True(await pair.Factory.WorkerThread.InvokeAsync(() => true));   // the worker keeps running
        Assert.Equal(PeerConnectionState.New, pair.Answerer.ConnectionState);
    }
}
