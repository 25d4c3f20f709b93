using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Rolling back a remote offer that restarted ICE (RFC 9429 §4.1.8.2): the previous remote ufrag/pwd go back into the
/// ICE channel, the next answer keeps our credentials, and the session carries on over the established pair.
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

    private static string Ufrag(string sdp)
    {
        const string Prefix = "a=ice-ufrag:";
        return sdp.Split("\r\n").First(l => l.StartsWith(Prefix, StringComparison.Ordinal))[Prefix.Length..];
    }
}
