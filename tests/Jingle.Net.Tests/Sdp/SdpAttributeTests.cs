using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.Sdp;

public sealed class SdpAttributeTests
{
    private static SdpAttribute ParseOne(string line)
    {
        SessionDescription sdp = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" + line + "\r\n");
        SdpAttribute a = Assert.Single(sdp.Attributes);
        Assert.Equal(line, a.ToString());
        return a;
    }

    [Fact]
    public void Group_Bundle()
    {
        var g = Assert.IsType<GroupAttribute>(ParseOne("a=group:BUNDLE 0 1 2"));
        Assert.True(g.IsBundle);
        Assert.Equal(["0", "1", "2"], g.Mids);
    }

    [Fact]
    public void Group_LipSync_AndEmptyBundle()
    {
        Assert.Equal(GroupAttribute.LipSync, Assert.IsType<GroupAttribute>(ParseOne("a=group:LS audio video")).Semantics);
        Assert.Empty(Assert.IsType<GroupAttribute>(ParseOne("a=group:BUNDLE")).Mids);
    }

    [Fact]
    public void IceOptions_TrickleAndRenomination()
    {
        var o = Assert.IsType<IceOptionsAttribute>(ParseOne("a=ice-options:trickle renomination"));
        Assert.True(o.HasTrickle);
        Assert.True(o.HasRenomination);
        Assert.False(Assert.IsType<IceOptionsAttribute>(ParseOne("a=ice-options:ice2")).HasTrickle);
    }

    [Fact]
    public void Fingerprint_BytesRoundTrip()
    {
        byte[] hash = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        FingerprintAttribute fp = FingerprintAttribute.FromBytes("sha-256", hash);
        Assert.StartsWith("00:07:0E:15", fp.Fingerprint, StringComparison.Ordinal);
        var parsed = Assert.IsType<FingerprintAttribute>(ParseOne(fp.ToString()));
        Assert.True(parsed.TryGetBytes(out byte[] back));
        Assert.Equal(hash, back);
        Assert.False(new FingerprintAttribute("sha-1", "GG:00").TryGetBytes(out _));
    }

    [Theory]
    [InlineData("actpass", SdpSetupRole.ActPass)]
    [InlineData("active", SdpSetupRole.Active)]
    [InlineData("passive", SdpSetupRole.Passive)]
    [InlineData("holdconn", SdpSetupRole.HoldConn)]
    public void Setup_AllRoles(string wire, SdpSetupRole role)
    {
        Assert.Equal(role, Assert.IsType<SetupAttribute>(ParseOne("a=setup:" + wire)).Role);
        Assert.Equal(wire, SetupAttribute.ToWireString(role));
    }

    [Fact]
    public void Candidate_KeepsRawValue_ReadsComponentAndTransport()
    {
        var c = Assert.IsType<CandidateAttribute>(ParseOne(
            "a=candidate:842163049 2 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0"));
        Assert.Equal(("842163049", 2, "tcp"), (c.Foundation, c.Component, c.Transport));
        Assert.Equal("842163049 2 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0", c.Value);
        Assert.True(CandidateAttribute.TryParse("candidate:1 1 udp 1 192.0.2.1 1 typ host", out CandidateAttribute? w3c));
        Assert.Equal("1 1 udp 1 192.0.2.1 1 typ host", w3c!.Value);
    }

    [Fact]
    public void Rtcp_WithAndWithoutAddress()
    {
        var r = Assert.IsType<RtcpAttribute>(ParseOne("a=rtcp:9 IN IP4 0.0.0.0"));
        Assert.Equal((9, "0.0.0.0"), (r.Port, r.Address!.Address));
        Assert.Null(Assert.IsType<RtcpAttribute>(ParseOne("a=rtcp:53020")).Address);
    }

    [Fact]
    public void RtcpFeedback_Wildcard()
    {
        var fb = Assert.IsType<RtcpFeedbackAttribute>(ParseOne("a=rtcp-fb:* ccm fir"));
        Assert.Equal((-1, "ccm", "fir"), (fb.PayloadType, fb.Type, fb.Parameter));
    }

    [Fact]
    public void ExtMap_DirectionAndExtensionAttributes()
    {
        var e = Assert.IsType<ExtMapAttribute>(ParseOne("a=extmap:2/sendonly urn:ietf:params:rtp-hdrext:csrc-audio-level vad=on"));
        Assert.Equal((2, MediaDirection.SendOnly, "vad=on"), (e.Id, e.Direction!.Value, e.ExtensionAttributes));
        var two = Assert.IsType<ExtMapAttribute>(ParseOne("a=extmap:4096 urn:x"));
        Assert.Equal(4096, two.Id);
        Assert.Null(two.Direction);
    }

    [Fact]
    public void Ssrc_AttributeWithAndWithoutValue()
    {
        var s = Assert.IsType<SsrcAttribute>(ParseOne("a=ssrc:4294967295 msid:stream track"));
        Assert.Equal((4294967295u, "msid", "stream track"), (s.Ssrc, s.Attribute, s.Value));
        Assert.Null(Assert.IsType<SsrcAttribute>(ParseOne("a=ssrc:1 x-flag")).Value);
    }

    [Theory]
    [InlineData("FID")]
    [InlineData("SIM")]
    [InlineData("FEC-FR")]
    public void SsrcGroup_Semantics(string semantics)
    {
        var g = Assert.IsType<SsrcGroupAttribute>(ParseOne("a=ssrc-group:" + semantics + " 1 2 3"));
        Assert.Equal([1u, 2u, 3u], g.Ssrcs);
    }

