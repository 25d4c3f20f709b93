using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Provisional answers beyond the state machine (RFC 9429 §4.1.10.1, W3C "pranswer"): a pranswer starts ICE, DTLS
/// and SCTP, the channel opens on it, and the final answer replaces it without restarting anything.
/// </summary>
public sealed class PrAnswerTests
{
    [Fact]
    public async Task PrAnswer_StartsIceAndDtls_ChannelOpens_FinalAnswerReplacesIt()
    {
        await using var factory = new PeerConnectionFactory();
        var config = new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback };
        await using Net.PeerConnection offerer = factory.CreatePeerConnection(config);
        await using Net.PeerConnection answerer = factory.CreatePeerConnection(config);
        var remoteChannel = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        answerer.DataChannel += (_, c) => remoteChannel.TrySetResult(c);
        RtcDataChannel local = offerer.CreateDataChannel("pranswer");
        Task opened = PeerPair.WhenOpen(local);

        await offerer.SetLocalDescriptionAsync(await offerer.CreateOfferAsync());
        await AiortcPeerConnectionTests.WhenGatheredAsync(offerer);
        await answerer.SetRemoteDescriptionAsync(offerer.LocalDescription!);
        RtcSessionDescription provisional = await answerer.CreateAnswerAsync();
        await answerer.SetLocalDescriptionAsync(new RtcSessionDescription(SdpType.PrAnswer, provisional.Sdp));
        await AiortcPeerConnectionTests.WhenGatheredAsync(answerer);
        await offerer.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.PrAnswer, answerer.LocalDescription!.Sdp));

        Assert.Equal(SignalingState.HaveLocalPrAnswer, answerer.SignalingState);
        Assert.Equal(SignalingState.HaveRemotePrAnswer, offerer.SignalingState);
        await opened.WaitAsync(PeerPair.Timeout);   // ICE, DTLS and SCTP ran on the provisional answer
        RtcDataChannel remote = await remoteChannel.Task.WaitAsync(PeerPair.Timeout);
        await PeerPair.WhenOpen(remote).WaitAsync(PeerPair.Timeout);
        IPEndPoint? pairBefore = await factory.WorkerThread.InvokeAsync(() => offerer.Transport.Ice?.SelectedPair?.LocalCandidate.EndPoint);
        string ufragBefore = Ufrag(answerer.LocalDescription!.Sdp);
        Task<List<DataChannelMessageEventArgs>> first = PeerConnectionLoopbackTests.Collect(remote, 1);
        local.Send("on the pranswer");
        Assert.Equal("on the pranswer", (await first.WaitAsync(PeerPair.Timeout))[0].Text);

        RtcSessionDescription final = await answerer.CreateAnswerAsync();
        await answerer.SetLocalDescriptionAsync(final);
        await offerer.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answerer.LocalDescription!.Sdp));

        Assert.Equal(SignalingState.Stable, answerer.SignalingState);
        Assert.Equal(SignalingState.Stable, offerer.SignalingState);
        Assert.Equal(SdpType.Answer, offerer.RemoteDescription!.Type);
        Assert.Equal(SdpType.Answer, answerer.LocalDescription!.Type);
        Assert.Equal(ufragBefore, Ufrag(final.Sdp));   // the same ICE generation: nothing restarted
        Task<List<DataChannelMessageEventArgs>> second = PeerConnectionLoopbackTests.Collect(remote, 1);
        local.Send("after the final answer");
        Assert.Equal("after the final answer", (await second.WaitAsync(PeerPair.Timeout))[0].Text);
        Assert.Equal(pairBefore, await factory.WorkerThread.InvokeAsync(() => offerer.Transport.Ice?.SelectedPair?.LocalCandidate.EndPoint));
        Assert.Equal(PeerConnectionState.Connected, offerer.ConnectionState);
        Assert.Contains(answerer.IceConnectionState, new[] { IceTransportState.Connected, IceTransportState.Completed });
    }

    private static string Ufrag(string sdp) =>
        sdp.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];
}
