using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Configuration;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Jsep;
using Jingle.Net.Testing;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Rolling back an offer that restarted ICE (RFC 9429 §4.1.8.2). A remote one: the previous remote ufrag/pwd go back
/// into the ICE channel, the next answer keeps our credentials, and the session carries on over the established pair.
/// A local one (explicitly, or implicitly by the peer's offer in glare): our previous ufrag/pwd and candidates come
/// back, the restart's generation goes without another candidate signaled, the established pair stays selected, the
/// next offer keeps the credentials, and a later restart still works.
/// </summary>
public sealed class IceRestartRollbackTests
{
    private static readonly RtcSessionDescription Rollback = new(SdpType.Rollback, string.Empty);

    [Fact]
    public async Task RolledBackRemoteRestartOffer_RestoresRemoteCredentials_NextAnswerKeepsOurs()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        string offererUfrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        string answererUfrag = Ufrag(pair.Answerer.LocalDescription!.Sdp);
        RtcSessionDescription stableOffer = pair.Offerer.LocalDescription!;

        RtcSessionDescription restart = await pair.Offerer.CreateOfferAsync(new RtcOfferOptions { IceRestart = true });
        Assert.NotEqual(offererUfrag, Ufrag(restart.Sdp));
        await pair.Answerer.SetRemoteDescriptionAsync(restart);
        await pair.Answerer.SetRemoteDescriptionAsync(Rollback);

        Assert.Equal(SignalingState.Stable, pair.Answerer.SignalingState);
        Assert.Equal(offererUfrag, Ufrag(pair.Answerer.RemoteDescription!.Sdp));

        // The same (non-restart) offer again: no ICE restart left over from the rolled-back one.
        await pair.Answerer.SetRemoteDescriptionAsync(stableOffer);
        RtcSessionDescription answer = await pair.Answerer.CreateAnswerAsync();
        Assert.Equal(answererUfrag, Ufrag(answer.Sdp));
        await pair.Answerer.SetLocalDescriptionAsync(answer);
        Assert.Equal(SignalingState.Stable, pair.Answerer.SignalingState);

