using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Transceivers between two of our PeerConnections over real loopback UDP: audio + video + data negotiated in one
/// BUNDLE, directions and currentDirection, the Track event, RemoveTrack and Stop renegotiations, m-line reuse.
/// </summary>
public sealed class TransceiverTests
{
    [Fact]
    public async Task AudioVideoData_Negotiate_TrackFiresOncePerRemoteTrack_OnSignalingThread()
    {
        await using var pair = new PeerPair();
        var tracks = new List<RtcTrackEventArgs>();
        bool onSignaling = true;
        pair.Answerer.Track += (_, e) =>
        {
            onSignaling &= pair.Factory.SignalingThread.IsCurrent;
            tracks.Add(e);
        };
        int negotiationNeeded = 0;
        pair.Offerer.NegotiationNeeded += (_, _) => negotiationNeeded++;
        var mic = new MediaStreamTrack(MediaKind.Audio, "mic");
        var cam = new MediaStreamTrack(MediaKind.Video, "cam");
        RtpSender audioSender = pair.Offerer.AddTrack(mic, "s");
        pair.Offerer.AddTrack(cam, "s");

        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();

        Assert.True(negotiationNeeded >= 1);
        Assert.True(onSignaling);
        Assert.Equal(2, tracks.Count);
        Assert.Equal([MediaKind.Audio, MediaKind.Video], tracks.Select(t => t.Track.Kind));
        Assert.All(tracks, t => Assert.Equal("s", t.Streams.Single().Id));
        Assert.Equal(2, tracks[0].Streams[0].GetTracks().Count);
        Assert.Equal(["0", "1"], pair.Answerer.GetTransceivers().Select(t => t.Mid));
        Assert.Equal(["0", "1"], pair.Offerer.GetTransceivers().Select(t => t.Mid));
        Assert.All(pair.Offerer.GetTransceivers(), t => Assert.Equal(RtpTransceiverDirection.SendOnly, t.CurrentDirection));
        Assert.All(pair.Answerer.GetTransceivers(), t => Assert.Equal(RtpTransceiverDirection.RecvOnly, t.CurrentDirection));
        Assert.Same(tracks[0].Receiver, pair.Answerer.GetTransceivers()[0].Receiver);
        Assert.Equal("audio/opus", audioSender.Codecs[0].MimeType);
        Assert.Equal(audioSender.Codecs.Select(c => c.PayloadType), pair.Answerer.GetReceivers()[0].Codecs.Select(c => c.PayloadType));
        Assert.Equal("chat", remote.Label);
        Assert.Equal(["0", "1", "2"], SessionDescription.Parse(pair.Answerer.LocalDescription!.Sdp).BundleGroups.Single().Mids);

        // Nothing changed: a second round raises no Track event and keeps the m-lines.
        await pair.NegotiateAsync();
        Assert.Equal(2, tracks.Count);
        Assert.Equal(3, SessionDescription.Parse(pair.Offerer.LocalDescription!.Sdp).Media.Count);
    }

