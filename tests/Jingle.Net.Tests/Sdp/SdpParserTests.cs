using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.Sdp;

public sealed class SdpParserTests
{
    private const string Minimal = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Fact]
    public void Minimal_ParsesAndWrites()
    {
        SessionDescription sdp = SessionDescription.Parse(Minimal);
        Assert.Equal(("-", "1", 2UL, "IN", "IP4", "127.0.0.1"),
            (sdp.Origin.Username, sdp.Origin.SessionId, sdp.Origin.SessionVersion, sdp.Origin.NetworkType,
                sdp.Origin.AddressType, sdp.Origin.UnicastAddress));
        Assert.Equal((0UL, 0UL), (sdp.Timings[0].StartTime, sdp.Timings[0].StopTime));
        Assert.Equal(Minimal, sdp.ToString());
    }

    [Fact]
    public void Rfc8866_Section5_Example_RoundTrips()
    {
        // The example session of RFC 8866 §5 (every session-level line type, CRLF endings).
        string text = string.Join("\r\n",
            "v=0",
            "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
            "s=Call to John Smith",
            "i=SDP Offer #1",
            "u=http://www.jdoe.example.com/home.html",
            "e=Jane Doe <jane@jdoe.example.com>",
            "p=+1 617 555-6011",
            "c=IN IP4 198.51.100.1",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0",
            "m=audio 49180 RTP/AVP 0",
            "m=video 51372 RTP/AVP 99",
            "c=IN IP6 2001:db8::2",
            "a=rtpmap:99 h263-1998/90000",
            string.Empty);
        SessionDescription sdp = SessionDescription.Parse(text);
        Assert.Equal("Call to John Smith", sdp.SessionName);
        Assert.Equal("SDP Offer #1", sdp.Information);
        Assert.Equal("http://www.jdoe.example.com/home.html", sdp.Uri);
        Assert.Equal("Jane Doe <jane@jdoe.example.com>", Assert.Single(sdp.EmailAddresses));
        Assert.Equal("+1 617 555-6011", Assert.Single(sdp.PhoneNumbers));
        Assert.Equal("198.51.100.1", sdp.Connection!.Address);
        Assert.Equal(3, sdp.Media.Count);
        Assert.Equal("2001:db8::2", sdp.Media[2].Connection!.Address);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void RepeatsTimeZonesKeysAndBandwidth_RoundTrip()
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns= \r\nb=CT:128\r\nt=3034423619 3042462419\r\nr=604800 3600 0 90000\r\n" +
            "r=7d 1h 0 25h\r\nz=2882844526 -1h 2898848070 0\r\nk=prompt\r\na=recvonly\r\n" +
            "m=audio 49170/2 RTP/AVP 0\r\ni=voice\r\nb=AS:64\r\nk=clear:secret\r\n";
        SessionDescription sdp = SessionDescription.Parse(text);
        Assert.Equal(2, sdp.Timings[0].Repeats.Count);
        Assert.Equal("2882844526 -1h 2898848070 0", sdp.TimeZones);
        Assert.Equal(2, sdp.Media[0].NumberOfPorts);
        Assert.Equal("voice", sdp.Media[0].Information);
        Assert.Equal(64UL, sdp.Media[0].Bandwidths[0].Value);
        Assert.Equal(MediaDirection.RecvOnly, sdp.GetDirection(sdp.Media[0]));
        Assert.Null(sdp.Media[0].Direction);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void UnknownLinesAndAttributes_AreKeptVerbatimInOrder()
    {
        string text = Minimal + "x=session extension\r\na=foo-bar\r\na=x-google-flag:conference\r\na=weird name:v:a:l\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\ny=media extension\r\na=x-unknown:1 2  3\r\n" +
            "a=sctp-port:5000\r\n";
        SessionDescription sdp = SessionDescription.Parse(text);
        Assert.Equal(text, sdp.ToString());
        Assert.IsType<UnknownLine>(sdp.Attributes[0]);
        Assert.Equal("foo-bar", Assert.IsType<SdpPropertyAttribute>(sdp.Attributes[1]).Name);
        Assert.Equal("conference", sdp.Attributes.GetValue("x-google-flag"));
        Assert.Equal("v:a:l", sdp.Attributes.GetValue("weird name"));
        Assert.Equal('y', Assert.IsType<UnknownLine>(sdp.Media[0].Attributes[1]).Type);
        Assert.Equal("1 2  3", sdp.Media[0].Attributes.GetValue("x-unknown"));
    }

    [Fact]
    public void LfOnlyAndBlankLines_AreAccepted_AndWrittenWithCrlf()
    {
        SessionDescription sdp = SessionDescription.Parse("v=0\no=- 1 2 IN IP4 127.0.0.1\n\ns=-\nt=0 0\n\n");
        Assert.Equal(Minimal, sdp.ToString());
    }

    [Fact]
    public void NoTrailingLineEnding_IsAccepted()
    {
        SessionDescription sdp = SessionDescription.Parse(Minimal.TrimEnd());
        Assert.Equal(Minimal, sdp.ToString());
    }

    [Theory]
    [InlineData("", 0, "empty SDP")]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\n", 1, "must start with v=")]
    [InlineData("v=1\r\n", 1, "version")]
    [InlineData("v=0\r\nv=0\r\n", 2, "duplicate v=")]
    [InlineData("v=0\r\ns=-\r\n", 0, "missing o=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", 0, "missing s=")]
    [InlineData("v=0\r\no=- 1 x IN IP4 127.0.0.1\r\ns=-\r\n", 2, "malformed o=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4\r\ns=-\r\n", 2, "malformed o=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\ns=-\r\n", 4, "duplicate s=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0\r\n", 4, "malformed t=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nr=1 2 3\r\n", 4, "r= without")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4\r\n", 4, "malformed c=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nb=AS\r\n", 4, "malformed b=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nb=AS:-1\r\n", 4, "malformed b=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nhello\r\n", 4, "expected <type>=<value>")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nA=x\r\n", 4, "lower-case letter")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=x\ry\r\n", 4, "stray CR")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=x\0\r\n", 4, "NUL")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=\r\n", 4, "without a name")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=:x\r\n", 4, "without a name")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9\r\n", 4, "m= line needs")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n", 4, "malformed port")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9/x RTP/AVP 0\r\n", 4, "number of ports")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\nt=0 0\r\n", 5, "session-level line inside")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:x opus/48000\r\n", 5, "malformed a=rtpmap")]
    public void Malformed_ThrowsSdpParseException_NamingTheLine(string text, int lineNumber, string reason)
    {
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));
        Assert.Equal(lineNumber, e.LineNumber);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        if (lineNumber > 0)
        {
            string line = text.Split('\n')[lineNumber - 1].TrimEnd('\r');
            Assert.Equal(line, e.Line);
            Assert.Contains(FormattableString.Invariant($"line {lineNumber}"), e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("rtpmap:96 opus")]
    [InlineData("rtpmap:200 opus/48000")]
    [InlineData("rtpmap:96 opus/x")]
    [InlineData("rtpmap:96 opus/48000/two")]
    [InlineData("fingerprint:sha-256")]
    [InlineData("fingerprint:sha-256 AA BB")]
    [InlineData("setup:both")]
    [InlineData("candidate:1")]
    [InlineData("candidate:1 x udp 1 1.2.3.4 5 typ host")]
    [InlineData("rtcp:abc")]
    [InlineData("rtcp:9 IN IP4")]
    [InlineData("rtcp-fb:96")]
    [InlineData("extmap:x urn:a")]
    [InlineData("extmap:1/sideways urn:a")]
    [InlineData("extmap:1")]
    [InlineData("ssrc:-1 cname:x")]
    [InlineData("ssrc:1")]
    [InlineData("ssrc:1 :x")]
    [InlineData("ssrc-group:FID 1 x")]
    [InlineData("msid:a b c")]
    [InlineData("sctp-port:99999")]
    [InlineData("max-message-size:-5")]
    [InlineData("sctpmap:5000")]
    [InlineData("simulcast:send")]
    [InlineData("simulcast:sideways 1")]
    [InlineData("rid:1 sideways")]
    [InlineData("group:")]
    [InlineData("mid:")]
    [InlineData("ice-ufrag:a b")]
    [InlineData("ice-options:")]
    public void MalformedKnownAttribute_IsAnError(string attribute)
    {
        string text = Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=" + attribute + "\r\n";
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));
        Assert.Equal(6, e.LineNumber);
        Assert.Equal("a=" + attribute, e.Line);
    }

    [Fact]
    public void Null_ThrowsSdpParseException()
    {
        Assert.Throws<SdpParseException>(() => SessionDescription.Parse(null!));
    }

    [Fact]
    public void TryParse_ReportsTheErrorWithoutThrowing()
    {
        Assert.False(SessionDescription.TryParse("v=0\r\nbad\r\n", out SessionDescription? sdp, out SdpParseException? error));
        Assert.Null(sdp);
        Assert.Equal(2, error!.LineNumber);
        Assert.True(SessionDescription.TryParse(Minimal, out sdp, out error));
        Assert.NotNull(sdp);
        Assert.Null(error);
    }

    [Fact]
    public void LongLine_IsTruncatedInTheMessage_ButKeptWhole()
    {
        string longLine = "x" + new string('y', 5000);
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse("v=0\r\n" + longLine));
        Assert.Equal(longLine, e.Line);
        Assert.True(e.Message.Length < 400);
    }

    [Fact]
    public void Writer_RefusesAFieldWithALineBreak()
    {
        SessionDescription sdp = SessionDescription.Parse(Minimal);
        sdp.SessionName = "evil\r\na=injected";
        Assert.Throws<InvalidOperationException>(() => sdp.ToString());
        sdp.SessionName = "-";
        sdp.Attributes.Add(new SdpValueAttribute("x", "1\n2"));
        Assert.Throws<InvalidOperationException>(() => sdp.ToString());
    }

    [Fact]
    public void ByteOrderMark_IsIgnored()
    {
        Assert.Equal(Minimal, SessionDescription.Parse("\uFEFF" + Minimal).ToString());
    }

    [Fact]
    public void Clone_IsDeepAndEqualInText()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Load("chromium-offer-audio-video-data.sdp"));
        SessionDescription copy = sdp.Clone();
        Assert.Equal(sdp.ToString(), copy.ToString());
        copy.Media[0].Mid = "changed";
        copy.Origin.SessionVersion++;
        Assert.Equal("0", sdp.Media[0].Mid);
        Assert.Equal(2UL, sdp.Origin.SessionVersion);
    }
}
