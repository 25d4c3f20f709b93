using Jingle.Net.Jsep;
using Jingle.Net.Sdp;
using Jingle.Net.Tests.Sdp;

namespace Jingle.Net.Tests.Jsep;

public sealed class SdpOfferAnswerTests
{
    private const string Fingerprint =
        "6F:A2:28:AE:34:5D:C3:36:4B:92:B2:07:49:4D:A4:3A:D9:7C:2A:EF:60:D6:D2:9E:74:20:46:A2:22:AF:58:7F";

    private static readonly LocalTransportParameters Ours = new("ourU", "ourPasswordIs22CharsLng", [new DtlsFingerprint("sha-256", Fingerprint)])
    {
        Candidates = ["1 1 udp 2130706431 127.0.0.1 50000 typ host"],
        EndOfCandidates = true,
    };

    private static SessionDescription Answer(string sample, AnswerOptions? options = null) =>
        RoundTrip(SdpOfferAnswer.CreateAnswer(SessionDescription.Parse(SdpSamples.Load(sample)), options ?? new AnswerOptions(Ours)));

    /// <summary>Writes and re-reads, so every test also checks that what we build is valid SDP.</summary>
    private static SessionDescription RoundTrip(SessionDescription sdp) => SessionDescription.Parse(sdp.ToString());

    [Fact]
    public void DataChannelOffer_HasTheRfc8841Shape()
    {
        var options = new DataChannelOfferOptions(Ours) { SessionId = "4611731400430051336", SessionVersion = 2 };
        SessionDescription offer = RoundTrip(SdpOfferAnswer.CreateDataChannelOffer(options));
        Assert.Equal(("4611731400430051336", 2UL), (offer.Origin.SessionId, offer.Origin.SessionVersion));
        Assert.Equal(["0"], offer.BundleGroups.Single().Mids);
        MediaDescription m = Assert.Single(offer.Media);
        Assert.Equal("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", offer.ToString().Split("\r\n").Single(l => l.StartsWith("m=", StringComparison.Ordinal)));
        Assert.Equal(("0", "ourU", "ourPasswordIs22CharsLng"), (m.Mid, m.IceUfrag, m.IcePwd));
        Assert.Equal(SdpSetupRole.ActPass, m.Setup);
        Assert.True(m.IceOptions!.HasTrickle);
        Assert.Equal(Fingerprint, m.Fingerprints.Single().Fingerprint);
        Assert.Equal((5000, 262144UL), (m.SctpPort!.Value, m.MaxMessageSize!.Value));
        Assert.Equal("127.0.0.1", m.Candidates.Single().Value.Split(' ')[4]);
        Assert.True(m.EndOfCandidates);
        Assert.False(offer.IceLite);
        Assert.Equal("0.0.0.0", m.Connection!.Address);
    }

    [Fact]
    public void DataChannelOffer_IceLiteAndNoCandidates()
    {
        var transport = Ours with { IceLite = true, Candidates = [], EndOfCandidates = false, IceOptions = ["trickle", "renomination"] };
        SessionDescription offer = RoundTrip(SdpOfferAnswer.CreateDataChannelOffer(new DataChannelOfferOptions(transport) { Mid = "data" }));
        Assert.True(offer.IceLite);
        Assert.Empty(offer.Media[0].Candidates);
        Assert.False(offer.Media[0].EndOfCandidates);
        Assert.True(offer.Media[0].IceOptions!.HasRenomination);
        Assert.Equal("data", offer.Media[0].Mid);
    }

    [Fact]
    public void DataChannelOffer_RejectsAMalformedCandidate()
    {
        var transport = Ours with { Candidates = ["nonsense"] };
        Assert.Throws<ArgumentException>(() => SdpOfferAnswer.CreateDataChannelOffer(new DataChannelOfferOptions(transport)));
    }

