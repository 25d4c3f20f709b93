using System.Globalization;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Trickled candidates of an ICE generation whose description is still in flight (RFC 8838 §11.4, RFC 9429 §5.9):
/// held, then applied with the description; bounded; and the errors that remain for unknown or earlier ufrags.
/// </summary>
public sealed class EarlyCandidateTests
{
    [Fact]
    public async Task AnswerersNewCandidates_OvertakingItsRestartAnswer_AreHeldThenApplied()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        int candidatesBefore = CandidateLines(pair.Offerer.RemoteDescription!.Sdp).Length;

        pair.Offerer.RestartIce();
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        await pair.Answerer.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await pair.Answerer.CreateAnswerAsync();
        Task answererGathered = NextGatheringCompleteAsync(pair.Answerer);
        int trickled = 0;   // new-generation candidates plus the end-of-candidates
        pair.Answerer.IceCandidate += (_, e) => Interlocked.Increment(ref trickled);
        await pair.Answerer.SetLocalDescriptionAsync(answer);   // its new candidates trickle to the offerer now...
        await answererGathered.WaitAsync(PeerPair.Timeout);
        Assert.DoesNotContain("a=candidate:", answer.Sdp, StringComparison.Ordinal);

        // ...which is still in have-local-offer: it holds them instead of rejecting them.
        int held = await PollAsync(pair.Offerer, pc => pc.EarlyCandidatesBuffered, n => n == Volatile.Read(ref trickled));
        Assert.True(held >= 2, $"{held} held");
        Assert.Equal(SignalingState.HaveLocalOffer, pair.Offerer.SignalingState);
        Assert.Empty(pair.TrickleErrors);
        Assert.Equal(candidatesBefore, CandidateLines(pair.Offerer.RemoteDescription!.Sdp).Length);

        await pair.Offerer.SetRemoteDescriptionAsync(answer);   // the answer (no candidates) arrives last
        long applied = await PollAsync(pair.Offerer, pc => pc.EarlyCandidatesApplied, n => n >= held);

        string[] lines = CandidateLines(pair.Offerer.RemoteDescription!.Sdp);
        Assert.Equal(held - 1, lines.Length);   // the new generation's candidates, all from the held ones
        Assert.Contains("a=end-of-candidates", pair.Offerer.RemoteDescription!.Sdp, StringComparison.Ordinal);
        Assert.Equal(held, applied);
        Assert.Equal(0, await pair.Offerer.SignalingThread.InvokeAsync(() => pair.Offerer.EarlyCandidatesBuffered));
        Assert.Equal(0, await pair.Offerer.SignalingThread.InvokeAsync(() => pair.Offerer.EarlyCandidatesDropped));
        Task<List<DataChannelMessageEventArgs>> after = PeerConnectionLoopbackTests.Collect(remote, 1);
        local.Send("after the restart");
        Assert.Equal("after the restart", (await after.WaitAsync(PeerPair.Timeout))[0].Text);
        Assert.Empty(pair.TrickleErrors);
    }

    [Fact]
    public async Task EarlyCandidates_BeyondTheBound_AreDropped_AndUnclaimedOnesDroppedWhenTheAnswerComes()
    {
        await using var pair = new PeerPair();
        await pair.ConnectWithChannelAsync();
        pair.Offerer.RestartIce();
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        int total = Net.PeerConnection.MaxEarlyCandidates + 5;
        for (int i = 0; i < total; i++)
        {
            await pair.Offerer.AddIceCandidateAsync(Candidate(40000 + i, "future"));   // completes: held or dropped
        }

        Assert.Equal(Net.PeerConnection.MaxEarlyCandidates, await pair.Offerer.SignalingThread.InvokeAsync(() => pair.Offerer.EarlyCandidatesBuffered));
        Assert.Equal(5, await pair.Offerer.SignalingThread.InvokeAsync(() => pair.Offerer.EarlyCandidatesDropped));

        // The answer carries another ufrag than "future": nothing is applied, everything held is dropped.
        await pair.Answerer.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await pair.Answerer.CreateAnswerAsync();
        await pair.Offerer.SetRemoteDescriptionAsync(answer);
        long dropped = await PollAsync(pair.Offerer, pc => pc.EarlyCandidatesDropped, n => n == total);

        Assert.Equal(total, dropped);
        Assert.Equal(0, await pair.Offerer.SignalingThread.InvokeAsync(() => pair.Offerer.EarlyCandidatesApplied));
        Assert.DoesNotContain(" 40000 typ host", pair.Offerer.RemoteDescription!.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOrEarlierUfrag_WhenNoDescriptionIsDue_IsRejected()
    {
        await using var pair = new PeerPair();
        await pair.ConnectWithChannelAsync();
        string oldOffererUfrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        pair.Offerer.RestartIce();
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Answerer.SetRemoteDescriptionAsync(offer);   // the answerer has the offer: nothing more is due

        Assert.Equal(SignalingState.HaveRemoteOffer, pair.Answerer.SignalingState);
        RtcOperationException unknown = await Assert.ThrowsAsync<RtcOperationException>(() =>
            pair.Answerer.AddIceCandidateAsync(Candidate(40001, "nosuchufrag")));
        Assert.Contains("nosuchufrag", unknown.Message, StringComparison.Ordinal);
        RtcOperationException earlier = await Assert.ThrowsAsync<RtcOperationException>(() =>
            pair.Answerer.AddIceCandidateAsync(Candidate(40002, oldOffererUfrag)));
        Assert.Contains("earlier ICE generation", earlier.Message, StringComparison.Ordinal);

        // A candidate of the current generation (or without a ufrag) still applies at once.
        await pair.Answerer.AddIceCandidateAsync(Candidate(40003, Ufrag(offer.Sdp)));
        await pair.Answerer.AddIceCandidateAsync(Candidate(40004, null) with { SdpMid = "0" });
        Assert.Contains(" 40003 typ host", pair.Answerer.RemoteDescription!.Sdp, StringComparison.Ordinal);
        Assert.Contains(" 40004 typ host", pair.Answerer.RemoteDescription!.Sdp, StringComparison.Ordinal);
        Assert.Equal(0, await pair.Answerer.SignalingThread.InvokeAsync(() => pair.Answerer.EarlyCandidatesBuffered));
    }

    [Fact]
    public async Task NoRemoteDescription_StillInvalidState()
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration());
        await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());

        await Assert.ThrowsAsync<InvalidStateException>(() => pc.AddIceCandidateAsync(Candidate(40005, "whatever")));
    }

    private static RtcIceCandidateInit Candidate(int port, string? ufrag) =>
        new(string.Create(CultureInfo.InvariantCulture, $"candidate:9 1 udp 2130706431 127.0.0.1 {port} typ host"), "0", 0, ufrag);

    private static async Task<T> PollAsync<T>(Net.PeerConnection pc, Func<Net.PeerConnection, T> read, Func<T, bool> done)
    {
        T value = default!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < PeerPair.Timeout)
        {
            value = await pc.SignalingThread.InvokeAsync(() => read(pc));
            if (done(value))
            {
                return value;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"still {value}");
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

    private static string[] CandidateLines(string sdp) =>
        [.. sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))];

    private static string Ufrag(string sdp) =>
        sdp.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];
}
