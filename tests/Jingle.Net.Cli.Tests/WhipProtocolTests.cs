using Jingle.Net.Cli.Commands;
using Jingle.Net.Configuration;

namespace Jingle.Net.Cli.Tests;

/// <summary>The WHIP wire pieces in process: trickle-ice-sdpfrag bodies (RFC 8840 §4.4, RFC 9725 §4.3.1) and Link ice-server fields (RFC 9725 §4.6).</summary>
public sealed class WhipProtocolTests
{
    private const string Offer =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
        + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\n"
        + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\na=end-of-candidates\r\na=sctp-port:5000\r\n";

    [Fact]
    public void Fragment_ForDescription_CarriesGroupMlineMidCredentialsCandidatesAndEnd_InRfc9725Order()
    {
        IceSdpFragment fragment = IceSdpFragment.ForDescription(Offer, ["a=candidate:2 1 udp 1686052607 192.0.2.1 50001 typ srflx raddr 0.0.0.0 rport 0"], true);

        Assert.Equal(
            "a=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\n"
            + "a=candidate:2 1 udp 1686052607 192.0.2.1 50001 typ srflx raddr 0.0.0.0 rport 0\r\na=end-of-candidates\r\n",
            fragment.ToText());
    }

    [Fact]
    public void Fragment_ParseOfToText_RoundTrips_AndSessionLevelCredentialsAreRead()
    {
        var fragment = new IceSdpFragment("u1", "p1p1p1p1p1p1p1p1p1p1p1", "m=audio 9 RTP/AVP 0", "a0", ["candidate:1 1 udp 1 10.0.0.1 1 typ host"], false);
        IceSdpFragment back = IceSdpFragment.Parse(fragment.ToText());
        Assert.Equal(fragment with { Candidates = [] }, back with { Candidates = [] });
        Assert.Equal(fragment.Candidates, back.Candidates);

        // RFC 8840 §4.4's own layout: credentials at session level, before the m-line.
        IceSdpFragment rfc8840 = IceSdpFragment.Parse("a=ice-ufrag:s1\na=ice-pwd:spwd\nm=audio 9 RTP/AVP 0\na=mid:1\na=candidate:1 1 udp 1 10.0.0.1 1 typ host\n");
        Assert.Equal(("s1", "spwd", "1", 1, false), (rfc8840.Ufrag, rfc8840.Pwd, rfc8840.Mid, rfc8840.Candidates.Count, rfc8840.EndOfCandidates));
    }

    [Theory]
    [InlineData("a=ice-ufrag:u\r\na=ice-pwd:p\r\n", "no m= line")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=mid:0\r\na=ice-pwd:p\r\n", "no a=ice-ufrag")]
    [InlineData("m=audio 9 RTP/AVP 0\r\nhello\r\n", "not an SDP line")]
    public void Fragment_Malformed_IsAFormatExceptionSayingWhat(string body, string reason)
    {
        FormatException e = Assert.Throws<FormatException>(() => IceSdpFragment.Parse(body));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fragment_ApplyTo_ReplacesCredentialsAndCandidates_KeepsTheRest()
    {
        var restart = new IceSdpFragment("efgh", "newpasswordnewpassword", "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "0",
            ["candidate:9 1 udp 2122260223 127.0.0.1 60000 typ host"], true);

        string next = restart.ApplyTo(Offer);

        Assert.Contains("a=ice-ufrag:efgh\r\n", next, StringComparison.Ordinal);
        Assert.Contains("a=ice-pwd:newpasswordnewpassword\r\n", next, StringComparison.Ordinal);
        Assert.DoesNotContain("abcd", next, StringComparison.Ordinal);
        Assert.DoesNotContain("50000", next, StringComparison.Ordinal);
        Assert.Contains("a=candidate:9 1 udp 2122260223 127.0.0.1 60000 typ host\r\na=end-of-candidates\r\n", next, StringComparison.Ordinal);
        Assert.Contains("a=sctp-port:5000\r\n", next, StringComparison.Ordinal);
        Assert.Equal(2, next.Split("a=end-of-candidates").Length);   // exactly one
    }

    [Fact]
    public void Links_IceServers_WithCredentials_QuotedEscapedAndCommaSeparated_OthersSkipped()
    {
        string[] fields =
        [
            "<stun:stun.example.net>; rel=\"ice-server\", <https://example.net/help>; rel=\"help\"",
            "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"user\"; credential=\"my\\\"Pass,word\"; credential-type=\"password\"",
            "<turns:turn.example.net:5349>; rel=\"preload ice-server\"; username=u2; credential=c2",
            "<turn:turn.example.net>; rel=\"ice-server\"",                                   // TURN without credentials: unusable
            "<turn:t.example.net>; rel=\"ice-server\"; username=\"u\"; credential=\"t\"; credential-type=\"oauth\"",
            "<ftp://bad>; rel=\"ice-server\"",
        ];

        IReadOnlyList<IceServer> servers = WhipIceServerLinks.Parse(fields, out int skipped);

        Assert.Equal(3, skipped);
        Assert.Equal(["stun:stun.example.net", "turn:turn.example.net?transport=udp", "turns:turn.example.net:5349"], servers.Select(s => s.Urls[0]));
        Assert.Null(servers[0].Username);
        Assert.Equal(("user", "my\"Pass,word"), (servers[1].Username, servers[1].Credential));
        Assert.Equal(("u2", "c2"), (servers[2].Username, servers[2].Credential));
    }

    [Theory]
    [InlineData("")]
    [InlineData("stun:no-angle-brackets; rel=\"ice-server\"")]
    [InlineData("<stun:unterminated; rel=\"ice-server\"")]
    public void Links_NotALinkList_GivesNothing(string field) =>
        Assert.Empty(WhipIceServerLinks.Parse([field], out _));
}
