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

    [Fact]
    public async Task Answerer_BindsItsPortsOnTheRemoteOffer_ButSignalsAndChecksOnlyWithItsAnswer()
    {
        await using var pair = new PeerPair();
        Net.PeerConnection answerer = pair.Answerer;
        RtcThread worker = pair.Factory.WorkerThread;
        pair.Offerer.CreateDataChannel("early");
        var offerGathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Offerer.IceGatheringStateChanged += (_, s) =>
        {
            if (s == IceGatheringState.Complete)
            {
                offerGathered.TrySetResult();
            }
        };
        var events = new List<string>();
        answerer.IceGatheringStateChanged += (_, s) => events.Add("gathering " + s);
        answerer.IceCandidate += (_, e) => events.Add(e.Candidate.IsEndOfCandidates ? "end" : "candidate");
        await pair.Offerer.SetLocalDescriptionAsync();
        await offerGathered.Task.WaitAsync(PeerPair.Timeout);

        // The offer carries every offerer candidate: were the answerer's checklist running, it would check them now.
        await answerer.SetRemoteDescriptionAsync(pair.Offerer.LocalDescription!);
        var gathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await worker.InvokeAsync(() =>
        {
            Ice.Channel.P2PTransportChannel ice = answerer.Transport.Ice!;
            ice.GatheringStateChanged += (_, s) =>
            {
                if (s == IceGatheringState.Complete)
                {
                    gathered.TrySetResult();
                }
            };
            if (ice.GatheringState == IceGatheringState.Complete)
            {
                gathered.TrySetResult();
            }
        });
        await gathered.Task.WaitAsync(PeerPair.Timeout);

        Ice.Channel.IceTransportStats before = await worker.InvokeAsync(() => answerer.Transport.Ice!.GetStats());
        Assert.True(await worker.InvokeAsync(() => answerer.Transport.GatheredOnRemoteOffer));
        Assert.Empty(before.Pairs);   // no pair, so no check: the remote candidates wait for the local answer
        Assert.Empty(await pair.Factory.SignalingThread.InvokeAsync(() => events.ToArray()));
        Assert.Equal(IceGatheringState.New, answerer.IceGatheringState);

        RtcSessionDescription answer = await answerer.CreateAnswerAsync();
        string[] answered = [.. answer.Sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))];
        Assert.NotEmpty(answered);   // what was gathered rides in the answer
        Assert.Contains("a=end-of-candidates", answer.Sdp, StringComparison.Ordinal);

        await answerer.SetLocalDescriptionAsync(answer);
        await pair.Offerer.SetRemoteDescriptionAsync(answer);
        await pair.Factory.SignalingThread.InvokeAsync(() => { });   // the held events are posted behind the operation
        string[] raised = await pair.Factory.SignalingThread.InvokeAsync(() => events.ToArray());
        Assert.Equal(["gathering Gathering", .. answered.Select(_ => "candidate"), "gathering Complete", "end"], raised);
        Assert.NotEmpty(await worker.InvokeAsync(() => answerer.Transport.Ice!.GetStats().Pairs));
        await pair.RemoteChannel.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(PeerConnectionState.Connected, await WhenConnected(answerer));
    }

    private static async Task<PeerConnectionState> WhenConnected(Net.PeerConnection pc)
    {
        var connected = new TaskCompletionSource<PeerConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await pc.SignalingThread.InvokeAsync(() =>
        {
            pc.ConnectionStateChanged += (_, s) =>
            {
                if (s is PeerConnectionState.Connected or PeerConnectionState.Failed)
                {
                    connected.TrySetResult(s);
                }
            };
            if (pc.ConnectionState == PeerConnectionState.Connected)
            {
                connected.TrySetResult(PeerConnectionState.Connected);
            }
        });

        return await connected.Task.WaitAsync(PeerPair.Timeout);
    }
}
