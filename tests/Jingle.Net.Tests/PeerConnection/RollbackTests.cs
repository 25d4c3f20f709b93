using System.Collections.Concurrent;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Rollback with transceivers (RFC 9429 §4.1.8.2, W3C "set the RTCSessionDescription" rollback steps): a rolled-back
/// remote offer removes the transceivers it created and gives pre-existing ones their state back, a rolled-back
/// local offer un-assigns the mids it gave, and negotiation afterwards works as if the offer had never been made.
/// </summary>
public sealed class RollbackTests
{
    private static readonly RtcSessionDescription Rollback = new(SdpType.Rollback, string.Empty);

    [Fact]
    public async Task RemoteOfferWithAudioAndVideo_RolledBack_RestoresTransceivers_ThenRenegotiationCarriesDataAndRtp()
    {
        await using var pair = new PeerPair();
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "s");
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        RtpTransceiver[] before = [.. pair.Answerer.GetTransceivers()];
        string?[] midsBefore = [.. before.Select(t => t.Mid)];
        RtpTransceiverDirection?[] currentBefore = [.. before.Select(t => t.CurrentDirection)];
        int remoteSectionsBefore = SessionDescription.Parse(pair.Answerer.RemoteDescription!.Sdp).Media.Count;
        Assert.Single(before);
        var tracks = new ConcurrentQueue<RtcTrackEventArgs>();
        pair.Answerer.Track += (_, e) => tracks.Enqueue(e);

        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "s");
        RtpSender video = pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Video), "s");
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        await pair.Answerer.SetRemoteDescriptionAsync(offer);
        RtpTransceiver[] created = [.. pair.Answerer.GetTransceivers().Except(before)];
        Assert.Equal([MediaKind.Audio, MediaKind.Video], created.Select(t => t.Kind));
        Assert.Equal(2, tracks.Count);
        MediaStream stream = tracks.First().Streams.Single();
        Assert.Equal(3, stream.GetTracks().Count);

        await pair.Answerer.SetRemoteDescriptionAsync(Rollback);

        Assert.Equal(SignalingState.Stable, pair.Answerer.SignalingState);
        Assert.Equal(before, pair.Answerer.GetTransceivers());
        Assert.Equal(midsBefore, pair.Answerer.GetTransceivers().Select(t => t.Mid));
        Assert.Equal(currentBefore, pair.Answerer.GetTransceivers().Select(t => t.CurrentDirection));
        Assert.All(created, t => Assert.Equal(MediaStreamTrackState.Ended, t.Receiver.Track.ReadyState));
        Assert.Equal([before[0].Receiver.Track], stream.GetTracks());
        Assert.Equal(2, tracks.Count);   // the rollback raises no Track events
        Assert.Equal(remoteSectionsBefore, SessionDescription.Parse(pair.Answerer.RemoteDescription!.Sdp).Media.Count);

        // The offerer rolls back too, then the same media is negotiated for real.
        await pair.Offerer.SetLocalDescriptionAsync(Rollback);
        await pair.NegotiateAsync();

        Assert.Equal(4, tracks.Count);
        Assert.Equal(3, pair.Answerer.GetTransceivers().Count);
        Assert.DoesNotContain(pair.Answerer.GetTransceivers(), t => created.Contains(t));
        RtpReceiver videoReceiver = tracks.Last(e => e.Track.Kind == MediaKind.Video).Receiver;
        var packets = new ConcurrentQueue<int>();
        videoReceiver.RtpPacketReceived += (_, e) => packets.Enqueue(e.PayloadType);
        Assert.True(await video.SendRtpAsync(new byte[40], 3000, marker: true));
        var deadline = DateTime.UtcNow + PeerPair.Timeout;
        while (packets.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "no RTP arrived after the renegotiation");
            await Task.Delay(10);
        }

        Assert.Equal(video.Codecs[0].PayloadType, packets.Single());
        var message = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += (_, m) => message.TrySetResult(m.Text);
        local.Send("after the rollback");
        Assert.Equal("after the rollback", await message.Task.WaitAsync(PeerPair.Timeout));
    }

    [Fact]
    public async Task LocalOfferRolledBack_UnassignsItsMids_AndTheReOfferHasTheSameMLines()
    {
        await using var pair = new PeerPair();
        await pair.ConnectWithChannelAsync();
        string localBefore = pair.Offerer.LocalDescription!.Sdp;
        RtpTransceiver audio = pair.Offerer.AddTransceiver(MediaKind.Audio);
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Video), "s");

        RtcSessionDescription first = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(first);
        Assert.All(pair.Offerer.GetTransceivers(), t => Assert.NotNull(t.Mid));
        await pair.Offerer.SetLocalDescriptionAsync(Rollback);

        Assert.Equal(SignalingState.Stable, pair.Offerer.SignalingState);
        Assert.All(pair.Offerer.GetTransceivers(), t => Assert.Null(t.Mid));
        Assert.Equal(["application"], SessionDescription.Parse(pair.Offerer.LocalDescription!.Sdp).Media.Select(m => m.Media));
        Assert.Equal(Sections(localBefore)[0], Sections(pair.Offerer.LocalDescription!.Sdp)[0]);

        RtcSessionDescription second = await pair.Offerer.CreateOfferAsync();
        Assert.Equal(Sections(first.Sdp), Sections(second.Sdp));
        Assert.Equal(["application", "audio", "video"], Sections(second.Sdp).Select(s => s.Media));
        await pair.Offerer.SetLocalDescriptionAsync(second);
        await pair.Answerer.SetRemoteDescriptionAsync(second);
        RtcSessionDescription answer = await pair.Answerer.CreateAnswerAsync();
        await pair.Answerer.SetLocalDescriptionAsync(answer);
        await pair.Offerer.SetRemoteDescriptionAsync(answer);
        Assert.Equal(RtpTransceiverDirection.SendOnly, audio.CurrentDirection);   // sendrecv offered, the answerer only receives
        Assert.Equal(Sections(second.Sdp).Select(s => s.Mid), pair.Answerer.GetTransceivers().Select(t => t.Mid).Prepend("0"));
    }

    [Fact]
    public async Task RemoteOfferRolledBack_TransceiverThatAddTrackAttachedTo_StaysWithoutMid()
    {
        await using var pair = new PeerPair();
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Video), "s");
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Answerer.SetRemoteDescriptionAsync(offer);
        RtpTransceiver created = pair.Answerer.GetTransceivers().Single();
        var track = new MediaStreamTrack(MediaKind.Video);
        RtpSender sender = pair.Answerer.AddTrack(track, "a");
        Assert.Same(created.Sender, sender);

        await pair.Answerer.SetLocalDescriptionAsync(Rollback);   // setLocalDescription(rollback) in have-remote-offer

        Assert.Same(created, pair.Answerer.GetTransceivers().Single());
        Assert.Null(created.Mid);
        Assert.Same(track, created.Sender.Track);
        Assert.Equal(RtpTransceiverDirection.SendRecv, created.Direction);
        Assert.Null(pair.Answerer.RemoteDescription);
    }

    [Fact]
    public async Task RemoteOfferInHaveLocalOffer_ImplicitRollback_FreesTheLocalOffersMidsBeforeApplying()
    {
        await using var pair = new PeerPair();
        RtpTransceiver audio = pair.Answerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "b").Transceiver(pair.Answerer);
        await pair.Answerer.SetLocalDescriptionAsync(await pair.Answerer.CreateOfferAsync());   // glare: audio takes mid 0
        Assert.Equal("0", audio.Mid);
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Video), "a");
        var track = new TaskCompletionSource<RtcTrackEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.Track += (_, e) => track.TrySetResult(e);

        await pair.NegotiateAsync();   // the peer's offer (video, mid 0) rolls the local offer back implicitly

        RtcTrackEventArgs e = await track.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(MediaKind.Video, e.Transceiver.Kind);
        Assert.Equal("0", e.Transceiver.Mid);
        Assert.Null(audio.Mid);
        Assert.Equal(["video"], SessionDescription.Parse(pair.Answerer.LocalDescription!.Sdp).Media.Select(m => m.Media));
        Assert.Equal(RtpTransceiverDirection.SendOnly, pair.Offerer.GetTransceivers().Single().CurrentDirection);
    }

    [Fact]
    public async Task RollbackInStable_IsInvalidState_AndChangesNothing()
    {
        await using var pair = new PeerPair();
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio), "s");
        await pair.NegotiateAsync();
        RtpTransceiver[] before = [.. pair.Offerer.GetTransceivers()];

        await Assert.ThrowsAsync<InvalidStateException>(() => pair.Offerer.SetLocalDescriptionAsync(Rollback));
        await Assert.ThrowsAsync<InvalidStateException>(() => pair.Offerer.SetRemoteDescriptionAsync(Rollback));

        Assert.Equal(SignalingState.Stable, pair.Offerer.SignalingState);
        Assert.Equal(before, pair.Offerer.GetTransceivers());
        Assert.Equal("0", before[0].Mid);
        Assert.NotNull(pair.Offerer.RemoteDescription);
    }

    /// <summary>Each m-section's media and mid, in m-line order.</summary>
    private static List<(string Media, string? Mid)> Sections(string sdp) =>
        [.. SessionDescription.Parse(sdp).Media.Select(m => (m.Media, m.Mid))];
}