    [Fact]
    public void AnswerToChromiumOffer_AudioVideoData()
    {
        SessionDescription answer = Answer("chromium-offer-audio-video-data.sdp");
        Assert.Equal(["0", "1", "2"], answer.BundleGroups.Single().Mids);
        Assert.True(answer.ExtmapAllowMixed);
        Assert.Equal(3, answer.Media.Count);
        Assert.All(answer.Media, m =>
        {
            Assert.Equal(9, m.Port);
            Assert.Equal(SdpSetupRole.Active, m.Setup);
            Assert.Equal(("ourU", "ourPasswordIs22CharsLng"), (m.IceUfrag, m.IcePwd));
            Assert.Equal(Fingerprint, m.Fingerprints.Single().Fingerprint);
        });

        MediaDescription audio = answer.Media[0];
        Assert.Equal(["111", "9", "0", "8", "110", "126"], audio.Formats); // red (63) and CN (13) are not supported
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(111)!.Parameters);
        Assert.Equal("transport-cc", audio.RtcpFeedbacks.Single().Type);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.Equal((4, "urn:ietf:params:rtp-hdrext:sdes:mid"), (audio.ExtMaps.Single().Id, audio.ExtMaps.Single().Uri));
        Assert.Single(audio.Candidates); // candidates on the BUNDLE tag only
        Assert.True(audio.EndOfCandidates);