        // The established pair still carries data both ways, checked with the restored credentials.
        Task<List<DataChannelMessageEventArgs>> atRemote = PeerConnectionLoopbackTests.Collect(remote, 1);
        Task<List<DataChannelMessageEventArgs>> atLocal = PeerConnectionLoopbackTests.Collect(local, 1);
        local.Send("after rollback");
        remote.Send("and back");
        Assert.Equal("after rollback", (await atRemote.WaitAsync(PeerPair.Timeout))[0].Text);
        Assert.Equal("and back", (await atLocal.WaitAsync(PeerPair.Timeout))[0].Text);
        RtcStatsReport report = await pair.Answerer.GetStatsAsync();
        RtcStats transport = Assert.Single(report.OfType("transport"));
        RtcStats selected = report[(string)transport["selectedCandidatePairId"]!];
        Assert.Equal(offererUfrag, report[(string)selected["remoteCandidateId"]!]["usernameFragment"]);
    }

    [Fact]
    public async Task RolledBackLocalRestartOffer_RestoresOurCredentials_PairStays_NextOfferKeepsThem_LaterRestartConnects()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        string ufrag = Ufrag(pair.Offerer.LocalDescription!.Sdp), pwd = Pwd(pair.Offerer.LocalDescription!.Sdp);
        string answererUfrag = Ufrag(pair.Answerer.LocalDescription!.Sdp);
        string[] candidates = Candidates(pair.Offerer.LocalDescription!.Sdp);
        Assert.NotEmpty(candidates);
        IPEndPoint selected = (await IceRestartTests.SelectedAsync(pair, pair.Offerer))!.LocalCandidate.EndPoint!;

        RtcSessionDescription restart = await pair.Offerer.CreateOfferAsync(new RtcOfferOptions { IceRestart = true });
        string restartUfrag = Ufrag(restart.Sdp);
        Assert.NotEqual(ufrag, restartUfrag);
        var signaled = new List<string>();
        var restartCandidate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Offerer.IceCandidate += (_, e) =>
        {
            lock (signaled)
            {
                signaled.Add(e.Candidate.UsernameFragment ?? string.Empty);
            }

            if (e.Candidate.UsernameFragment == restartUfrag && e.Candidate.Candidate.Length > 0)
            {
                restartCandidate.TrySetResult();
            }
        };
        await pair.Offerer.SetLocalDescriptionAsync(restart);
        Assert.Equal(restartUfrag, Ufrag(pair.Offerer.LocalDescription!.Sdp));
        await restartCandidate.Task.WaitAsync(PeerPair.Timeout);

        // The restart's pairs are checked (the peer answers checks even before it knows the ufrag), but while the
        // offer is unanswered they do not take over from the working pair.
        Assert.True(await IceRestartTests.PollAsync(async () => (await PairsAsync(pair, pair.Offerer)).Any(p => p.LocalCandidate.Ufrag == restartUfrag
            && p.WriteState == ConnectionWriteState.Writable)), "no writable pair of the restart: " + await pair.DescribeAsync());
        Assert.Equal(selected, (await IceRestartTests.SelectedAsync(pair, pair.Offerer))!.LocalCandidate.EndPoint);

        await pair.Offerer.SetLocalDescriptionAsync(Rollback);
        int signaledAtRollback;
        lock (signaled)
        {
            signaledAtRollback = signaled.Count;
        }

        Assert.Equal(SignalingState.Stable, pair.Offerer.SignalingState);
        Assert.Equal(ufrag, Ufrag(pair.Offerer.LocalDescription!.Sdp));
        Assert.Equal(pwd, Pwd(pair.Offerer.LocalDescription!.Sdp));
        Assert.Equal(IceGatheringState.Complete, pair.Offerer.IceGatheringState);
        (string? channelUfrag, IceCandidate[] gathered, CandidatePairStats[] pairs) = await pair.Factory.WorkerThread.InvokeAsync(() =>
            (pair.Offerer.Transport.Ice!.LocalParameters?.Ufrag, pair.Offerer.Transport.Ice.LocalCandidates.ToArray(),
                pair.Offerer.Transport.Ice.GetStats().Pairs.ToArray()));
        Assert.Equal(ufrag, channelUfrag);
        Assert.All(gathered, c => Assert.Equal(ufrag, c.Ufrag));   // the restart's ports are closed
        Assert.All(pairs, p => Assert.Equal(ufrag, p.LocalCandidate.Ufrag));
        Assert.Equal(selected, (await IceRestartTests.SelectedAsync(pair, pair.Offerer))!.LocalCandidate.EndPoint);   // the same pair

        await ExchangeAsync(local, remote, "after rollback");

        // The next offer (no restart asked) carries the restored credentials and candidates; negotiated, nothing restarts.
        RtcSessionDescription again = await pair.Offerer.CreateOfferAsync();
        Assert.Equal(ufrag, Ufrag(again.Sdp));
        Assert.Equal(pwd, Pwd(again.Sdp));
        Assert.Equal(candidates, Candidates(again.Sdp));
        await pair.Offerer.SetLocalDescriptionAsync(again);
        await pair.Answerer.SetRemoteDescriptionAsync(again);
        RtcSessionDescription answer = await pair.Answerer.CreateAnswerAsync();
        Assert.Equal(answererUfrag, Ufrag(answer.Sdp));
        await pair.Answerer.SetLocalDescriptionAsync(answer);
        await pair.Offerer.SetRemoteDescriptionAsync(answer);
        Assert.Equal(selected, (await IceRestartTests.SelectedAsync(pair, pair.Offerer))!.LocalCandidate.EndPoint);
        await ExchangeAsync(local, remote, "after the re-offer");
        lock (signaled)
        {
            Assert.DoesNotContain(restartUfrag, signaled.Skip(signaledAtRollback));   // nothing of the rolled-back generation
        }

        // A restart asked again gets new credentials and moves the session to its pair.
        pair.Offerer.RestartIce();
        RtcSessionDescription second = await pair.Offerer.CreateOfferAsync();
        string secondUfrag = Ufrag(second.Sdp);
        Assert.NotEqual(ufrag, secondUfrag);
        Assert.NotEqual(restartUfrag, secondUfrag);
        await pair.Answerer.SetRemoteDescriptionAsync(second);
        answer = await pair.Answerer.CreateAnswerAsync();
        await pair.Offerer.SetLocalDescriptionAsync(second);
        await pair.Offerer.SetRemoteDescriptionAsync(answer);
        await pair.Answerer.SetLocalDescriptionAsync(answer);
        Assert.True(await IceRestartTests.PollAsync(async () => (await IceRestartTests.SelectedAsync(pair, pair.Offerer))?.LocalCandidate is { } c
            && c.Ufrag == secondUfrag && !c.EndPoint!.Equals(selected)), "no pair of the new restart: " + await pair.DescribeAsync());
        await ExchangeAsync(local, remote, "after the second restart");
        Assert.Equal(PeerConnectionState.Connected, pair.Offerer.ConnectionState);
        Assert.Empty(pair.TrickleErrors);
    }

    [Fact]
    public async Task RolledBackLocalRestartOffer_WhileItsSrflxIsPending_ThatCandidateIsNeverSignaled()
    {
        await using var stun = new GatedStunServer();
        stun.Open();
        await using var pair = new PeerPair(configuration: new RtcConfiguration
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            IceServers = [new IceServer($"stun:127.0.0.1:{stun.Port}")],
        });
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        Assert.True(await IceRestartTests.PollAsync(() => Task.FromResult(pair.Offerer.IceGatheringState == IceGatheringState.Complete)));
        string ufrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        Assert.Contains(Candidates(pair.Offerer.LocalDescription!.Sdp), c => c.Contains(" typ srflx ", StringComparison.Ordinal));

        stun.Close();   // the restart's srflx stays pending
        var signaled = new List<string>();
        pair.Offerer.IceCandidate += (_, e) =>
        {
            lock (signaled)
            {
                signaled.Add(e.Candidate.UsernameFragment + " " + e.Candidate.Candidate);
            }
        };
        RtcSessionDescription restart = await pair.Offerer.CreateOfferAsync(new RtcOfferOptions { IceRestart = true });
        string restartUfrag = Ufrag(restart.Sdp);
        await pair.Offerer.SetLocalDescriptionAsync(restart);
        Assert.True(await IceRestartTests.PollAsync(() => Task.FromResult(stun.Held > 0)), "the restart sent no STUN request");
        Assert.Equal(IceGatheringState.Gathering, pair.Offerer.IceGatheringState);

        await pair.Offerer.SetLocalDescriptionAsync(Rollback);
        int signaledAtRollback;
        lock (signaled)
        {
            signaledAtRollback = signaled.Count;
            Assert.DoesNotContain(signaled, c => c.Contains(" typ srflx ", StringComparison.Ordinal));
        }

        Assert.Equal(IceGatheringState.Complete, pair.Offerer.IceGatheringState);   // the restored generation's
        stun.Open();   // the held request is answered now, to a port the rollback closed

        // A data round trip and a renegotiation later: nothing of the rolled-back generation came.
        await ExchangeAsync(local, remote, "after rollback");
        await pair.NegotiateAsync();
        Assert.Equal(ufrag, Ufrag(pair.Offerer.LocalDescription!.Sdp));
        await ExchangeAsync(local, remote, "after the re-offer");
        lock (signaled)
        {
            Assert.DoesNotContain(signaled.Skip(signaledAtRollback), c => c.StartsWith(restartUfrag + " ", StringComparison.Ordinal));
        }

        // Host candidates the worker had already posted when the rollback ran may reach the signaling thread after it:
        // they are dropped as stale (counted), which is the designed path; none may be signaled (asserted above).
        Assert.Empty(pair.TrickleErrors);
    }

    [Fact]
    public async Task GlareOfferRollsBackOurRestartOffer_OurAnswerKeepsTheEarlierCredentials_PairStays()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        string ufrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        IPEndPoint selected = (await IceRestartTests.SelectedAsync(pair, pair.Offerer))!.LocalCandidate.EndPoint!;

        RtcSessionDescription restart = await pair.Offerer.CreateOfferAsync(new RtcOfferOptions { IceRestart = true });
        await pair.Offerer.SetLocalDescriptionAsync(restart);
        RtcSessionDescription glare = await pair.Answerer.CreateOfferAsync();
        await pair.Answerer.SetLocalDescriptionAsync(glare);
        await pair.Offerer.SetRemoteDescriptionAsync(glare);   // implicit rollback of the restart offer
        RtcSessionDescription answer = await pair.Offerer.CreateAnswerAsync();
        Assert.Equal(ufrag, Ufrag(answer.Sdp));
        await pair.Offerer.SetLocalDescriptionAsync(answer);
        await pair.Answerer.SetRemoteDescriptionAsync(answer);

        Assert.Equal(SignalingState.Stable, pair.Offerer.SignalingState);
        Assert.Equal(ufrag, await pair.Factory.WorkerThread.InvokeAsync(() => pair.Offerer.Transport.Ice!.LocalParameters?.Ufrag));
        Assert.Equal(selected, (await IceRestartTests.SelectedAsync(pair, pair.Offerer))!.LocalCandidate.EndPoint);
        await ExchangeAsync(local, remote, "after glare");
        Assert.Empty(pair.TrickleErrors);
    }

    private static async Task ExchangeAsync(RtcDataChannel local, RtcDataChannel remote, string text)
    {
        Task<List<DataChannelMessageEventArgs>> atRemote = PeerConnectionLoopbackTests.Collect(remote, 1);
        Task<List<DataChannelMessageEventArgs>> atLocal = PeerConnectionLoopbackTests.Collect(local, 1);
        local.Send(text);
        remote.Send(text + " (back)");
        Assert.Equal(text, (await atRemote.WaitAsync(PeerPair.Timeout))[0].Text);
        Assert.Equal(text + " (back)", (await atLocal.WaitAsync(PeerPair.Timeout))[0].Text);
    }

    private static Task<CandidatePairStats[]> PairsAsync(PeerPair pair, Net.PeerConnection pc) =>
        pair.Factory.WorkerThread.InvokeAsync(() => pc.Transport.Ice!.GetStats().Pairs.ToArray());

    private static string Pwd(string sdp) => IceRestartTests.Pwd(sdp);

    private static string[] Candidates(string sdp) => [.. sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))];

    private static string Ufrag(string sdp) => IceRestartTests.Ufrag(sdp);
}
