using Jingle.Net.Base.Networking;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;
using Jingle.Net.Tests.Sdp;

namespace Jingle.Net.Tests.Jsep;

/// <summary>
/// JSEP for transceivers (RFC 9429) on single PeerConnections: our offers' codecs and attributes, answers to real
/// Chromium / aiortc / Firefox offers with audio + video + data, directions, rejection only without a common codec.
/// </summary>
public sealed class MediaNegotiationTests : IAsyncLifetime
{
    private readonly PeerConnectionFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private Net.PeerConnection NewPeer() => _factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });

    [Fact]
    public async Task Offer_WithAudioVideoAndData_HasTheDefaultCodecsAndAttributes()
    {
        await using Net.PeerConnection pc = NewPeer();
        var audio = new MediaStreamTrack(MediaKind.Audio, "mic", "Microphone");
        var video = new MediaStreamTrack(MediaKind.Video, "cam", "Camera");
        pc.AddTrack(audio, "stream1");
        pc.AddTrack(video, "stream1");
        pc.CreateDataChannel("chat");

        SessionDescription offer = SessionDescription.Parse((await pc.CreateOfferAsync()).Sdp);

        Assert.Equal(["audio", "video", "application"], offer.Media.Select(m => m.Media));
        Assert.Equal(["0", "1", "2"], offer.Media.Select(m => m.Mid));
        Assert.Equal(["0", "1", "2"], offer.BundleGroups.Single().Mids);
        MediaDescription a = offer.Media[0];
        MediaDescription v = offer.Media[1];
        Assert.Equal(MediaDescription.UdpTlsRtpSavpf, a.Protocol);
        Assert.True(a.RtcpMux && a.RtcpRsize && v.RtcpMux && v.RtcpRsize);
        Assert.Equal(MediaDirection.SendRecv, a.Direction);

        RtpMapAttribute opus = a.RtpMaps.Single(r => r.EncodingName == "opus");
        Assert.Equal((48000, (int?)2), (opus.ClockRate, opus.Channels));
        Assert.Equal("minptime=10;useinbandfec=1", a.GetFmtp(opus.PayloadType)!.Parameters);
        Assert.Equal("0", a.Formats[1]);   // PCMU keeps its static payload type
        Assert.Equal("8", a.Formats[2]);   // PCMA
        Assert.Equal([48000, 8000], a.RtpMaps.Where(r => r.EncodingName == "telephone-event").Select(r => r.ClockRate));

        Assert.Equal(["VP8", "rtx", "VP9", "rtx", "H264", "rtx"], v.RtpMaps.Select(r => r.EncodingName));
        foreach (RtpMapAttribute rtx in v.RtpMaps.Where(r => r.EncodingName == "rtx"))
        {
            int apt = int.Parse(v.GetFmtp(rtx.PayloadType)!.GetParameter("apt")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotEqual("rtx", v.GetRtpMap(apt)!.EncodingName);
        }

        int h264 = v.RtpMaps.Single(r => r.EncodingName == "H264").PayloadType;
        Assert.Contains("packetization-mode=1", v.GetFmtp(h264)!.Parameters, StringComparison.Ordinal);
        Assert.Contains("profile-level-id=42e01f", v.GetFmtp(h264)!.Parameters, StringComparison.Ordinal);
        int vp8 = v.RtpMaps.Single(r => r.EncodingName == "VP8").PayloadType;
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
            v.RtcpFeedbacks.Where(f => f.PayloadType == vp8).Select(f => f.Parameter is null ? f.Type : f.Type + " " + f.Parameter));

        // One BUNDLE group: no payload type names two codecs (RFC 8843 §9.1).
        var ptToCodec = new Dictionary<int, string>();
        foreach (RtpMapAttribute map in offer.Media.SelectMany(m => m.RtpMaps))
        {
            Assert.True(!ptToCodec.TryGetValue(map.PayloadType, out string? codec) || codec == map.EncodingName, $"PT {map.PayloadType} collides");
            ptToCodec[map.PayloadType] = map.EncodingName;
        }

        Assert.Equal(["urn:ietf:params:rtp-hdrext:sdes:mid", "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"], v.ExtMaps.Select(e => e.Uri));
        Assert.Equal("stream1", a.Msids.Single().StreamId);
        Assert.Equal("mic", a.Msids.Single().TrackId);
        Assert.Equal("cam", v.Msids.Single().TrackId);
        RtpSender videoSender = pc.GetSenders().Single(s => s.Kind == MediaKind.Video);
        Assert.Equal([videoSender.Ssrc, videoSender.RtxSsrc!.Value], v.SsrcGroups.Single(g => g.Semantics == "FID").Ssrcs);
        Assert.Contains(a.Ssrcs, s => s.Attribute == "cname" && s.Ssrc == pc.GetSenders()[0].Ssrc);
        Assert.True(offer.Media[2].IsDataChannel);
    }

    [Fact]
    public async Task Answers_ChromiumAudioVideoDataOffer()
    {
        await using Net.PeerConnection pc = NewPeer();
        var tracks = new List<RtcTrackEventArgs>();
        pc.Track += (_, e) => tracks.Add(e);

        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, SdpSamples.Load("chromium-offer-audio-video-data.sdp")));
        SessionDescription answer = SessionDescription.Parse((await pc.CreateAnswerAsync()).Sdp);

        Assert.Equal(["0", "1", "2"], answer.BundleGroups.Single().Mids);
        MediaDescription a = answer.Media[0];
        MediaDescription v = answer.Media[1];
        Assert.All(answer.Media, m => Assert.NotEqual(0, m.Port));
        Assert.Equal(["111", "9", "0", "8", "110", "126"], a.Formats);   // opus, G722, PCMU, PCMA, DTMF; not red, not CN
        Assert.Equal("minptime=10;useinbandfec=1", a.GetFmtp(111)!.Parameters);
        Assert.Equal(MediaDirection.RecvOnly, a.Direction);   // no local track: the transceiver the offer created is recvonly
        Assert.Equal(MediaDirection.RecvOnly, v.Direction);

        // VP8 + rtx, VP9 profile 0 + rtx, H.264 constrained baseline packetization-mode 1 (42e01f) + rtx only.
        Assert.Equal(["96", "97", "109", "114", "98", "99"], v.Formats);
        Assert.Contains("profile-level-id=42e01f", v.GetFmtp(109)!.Parameters, StringComparison.Ordinal);
        Assert.Equal("apt=109", v.GetFmtp(114)!.Parameters);
        Assert.Contains(v.ExtMaps, e => e.Uri == MediaCodecs.MidExtension && e.Id == 4);   // the offer's id
        Assert.True(answer.Media[2].IsDataChannel);

        Assert.Equal(2, tracks.Count);
        Assert.Equal([MediaKind.Audio, MediaKind.Video], tracks.Select(t => t.Track.Kind));
        Assert.All(tracks, t => Assert.Equal("6bf46c69-7d2c-af82-eeea-cbe226e87555", t.Streams.Single().Id));
        Assert.Equal(["0", "1"], pc.GetTransceivers().Select(t => t.Mid));
    }

    [Fact]
    public async Task Answers_AiortcAudioVideoDataOffer()
    {
        await using Net.PeerConnection pc = NewPeer();
        int tracks = 0;
        pc.Track += (_, _) => tracks++;

        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, SdpSamples.Load("aiortc-offer-av-data.sdp")));
        RtcSessionDescription answerText = await pc.CreateAnswerAsync();
        await pc.SetLocalDescriptionAsync(answerText);
        SessionDescription answer = SessionDescription.Parse(answerText.Sdp);

        Assert.Equal(["96", "0", "8"], answer.Media[0].Formats);
        Assert.Equal(["97", "98", "101", "102"], answer.Media[1].Formats);   // VP8 + rtx, H.264 42e01f + rtx; not 42001f
        Assert.Equal(MediaDescription.DtlsSctp, answer.Media[2].Protocol);
        Assert.Equal(2, tracks);
        RtpTransceiver audio = pc.GetTransceivers()[0];
        Assert.Equal(RtpTransceiverDirection.RecvOnly, audio.CurrentDirection);
        Assert.Equal("audio/opus", audio.Receiver.Codecs[0].MimeType);
        Assert.Equal(96, audio.Receiver.Codecs[0].PayloadType);
        Assert.Equal([2708951379u], audio.Receiver.RemoteSsrcs);
    }

    [Fact]
    public async Task Answers_FirefoxAudioVideoDataOffer()
    {
        await using Net.PeerConnection pc = NewPeer();
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, SdpSamples.Load("firefox-offer-audio-video-data.sdp")));
        SessionDescription answer = SessionDescription.Parse((await pc.CreateAnswerAsync()).Sdp);

        Assert.All(answer.Media, m => Assert.NotEqual(0, m.Port));
        Assert.Contains(answer.Media[0].RtpMaps, r => r.EncodingName == "opus");
        Assert.Contains(answer.Media[1].RtpMaps, r => r.EncodingName == "VP8");
    }

    [Fact]
    public async Task Answer_RejectsOnlyTheSectionWithoutACommonCodec()
    {
        await using Net.PeerConnection offerer = NewPeer();
        offerer.AddTrack(new MediaStreamTrack(MediaKind.Audio));
        offerer.AddTrack(new MediaStreamTrack(MediaKind.Video));
        string sdp = (await offerer.CreateOfferAsync()).Sdp;

        // Leave the video section only a codec we do not have.
        SessionDescription offer = SessionDescription.Parse(sdp);
        MediaDescription video = offer.Media[1];
        video.Formats.Clear();
        video.Formats.Add("45");
        foreach (SdpAttribute attribute in video.Attributes.Where(x => x is RtpMapAttribute or FmtpAttribute or RtcpFeedbackAttribute).ToList())
        {
            video.Attributes.Remove(attribute);
        }

        video.Attributes.Add(new RtpMapAttribute(45, "H265", 90000));

        await using Net.PeerConnection answerer = NewPeer();
        await answerer.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer.ToString()));
        SessionDescription answer = SessionDescription.Parse((await answerer.CreateAnswerAsync()).Sdp);

        Assert.NotEqual(0, answer.Media[0].Port);
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal("1", answer.Media[1].Mid);
        Assert.Equal(["0"], answer.BundleGroups.Single().Mids);
    }

    [Theory]
    [InlineData(RtpTransceiverDirection.SendRecv, false, MediaDirection.RecvOnly)]
    [InlineData(RtpTransceiverDirection.SendRecv, true, MediaDirection.SendRecv)]
    [InlineData(RtpTransceiverDirection.SendOnly, true, MediaDirection.RecvOnly)]
    [InlineData(RtpTransceiverDirection.RecvOnly, true, MediaDirection.SendOnly)]
    [InlineData(RtpTransceiverDirection.RecvOnly, false, MediaDirection.Inactive)]
    [InlineData(RtpTransceiverDirection.Inactive, true, MediaDirection.Inactive)]
    public async Task AnswerDirection_FollowsJsep(RtpTransceiverDirection offered, bool answererHasTrack, MediaDirection expected)
    {
        await using Net.PeerConnection offerer = NewPeer();
        offerer.AddTransceiver(new MediaStreamTrack(MediaKind.Audio), new RtpTransceiverInit { Direction = offered });
        RtcSessionDescription offer = await offerer.CreateOfferAsync();

        await using Net.PeerConnection answerer = NewPeer();
        int tracks = 0;
        answerer.Track += (_, _) => tracks++;
        await answerer.SetRemoteDescriptionAsync(offer);
        if (answererHasTrack)
        {
            RtpSender sender = answerer.AddTrack(new MediaStreamTrack(MediaKind.Audio));
            Assert.Same(answerer.GetTransceivers().Single().Sender, sender);   // reuses the transceiver the offer created
        }

        SessionDescription answer = SessionDescription.Parse((await answerer.CreateAnswerAsync()).Sdp);

        Assert.Equal(expected, answer.Media[0].Direction);
        Assert.Equal(offered is RtpTransceiverDirection.SendRecv or RtpTransceiverDirection.SendOnly ? 1 : 0, tracks);
        Assert.Equal(expected.Sends(), answer.Media[0].Ssrcs.Any());
    }

    [Theory]
    [InlineData("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", true)]
    [InlineData("packetization-mode=1;profile-level-id=4d001f", false)]   // main
    [InlineData("packetization-mode=1;profile-level-id=42001f", false)]   // baseline without constraint_set1
    [InlineData("packetization-mode=0;profile-level-id=42e01f", false)]
    [InlineData("profile-level-id=42e01f", false)]                        // packetization-mode defaults to 0
    [InlineData("packetization-mode=1;profile-level-id=4d801f", true)]   // main with constraint_set0 = constrained baseline
    [InlineData("packetization-mode=1;profile-level-id=zz", false)]
    public void H264_MatchesOnlyConstrainedBaselineMode1(string fmtp, bool matches) =>
        Assert.Equal(matches, SdpOfferAnswer.FmtpMatches(MediaCodecs.H264ConstrainedBaseline, fmtp));

    [Theory]
    [InlineData(null, true)]
    [InlineData("profile-id=0", true)]
    [InlineData("profile-id=2", false)]
    public void Vp9_MatchesProfile0(string? fmtp, bool matches) =>
        Assert.Equal(matches, SdpOfferAnswer.FmtpMatches(MediaCodecs.Vp9, fmtp));
}