        MediaDescription video = answer.Media[1];
        Assert.Equal(["96", "97"], video.Formats); // VP8 and its RTX; H264, AV1, VP9, red, ulpfec are not supported
        Assert.Equal("apt=96", video.GetFmtp(97)!.Parameters);
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
            video.RtcpFeedbacks.Select(f => f.Parameter is null ? f.Type : f.Type + " " + f.Parameter));
        Assert.Empty(video.Candidates);
        Assert.Equal(4, video.ExtMaps.Single().Id);

        MediaDescription data = answer.Media[2];
        Assert.Equal([MediaDescription.WebRtcDataChannel], data.Formats);
        Assert.Equal(MediaDescription.UdpDtlsSctp, data.Protocol);
        Assert.Equal((5000, 262144UL), (data.SctpPort!.Value, data.MaxMessageSize!.Value));
    }

    [Fact]
    public void AnswerToChromiumDataOffer_IsAcceptedByTheStateMachineAndExtractable()
    {
        SessionDescription offer = SessionDescription.Parse(SdpSamples.Load("chromium-offer-data.sdp"));
        SessionDescription answer = RoundTrip(SdpOfferAnswer.CreateAnswer(offer, new AnswerOptions(Ours)));
        RemoteTransport seenByChromium = Assert.Single(SdpOfferAnswer.GetRemoteTransports(answer));
        Assert.Equal(["0"], seenByChromium.Mids);
        Assert.Equal(SdpSetupRole.Active, seenByChromium.Setup);
        Assert.Equal(5000, seenByChromium.SctpPort);
        Assert.Empty(seenByChromium.GetMissing());
    }

    [Fact]
    public void AnswerToAiortcOffer_AudioVideoLegacyData()
    {
        SessionDescription answer = Answer("aiortc-offer-av-data.sdp");
        Assert.Equal(["0", "1", "2"], answer.BundleGroups.Single().Mids);
        Assert.Equal(["96", "0", "8"], answer.Media[0].Formats);
        Assert.Equal(("opus", 48000, (int?)2), (answer.Media[0].GetRtpMap(96)!.EncodingName, answer.Media[0].GetRtpMap(96)!.ClockRate,
            answer.Media[0].GetRtpMap(96)!.Channels));
        Assert.Equal(["97", "98"], answer.Media[1].Formats); // rtx 100/102 point at H264, which is not supported
        MediaDescription data = answer.Media[2];
        Assert.True(data.IsLegacyDataChannel);
        Assert.Equal(["5000"], data.Formats);
        SctpMapAttribute map = data.Attributes.Get<SctpMapAttribute>()!;
        Assert.Equal((5000, "webrtc-datachannel"), (map.Port, map.Protocol));
        Assert.Equal(SdpSetupRole.Active, data.Setup);
        Assert.False(answer.ExtmapAllowMixed);
    }

    [Fact]
    public void AnswerToFirefoxOffer_AcceptsBundleOnlySections()
    {
        SessionDescription answer = Answer("firefox-offer-audio-video-data.sdp");
        Assert.Equal(["0", "1", "2"], answer.BundleGroups.Single().Mids);
        Assert.All(answer.Media, m => Assert.Equal(9, m.Port));
        Assert.All(answer.Media, m => Assert.False(m.BundleOnly));
        Assert.Equal(["109", "9", "0", "8", "101"], answer.Media[0].Formats);
        Assert.Equal("0-15", answer.Media[0].GetFmtp(101)!.Parameters);
        Assert.Equal(["120", "124"], answer.Media[1].Formats);
        Assert.True(answer.Media[2].IsDataChannel);
    }

    [Fact]
    public void AnswerToLegacyLibwebrtcOffer()
    {
        SessionDescription answer = Answer("libwebrtc-legacy-offer.sdp");
        Assert.Equal(["audio", "data"], answer.BundleGroups.Single().Mids);
        Assert.Equal(["111", "9", "0", "8", "126"], answer.Media[0].Formats); // ISAC is not supported
        Assert.True(answer.Media[1].IsLegacyDataChannel);
    }

    [Fact]
    public void UnsupportedSections_AreRejectedWithPortZero_AndLeaveTheBundle()
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a b c d e f g\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:a\r\na=rtcp-mux\r\na=rtpmap:96 opus/48000/2\r\n" +
            "m=audio 9 RTP/AVP 0\r\na=mid:b\r\na=rtcp-mux\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 100\r\na=mid:c\r\na=rtcp-mux\r\na=rtpmap:100 H264/90000\r\n" +
            "m=text 9 UDP/TLS/RTP/SAVPF 98\r\na=mid:d\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:e\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:f\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:g\r\n" +
            "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\na=mid:h\r\na=rtcp-mux\r\n";
        SessionDescription answer = RoundTrip(SdpOfferAnswer.CreateAnswer(SessionDescription.Parse(text), new AnswerOptions(Ours)));
        Assert.Equal([9, 0, 0, 0, 0, 9, 0, 0], answer.Media.Select(m => m.Port));
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], answer.Media.Select(m => m.Mid));
        Assert.Equal(["a", "f"], answer.BundleGroups.Single().Mids);
        MediaDescription rejected = answer.Media[1];
        Assert.Equal(("audio", "RTP/AVP"), (rejected.Media, rejected.Protocol));
        Assert.Equal(["0"], rejected.Formats);
        Assert.Null(rejected.IceUfrag);
        Assert.Null(rejected.Setup);
        Assert.Equal(2, SdpOfferAnswer.GetRemoteTransports(answer).Single().Mids.Count);
    }

    [Fact]
    public void RtcpMux_NotRequired_AcceptsASectionWithoutIt()
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\n";
        SessionDescription answer = SdpOfferAnswer.CreateAnswer(SessionDescription.Parse(text), new AnswerOptions(Ours) { RequireRtcpMux = false });
        Assert.Equal(9, answer.Media[0].Port);
        Assert.False(answer.Media[0].RtcpMux);
        Assert.Empty(answer.BundleGroups);
        Assert.Single(answer.Media[0].Candidates); // not bundled: its own transport carries candidates
    }

    [Fact]
    public void MaxBundle_RejectsSectionsOutsideTheFirstGroup()
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:a\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:b\r\na=rtcp-mux\r\n";
        SessionDescription offer = SessionDescription.Parse(text);
        Assert.Equal([9, 9], SdpOfferAnswer.CreateAnswer(offer, new AnswerOptions(Ours)).Media.Select(m => m.Port));
        Assert.Equal([9, 0], SdpOfferAnswer.CreateAnswer(offer, new AnswerOptions(Ours) { MaxBundle = true }).Media.Select(m => m.Port));
    }

    [Fact]
    public void DataOnlyPeer_RejectsMedia()
    {
        SessionDescription answer = Answer("chromium-offer-audio-video-data.sdp", new AnswerOptions(Ours) { AcceptMedia = false });
        Assert.Equal([0, 0, 9], answer.Media.Select(m => m.Port));
        Assert.Equal(["2"], answer.BundleGroups.Single().Mids);
        Assert.Single(answer.Media[2].Candidates);
    }

    [Theory]
    [InlineData(SdpSetupRole.ActPass, SdpSetupRole.Active, SdpSetupRole.Active)]
    [InlineData(SdpSetupRole.ActPass, SdpSetupRole.Passive, SdpSetupRole.Passive)]
    [InlineData(SdpSetupRole.Active, SdpSetupRole.Active, SdpSetupRole.Passive)]
    [InlineData(SdpSetupRole.Passive, SdpSetupRole.Passive, SdpSetupRole.Active)]
    [InlineData(SdpSetupRole.HoldConn, SdpSetupRole.Active, SdpSetupRole.HoldConn)]
    public void AnswerSetup_Rfc8842(SdpSetupRole offered, SdpSetupRole preferred, SdpSetupRole expected)
    {
        Assert.Equal(expected, SdpOfferAnswer.AnswerSetup(offered, preferred));
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=setup:" +
            SetupAttribute.ToWireString(offered) + "\r\n";
        SessionDescription answer = SdpOfferAnswer.CreateAnswer(SessionDescription.Parse(text), new AnswerOptions(Ours) { Setup = preferred });
        Assert.Equal(expected, answer.Media[0].Setup);
    }

    [Theory]
    [InlineData("sendrecv", MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [InlineData("sendonly", MediaDirection.SendRecv, MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.SendRecv, MediaDirection.SendOnly)]
    [InlineData("inactive", MediaDirection.SendRecv, MediaDirection.Inactive)]
    [InlineData("sendrecv", MediaDirection.RecvOnly, MediaDirection.RecvOnly)]
    [InlineData("sendonly", MediaDirection.SendOnly, MediaDirection.Inactive)]
    public void AnswerDirection(string offered, MediaDirection wanted, MediaDirection expected)
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=rtcp-mux\r\na=" + offered + "\r\n";
        SessionDescription answer = SdpOfferAnswer.CreateAnswer(SessionDescription.Parse(text), new AnswerOptions(Ours) { AudioDirection = wanted });
        Assert.Equal(expected, answer.Media[0].Direction);
    }

    [Fact]
    public void Codecs_StaticPayloadTypesWithoutRtpmap_AreMatched()
    {
        var m = new MediaDescription(MediaDescription.AudioMedia, 9, MediaDescription.UdpTlsRtpSavpf, ["0", "8", "9", "18"]);
        IReadOnlyList<SdpOfferAnswer.NegotiatedCodec> codecs = SdpOfferAnswer.NegotiateCodecs(m, SupportedCodec.Defaults);
        Assert.Equal([(0, "PCMU"), (8, "PCMA"), (9, "G722")], codecs.Select(c => (c.PayloadType, c.Name)));
    }

    [Fact]
    public void Codecs_NameIsCaseInsensitive_ClockAndChannelsMustMatch()
    {
        SessionDescription sdp = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96 97 98 99\r\n" +
            "a=rtpmap:96 OPUS/48000/2\r\na=rtpmap:97 opus/48000\r\na=rtpmap:98 opus/16000/2\r\na=rtpmap:99 pcmu/8000\r\n");
        IReadOnlyList<SdpOfferAnswer.NegotiatedCodec> codecs = SdpOfferAnswer.NegotiateCodecs(sdp.Media[0], SupportedCodec.Defaults);
        Assert.Equal([96, 99], codecs.Select(c => c.PayloadType));
        Assert.Equal("OPUS", codecs[0].Name); // the offer's spelling is kept
    }

    [Fact]
    public void Codecs_AuxiliaryAlone_RejectsTheSection()
    {
        SessionDescription sdp = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 101\r\n" +
            "a=rtcp-mux\r\na=rtpmap:101 telephone-event/8000\r\n");
        Assert.Empty(SdpOfferAnswer.NegotiateCodecs(sdp.Media[0], SupportedCodec.Defaults));
        Assert.Equal(0, SdpOfferAnswer.CreateAnswer(sdp, new AnswerOptions(Ours)).Media[0].Port);
    }

    [Fact]
    public void Codecs_TelephoneEventNeedsAMatchingClock()
    {
        SessionDescription sdp = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 110 126\r\n" +
            "a=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\n");
        Assert.Equal([111, 110], SdpOfferAnswer.NegotiateCodecs(sdp.Media[0], SupportedCodec.Defaults).Select(c => c.PayloadType));
        Assert.Equal("0-15", SdpOfferAnswer.NegotiateCodecs(sdp.Media[0], SupportedCodec.Defaults)[1].Fmtp);
    }

    [Fact]
    public void Codecs_OnlyTheListedOnes()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("chromium-offer-audio-video-data.sdp"));
        IReadOnlyList<SdpOfferAnswer.NegotiatedCodec> codecs = SdpOfferAnswer.NegotiateCodecs(sdp.Media[0], [SupportedCodec.Pcma]);
        Assert.Equal([8], codecs.Select(c => c.PayloadType));
        Assert.Empty(SdpOfferAnswer.NegotiateCodecs(sdp.Media[1], [SupportedCodec.VideoRtx]));
    }

    [Fact]
    public void RemoteTransports_ChromiumOffer()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("chromium-offer-audio-video-data.sdp"));
        RemoteTransport t = Assert.Single(SdpOfferAnswer.GetRemoteTransports(sdp));
        Assert.True(t.IsBundle);
        Assert.Equal(["0", "1", "2"], t.Mids);
        Assert.Equal((sdp.Media[0].IceUfrag, sdp.Media[0].IcePwd), (t.IceUfrag, t.IcePwd));
        Assert.Equal(SdpSetupRole.ActPass, t.Setup);
        Assert.True(t.SupportsTrickle);
        Assert.False(t.SupportsRenomination);
        Assert.Equal("sha-256", t.Fingerprints.Single().HashFunction);
        Assert.Equal((5000, 262144UL), (t.SctpPort!.Value, t.MaxMessageSize!.Value));
        Assert.Empty(t.GetMissing());
    }

    [Fact]
    public void RemoteTransports_AiortcOffer_TakeTheBundleTag()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("aiortc-offer-av-data.sdp"));
        RemoteTransport t = Assert.Single(SdpOfferAnswer.GetRemoteTransports(sdp));
        Assert.Equal(sdp.Media[0].IceUfrag, t.IceUfrag);
        Assert.Equal(sdp.Media[0].Candidates.Select(c => c.Value), t.Candidates);
        Assert.True(t.EndOfCandidates);
        Assert.Equal((5000, 65536UL), (t.SctpPort!.Value, t.MaxMessageSize!.Value));
    }

    [Fact]
    public void RemoteTransports_FirefoxOffer_SessionLevelFingerprint()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("firefox-offer-audio-video-data.sdp"));
        RemoteTransport t = Assert.Single(SdpOfferAnswer.GetRemoteTransports(sdp));
        Assert.Equal(sdp.Fingerprints.Single().Fingerprint, t.Fingerprints.Single().Value);
        Assert.Equal(2, t.Candidates.Count);
        Assert.True(t.SupportsTrickle); // session-level ice-options
        Assert.Equal(1073741823UL, t.MaxMessageSize);
    }

    [Fact]
    public void RemoteTransports_LegacyOffer_DefaultMaxMessageSize()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("libwebrtc-legacy-offer.sdp"));
        RemoteTransport t = Assert.Single(SdpOfferAnswer.GetRemoteTransports(sdp));
        Assert.Equal(65536UL, t.MaxMessageSize);
        Assert.Equal(["audio", "data"], t.Mids);
    }

    [Fact]
    public void RemoteTransports_WithoutBundle_OnePerSection_AndReportsWhatIsMissing()
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-ufrag:sess\r\na=ice-pwd:sesspwd\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\na=ice-ufrag:own\r\n" +
            "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:b\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:c\r\n";
        IReadOnlyList<RemoteTransport> transports = SdpOfferAnswer.GetRemoteTransports(SessionDescription.Parse(text));
        Assert.Equal(2, transports.Count);
        Assert.Equal(("own", "sesspwd"), (transports[0].IceUfrag, transports[0].IcePwd));
        Assert.Null(transports[0].SctpPort);
        Assert.Equal(("sess", 5000), (transports[1].IceUfrag, transports[1].SctpPort!.Value));
        Assert.Equal(["a=fingerprint"], transports[1].GetMissing());
        Assert.False(transports[1].IsBundle);
    }

    [Fact]
    public void IceRestart_DetectedByUfragOrPwdChange()
    {
        string text = SdpSamples.Load("chromium-offer-audio-video-data.sdp");
        SessionDescription before = SessionDescription.Parse(text);
        SessionDescription same = SessionDescription.Parse(text);
        Assert.False(SdpOfferAnswer.IsIceRestart(before, same));

        SessionDescription restarted = SessionDescription.Parse(text);
        foreach (MediaDescription m in restarted.Media)
        {
            m.IcePwd = "aNewPasswordOf24Chars!!";
        }

        Assert.Equal(["0", "1", "2"], SdpOfferAnswer.GetIceRestartMids(before, restarted));

        SessionDescription oneUfrag = SessionDescription.Parse(text);
        oneUfrag.Media[2].IceUfrag = "zzzz";
        Assert.Equal(["2"], SdpOfferAnswer.GetIceRestartMids(before, oneUfrag));
    }

    [Fact]
    public void IceRestart_NewSectionsAndSessionLevelCredentials()
    {
        string header = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
        SessionDescription before = SessionDescription.Parse(header + "a=ice-ufrag:u1\r\na=ice-pwd:p1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\n");
        SessionDescription added = SessionDescription.Parse(header + "a=ice-ufrag:u1\r\na=ice-pwd:p1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:b\r\na=ice-ufrag:other\r\na=ice-pwd:other\r\n");
        Assert.False(SdpOfferAnswer.IsIceRestart(before, added));
        SessionDescription sessionChanged = SessionDescription.Parse(header + "a=ice-ufrag:u2\r\na=ice-pwd:p1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\n");
        Assert.Equal(["a"], SdpOfferAnswer.GetIceRestartMids(before, sessionChanged));
    }

    [Fact]
    public void OursToOurs_OfferAnswer_GivesMatchingTransports()
    {
        var theirs = new LocalTransportParameters("thrU", "theirPasswordIs22Chars", [new DtlsFingerprint("sha-256", Fingerprint)]);
        SessionDescription offer = RoundTrip(SdpOfferAnswer.CreateDataChannelOffer(new DataChannelOfferOptions(Ours)));
        SessionDescription answer = RoundTrip(SdpOfferAnswer.CreateAnswer(offer, new AnswerOptions(theirs) { MaxMessageSize = 1 << 20 }));
        RemoteTransport seenByAnswerer = Assert.Single(SdpOfferAnswer.GetRemoteTransports(offer));
        RemoteTransport seenByOfferer = Assert.Single(SdpOfferAnswer.GetRemoteTransports(answer));
        Assert.Equal(("ourU", SdpSetupRole.ActPass), (seenByAnswerer.IceUfrag, seenByAnswerer.Setup!.Value));
        Assert.Equal(("thrU", SdpSetupRole.Active), (seenByOfferer.IceUfrag, seenByOfferer.Setup!.Value));
        Assert.Equal((ulong)(1 << 20), seenByOfferer.MaxMessageSize);
        Assert.Equal(["0"], seenByOfferer.Mids);
    }
}