    [Fact]
    public void Msid_WithAndWithoutTrack()
    {
        Assert.Equal("-", Assert.IsType<MsidAttribute>(ParseOne("a=msid:- track")).StreamId);
        Assert.Null(Assert.IsType<MsidAttribute>(ParseOne("a=msid:stream")).TrackId);
    }

    [Fact]
    public void MsidSemantic_BothSpacings()
    {
        Assert.True(Assert.IsType<MsidSemanticAttribute>(ParseOne("a=msid-semantic: WMS a b")).SpaceAfterColon);
        Assert.False(Assert.IsType<MsidSemanticAttribute>(ParseOne("a=msid-semantic:WMS *")).SpaceAfterColon);
    }

    [Fact]
    public void SctpAttributes()
    {
        Assert.Equal(5000, Assert.IsType<SctpPortAttribute>(ParseOne("a=sctp-port:5000")).Port);
        Assert.Equal(0UL, Assert.IsType<MaxMessageSizeAttribute>(ParseOne("a=max-message-size:0")).Size);
        Assert.Null(Assert.IsType<SctpMapAttribute>(ParseOne("a=sctpmap:5000 webrtc-datachannel")).Streams);
    }

    [Fact]
    public void Simulcast_BothDirectionsAndOrder()
    {
        var s = Assert.IsType<SimulcastAttribute>(ParseOne("a=simulcast:send 1;~2,3 recv 4"));
        Assert.Equal(("1;~2,3", "4"), (s.Send, s.Receive));
        Assert.Equal(["~2", "3"], SimulcastAttribute.GetStreams(s.Send)[1]);
        Assert.True(Assert.IsType<SimulcastAttribute>(ParseOne("a=simulcast:recv 4 send 1")).ReceiveFirst);
        Assert.Null(Assert.IsType<SimulcastAttribute>(ParseOne("a=simulcast:recv a;b")).Send);
    }

    [Fact]
    public void Rid_WithRestrictions()
    {
        var r = Assert.IsType<RidAttribute>(ParseOne("a=rid:hi recv pt=96;max-width=1280"));
        Assert.Equal(("hi", RidDirection.Receive, "pt=96;max-width=1280"), (r.Id, r.Direction, r.Restrictions));
    }

    [Theory]
    [InlineData("a=ice-lite")]
    [InlineData("a=rtcp-mux")]
    [InlineData("a=rtcp-mux-only")]
    [InlineData("a=rtcp-rsize")]
    [InlineData("a=end-of-candidates")]
    [InlineData("a=extmap-allow-mixed")]
    [InlineData("a=bundle-only")]
    [InlineData("a=sendrecv")]
    [InlineData("a=sendonly")]
    [InlineData("a=recvonly")]
    [InlineData("a=inactive")]
    public void PropertyAttributes(string line)
    {
        Assert.False(Assert.IsType<SdpPropertyAttribute>(ParseOne(line)).HasValue);
    }

    [Fact]
    public void Fmtp_Parameters()
    {
        var f = Assert.IsType<FmtpAttribute>(ParseOne("a=fmtp:111 minptime=10; useinbandfec=1;x"));
        Assert.Equal(111, f.PayloadType);
        Assert.Equal("10", f.GetParameter("MINPTIME"));
        Assert.Equal("1", f.GetParameter("useinbandfec"));
        Assert.Equal("x", f.GetParameters()[2].Value);
        Assert.Equal(string.Empty, f.GetParameters()[2].Key);
        Assert.Equal(string.Empty, Assert.IsType<FmtpAttribute>(ParseOne("a=fmtp:96")).Parameters);
    }

    [Fact]
    public void Accessors_ReplaceInPlace_AndRemove()
    {
        var m = new MediaDescription(MediaDescription.AudioMedia, 9, MediaDescription.UdpTlsRtpSavpf, ["0"]);
        m.Mid = "a";
        m.Direction = MediaDirection.SendOnly;
        m.RtcpMux = true;
        m.Setup = SdpSetupRole.ActPass;
        m.Mid = "b";
        m.Direction = MediaDirection.Inactive;
        Assert.Equal(["mid:b", "inactive", "rtcp-mux", "setup:actpass"],
            m.Attributes.Select(a => a.HasValue ? a.Name + ":" + a.GetValue() : a.Name));
        m.Setup = null;
        m.RtcpMux = false;
        m.Mid = null;
        m.Direction = null;
        Assert.Empty(m.Attributes);
        m.SctpPort = 5000;
        m.MaxMessageSize = 1024;
        Assert.Equal((5000, 1024UL), (m.SctpPort!.Value, m.MaxMessageSize!.Value));
    }

    [Fact]
    public void MediaDirections_AnswerRules()
    {
        Assert.Equal(MediaDirection.RecvOnly, MediaDirections.Answer(MediaDirection.SendOnly, MediaDirection.SendRecv));
        Assert.Equal(MediaDirection.SendOnly, MediaDirections.Answer(MediaDirection.RecvOnly, MediaDirection.SendRecv));
        Assert.Equal(MediaDirection.Inactive, MediaDirections.Answer(MediaDirection.SendOnly, MediaDirection.SendOnly));
        Assert.Equal(MediaDirection.Inactive, MediaDirections.Answer(MediaDirection.Inactive, MediaDirection.SendRecv));
        Assert.Equal(MediaDirection.RecvOnly, MediaDirections.Answer(MediaDirection.SendRecv, MediaDirection.RecvOnly));
        Assert.Equal(MediaDirection.SendRecv, MediaDirections.Answer(MediaDirection.SendRecv, MediaDirection.SendRecv));
    }
}
