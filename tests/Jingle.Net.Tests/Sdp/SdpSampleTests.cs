using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.Sdp;

/// <summary>Every real-world sample parses, shows its key fields, and round-trips byte for byte.</summary>
public sealed class SdpSampleTests
{
    [Theory]
    [MemberData(nameof(SdpSamples.Names), MemberType = typeof(SdpSamples))]
    public void Sample_RoundTripsByteForByte(string name)
    {
        string text = SdpSamples.Load(name);
        SessionDescription sdp = SessionDescription.Parse(text);
        Assert.Equal(text, sdp.ToString());
        Assert.Equal(text, SessionDescription.Parse(sdp.ToString()).ToString());
    }

    [Theory]
    [MemberData(nameof(SdpSamples.Names), MemberType = typeof(SdpSamples))]
    public void Sample_WithLfEndings_ParsesToTheSameDescription(string name)
    {
        string text = SdpSamples.Load(name);
        SessionDescription sdp = SessionDescription.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(text, sdp.ToString());
    }

    [Theory]
    [MemberData(nameof(SdpSamples.Names), MemberType = typeof(SdpSamples))]
    public void Sample_KeepsNoUntypedWebRtcAttribute(string name)
    {
        // Every WebRTC attribute the samples use must come out typed (or as a known property/text attribute).
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load(name));
        string[] typedNames = ["group", "fingerprint", "setup", "candidate", "rtcp", "rtpmap", "fmtp", "rtcp-fb", "extmap",
            "ssrc", "ssrc-group", "msid", "msid-semantic", "sctp-port", "max-message-size", "sctpmap", "simulcast", "rid", "ice-options"];
        foreach (SdpAttribute a in sdp.Attributes.Concat(sdp.Media.SelectMany(m => m.Attributes)))
        {
            Assert.False(a is SdpValueAttribute v && typedNames.Contains(v.Name), "untyped " + a);
        }
    }

    [Fact]
    public void ChromiumOffer_AudioVideoData_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("chromium-offer-audio-video-data.sdp"));
        Assert.Equal("-", sdp.Origin.Username);
        Assert.Equal(2UL, sdp.Origin.SessionVersion);
        Assert.Equal(["0", "1", "2"], Assert.Single(sdp.BundleGroups).Mids);
        Assert.True(sdp.ExtmapAllowMixed);
        Assert.False(Assert.IsType<MsidSemanticAttribute>(sdp.MsidSemantic).Identifiers.Count == 0);
        Assert.Equal(3, sdp.Media.Count);

        MediaDescription audio = sdp.Media[0];
        Assert.Equal(("audio", 9, MediaDescription.UdpTlsRtpSavpf), (audio.Media, audio.Port, audio.Protocol));
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.True(Assert.IsType<IceOptionsAttribute>(audio.IceOptions).HasTrickle);
        Assert.Equal(4, audio.IceUfrag!.Length);
        Assert.Equal(24, audio.IcePwd!.Length);
        FingerprintAttribute fp = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fp.HashFunction);
        Assert.True(fp.TryGetBytes(out byte[] hash));
        Assert.Equal(32, hash.Length);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        RtpMapAttribute opus = audio.GetRtpMap(111)!;
        Assert.Equal(("opus", 48000, (int?)2), (opus.EncodingName, opus.ClockRate, opus.Channels));
        Assert.Equal("1", audio.GetFmtp(111)!.GetParameter("useinbandfec"));
        Assert.Equal("transport-cc", Assert.Single(audio.RtcpFeedbacks).Type);
        Assert.Equal(9, audio.Rtcp!.Port);
        Assert.Contains(audio.ExtMaps, e => e.Id == 4 && e.Uri == "urn:ietf:params:rtp-hdrext:sdes:mid");
        Assert.Equal(2, audio.Ssrcs.Count());
        Assert.NotNull(Assert.Single(audio.Msids).TrackId);

        MediaDescription video = sdp.Media[1];
        Assert.Equal("VP8", video.GetRtpMap(96)!.EncodingName);
        Assert.Equal("96", video.GetFmtp(97)!.GetParameter("apt"));
        Assert.Contains(video.RtcpFeedbacks, f => f.PayloadType == 96 && f.Type == "nack" && f.Parameter == "pli");
        SsrcGroupAttribute fid = Assert.Single(video.SsrcGroups);
        Assert.Equal(SsrcGroupAttribute.Fid, fid.Semantics);
        Assert.Equal(2, fid.Ssrcs.Count);
        Assert.Equal(23, video.Formats.Count);

        MediaDescription data = sdp.Media[2];
        Assert.True(data.IsDataChannel);
        Assert.False(data.IsLegacyDataChannel);
        Assert.Equal([MediaDescription.WebRtcDataChannel], data.Formats);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
        Assert.Equal(audio.IceUfrag, data.IceUfrag);
    }

    [Fact]
    public void ChromiumOffer_Data_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("chromium-offer-data.sdp"));
        Assert.Empty(sdp.MsidSemantic!.Identifiers);
        Assert.True(sdp.MsidSemantic.SpaceAfterColon);
        MediaDescription data = Assert.Single(sdp.Media);
        Assert.NotEqual(9, data.Port);
        Assert.Equal("203.0.113.7", data.Connection!.Address);
        CandidateAttribute[] candidates = data.Candidates.ToArray();
        Assert.Equal(2, candidates.Length);
        Assert.All(candidates, c => Assert.Equal((1, "udp"), (c.Component, c.Transport)));
        Assert.EndsWith(".local", candidates[0].Value.Split(' ')[4], StringComparison.Ordinal);
        Assert.Contains("typ srflx", candidates[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void ChromiumAnswer_Data_IsActive()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("chromium-answer-data.sdp"));
        Assert.Equal(SdpSetupRole.Active, Assert.Single(sdp.Media).Setup);
    }

    [Fact]
    public void ChromiumOffer_Simulcast_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("chromium-offer-simulcast.sdp"));
        MediaDescription video = Assert.Single(sdp.Media);
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal(["q", "h", "f"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        SimulcastAttribute simulcast = video.Simulcast!;
        Assert.Equal("q;h;f", simulcast.Send);
        Assert.Null(simulcast.Receive);
        Assert.Equal(3, SimulcastAttribute.GetStreams(simulcast.Send).Count);
    }

    [Fact]
    public void FirefoxOffer_AudioVideoData_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("firefox-offer-audio-video-data.sdp"));
        Assert.StartsWith("mozilla...THIS_IS_SDPARTA", sdp.Origin.Username, StringComparison.Ordinal);
        Assert.Single(sdp.Fingerprints);
        Assert.True(sdp.IceOptions!.HasTrickle);
        Assert.False(sdp.MsidSemantic!.SpaceAfterColon);
        Assert.Equal(["*"], sdp.MsidSemantic.Identifiers);

        MediaDescription audio = sdp.Media[0];
        Assert.Empty(audio.Fingerprints); // session-level only
        Assert.True(audio.EndOfCandidates);
        Assert.Equal(["UDP", "TCP"], audio.Candidates.Select(c => c.Transport));
        Assert.Equal(MediaDirection.RecvOnly, audio.ExtMaps.Single(e => e.Id == 2).Direction);
        Assert.Equal("0-15", audio.GetFmtp(101)!.Parameters);
        Assert.Equal(1, audio.GetRtpMap(9)!.Channels);
        Assert.Null(audio.GetRtpMap(0)!.Channels);

        MediaDescription video = sdp.Media[1];
        Assert.Equal(0, video.Port);
        Assert.True(video.BundleOnly);
        Assert.False(video.IsRejected);
        Assert.Equal("12288", video.GetFmtp(120)!.GetParameter("max-fs"));
        Assert.Equal(SsrcGroupAttribute.Fid, video.SsrcGroups.Single().Semantics);

        MediaDescription data = sdp.Media[2];
        Assert.True(data.IsDataChannel);
        Assert.True(data.BundleOnly);
        Assert.Equal(1073741823UL, data.MaxMessageSize);
        Assert.Equal(MediaDirection.SendRecv, sdp.GetDirection(data));
    }

    [Fact]
    public void FirefoxAnswer_Data_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("firefox-answer-data.sdp"));
        Assert.Equal(SdpSetupRole.Active, sdp.Media[0].Setup);
        Assert.Equal(8, sdp.Media[0].IceUfrag!.Length);
        Assert.Equal(5000, sdp.Media[0].SctpPort);
    }

    [Fact]
    public void AiortcOffer_AudioVideoData_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("aiortc-offer-av-data.sdp"));
        Assert.Equal(["0", "1", "2"], sdp.BundleGroups.Single().Mids);
        Assert.Equal(3, sdp.Media.Count);
        // aiortc 1.4 writes a different ufrag per m-section even when bundling.
        Assert.Equal(3, sdp.Media.Select(m => m.IceUfrag).Distinct().Count());
        Assert.All(sdp.Media, m => Assert.True(m.EndOfCandidates));
        MediaDescription audio = sdp.Media[0];
        Assert.Equal(["96", "0", "8"], audio.Formats);
        Assert.Equal("PCMU", audio.GetRtpMap(0)!.EncodingName);
        MediaDescription data = sdp.Media[2];
        Assert.True(data.IsLegacyDataChannel);
        Assert.Equal(["5000"], data.Formats);
        Assert.Equal(5000, data.SctpPort);
        SctpMapAttribute map = data.Attributes.Get<SctpMapAttribute>()!;
        Assert.Equal(("webrtc-datachannel", (int?)65535), (map.Protocol, map.Streams));
        Assert.Equal(65536UL, data.MaxMessageSize);
    }

    [Fact]
    public void AiortcAnswer_AudioVideoData_IsActiveOnEverySection()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("aiortc-answer-av-data.sdp"));
        Assert.All(sdp.Media, m => Assert.Equal(SdpSetupRole.Active, m.Setup));
        Assert.Single(sdp.Media.Select(m => m.IceUfrag).Distinct());
    }

    [Fact]
    public void AiortcOffer_Data_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("aiortc-offer-data.sdp"));
        MediaDescription data = Assert.Single(sdp.Media);
        Assert.Equal(2, data.Candidates.Count());
        Assert.Contains(data.Candidates, c => c.Value.Contains("fd00::2", StringComparison.Ordinal));
    }

    [Fact]
    public void LibwebrtcLegacyOffer_KeyFields()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("libwebrtc-legacy-offer.sdp"));
        Assert.Equal(["audio", "data"], sdp.BundleGroups.Single().Mids);
        MediaDescription audio = sdp.GetMedia("audio")!;
        Assert.Equal(["cname", "msid", "mslabel", "label"], audio.Ssrcs.Select(s => s.Attribute));
        Assert.Contains(" ", audio.Ssrcs.Single(s => s.Attribute == "msid").Value, StringComparison.Ordinal);
        Assert.Equal("60", Assert.IsType<SdpValueAttribute>(audio.Attributes.Get("maxptime")).Value);
        MediaDescription data = sdp.GetMedia("data")!;
        Assert.True(data.IsLegacyDataChannel);
        Assert.Equal(("AS", 30UL), (data.Bandwidths[0].Type, data.Bandwidths[0].Value));
        Assert.Null(data.MaxMessageSize);
        Assert.Equal(1024, data.Attributes.Get<SctpMapAttribute>()!.Streams);
    }
}