    [Fact]
    public async Task AnswererAddsTrack_SendRecvBothWays_TrackOnBothSides()
    {
        await using var pair = new PeerPair();
        int offererTracks = 0;
        int answererTracks = 0;
        pair.Offerer.Track += (_, _) => offererTracks++;
        pair.Answerer.Track += (_, _) => answererTracks++;
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio));

        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        await pair.Answerer.SetRemoteDescriptionAsync(offer);
        pair.Answerer.AddTrack(new MediaStreamTrack(MediaKind.Audio));
        RtcSessionDescription answer = await pair.Answerer.CreateAnswerAsync();
        await pair.Answerer.SetLocalDescriptionAsync(answer);
        await pair.Offerer.SetRemoteDescriptionAsync(answer);

        Assert.Equal(1, offererTracks);
        Assert.Equal(1, answererTracks);
        Assert.Single(pair.Answerer.GetTransceivers());
        Assert.Equal(RtpTransceiverDirection.SendRecv, pair.Offerer.GetTransceivers()[0].CurrentDirection);
        Assert.Equal(RtpTransceiverDirection.SendRecv, pair.Answerer.GetTransceivers()[0].CurrentDirection);
    }

    [Fact]
    public async Task RemoveTrack_RaisesNegotiationNeeded_AndRenegotiatesToRecvOnly()
    {
        await using var pair = new PeerPair();
        RtpSender sender = pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio));
        pair.Answerer.Track += (_, _) => { };
        await pair.NegotiateAsync();
        var needed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Offerer.NegotiationNeeded += (_, _) => needed.TrySetResult();

        pair.Offerer.RemoveTrack(sender);
        await needed.Task.WaitAsync(PeerPair.Timeout);
        Assert.Null(sender.Track);
        RtpTransceiver transceiver = pair.Offerer.GetTransceivers().Single();
        Assert.Equal(RtpTransceiverDirection.RecvOnly, transceiver.Direction);
        await pair.NegotiateAsync();

        SessionDescription offer = SessionDescription.Parse(pair.Offerer.LocalDescription!.Sdp);
        Assert.Equal(MediaDirection.RecvOnly, offer.Media[0].Direction);
        Assert.Empty(offer.Media[0].Ssrcs);
        Assert.Equal(RtpTransceiverDirection.Inactive, transceiver.CurrentDirection);
        Assert.Equal(RtpTransceiverDirection.Inactive, pair.Answerer.GetTransceivers().Single().CurrentDirection);
        Assert.False(await sender.SendRtpAsync(new byte[10], 0));
    }

    [Fact]
    public async Task NegotiationNeeded_AfterAddTransceiverAndDirectionChange_NotAfterCompletedNegotiation()
    {
        await using var pair = new PeerPair();
        int needed = 0;
        pair.Offerer.NegotiationNeeded += (_, _) => Interlocked.Increment(ref needed);
        RtpTransceiver t = pair.Offerer.AddTransceiver(MediaKind.Video, new RtpTransceiverInit { Direction = RtpTransceiverDirection.RecvOnly });
        await pair.Factory.SignalingThread.InvokeAsync(() => { });
        Assert.Equal(1, needed);

        await pair.NegotiateAsync();
        await pair.Factory.SignalingThread.InvokeAsync(() => { });
        Assert.Equal(1, needed);   // the deferred check after the answer found nothing left to negotiate
        Assert.Equal(RtpTransceiverDirection.Inactive, t.CurrentDirection);   // recvonly offered, the answerer has nothing to send

        t.Direction = RtpTransceiverDirection.SendRecv;
        await pair.Factory.SignalingThread.InvokeAsync(() => { });
        Assert.Equal(2, needed);
        t.Direction = RtpTransceiverDirection.SendRecv;   // no change, no event
        await pair.Factory.SignalingThread.InvokeAsync(() => { });
        Assert.Equal(2, needed);
    }

    [Fact]
    public async Task StoppedTransceiver_IsRejectedWithPort0_AndItsSlotIsReused()
    {
        await using var pair = new PeerPair();
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio));
        RtpTransceiver video = pair.Offerer.AddTransceiver(new MediaStreamTrack(MediaKind.Video));
        await pair.NegotiateAsync();
        RtpTransceiver remoteVideo = pair.Answerer.GetTransceivers()[1];

        video.Stop();
        Assert.Equal(RtpTransceiverDirection.Stopped, video.Direction);
        await pair.NegotiateAsync();

        SessionDescription offer = SessionDescription.Parse(pair.Offerer.LocalDescription!.Sdp);
        SessionDescription answer = SessionDescription.Parse(pair.Answerer.LocalDescription!.Sdp);
        Assert.Equal(0, offer.Media[1].Port);
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal(["0"], offer.BundleGroups.Single().Mids);
        Assert.True(video.IsStopped);
        Assert.True(remoteVideo.IsStopped);
        Assert.Equal(RtpTransceiverDirection.Stopped, remoteVideo.CurrentDirection);
        Assert.Single(pair.Offerer.GetTransceivers());
        Assert.Single(pair.Answerer.GetTransceivers());

        // A new transceiver takes the rejected m-line with a new mid (RFC 9429 §5.2.2).
        pair.Offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio));
        await pair.NegotiateAsync();
        offer = SessionDescription.Parse(pair.Offerer.LocalDescription!.Sdp);
        Assert.Equal(2, offer.Media.Count);
        Assert.Equal("audio", offer.Media[1].Media);
        Assert.NotEqual(0, offer.Media[1].Port);
        Assert.Equal(["0", "2"], offer.Media.Select(m => m.Mid));
        Assert.Equal(["0", "2"], pair.Answerer.GetTransceivers().Select(t => t.Mid));
    }

    [Fact]
    public async Task AddTrack_Validates()
    {
        await using var factory = new PeerConnectionFactory();
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration());
        var track = new MediaStreamTrack(MediaKind.Audio);
        RtpSender sender = pc.AddTrack(track);
        Assert.Throws<ArgumentException>(() => pc.AddTrack(track));
        Assert.Throws<ArgumentException>(() => pc.AddTransceiver(MediaKind.Audio, new RtpTransceiverInit { Direction = RtpTransceiverDirection.Stopped }));
        await Assert.ThrowsAsync<ArgumentException>(() => sender.ReplaceTrackAsync(new MediaStreamTrack(MediaKind.Video)));
        Assert.Throws<ArgumentException>(() => new MediaStreamTrack(MediaKind.Audio, "has space", string.Empty));
        Assert.Equal([sender], pc.GetSenders());
        Assert.Throws<ArgumentException>(() => pc.GetTransceivers()[0].Direction = RtpTransceiverDirection.Stopped);
    }
}
