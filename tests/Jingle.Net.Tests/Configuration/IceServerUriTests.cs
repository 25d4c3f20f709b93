using Jingle.Net.Configuration;

namespace Jingle.Net.Tests.Configuration;

public sealed class IceServerUriTests
{
    [Theory]
    [InlineData("stun:stun.example.org", IceServerScheme.Stun, "stun.example.org", 3478, IceServerTransport.Udp)]
    [InlineData("stun:192.0.2.1:19302", IceServerScheme.Stun, "192.0.2.1", 19302, IceServerTransport.Udp)]
    [InlineData("stuns:stun.example.org", IceServerScheme.Stuns, "stun.example.org", 5349, IceServerTransport.Udp)]
    [InlineData("turn:turn.example.org", IceServerScheme.Turn, "turn.example.org", 3478, IceServerTransport.Udp)]
    [InlineData("turn:turn.example.org:3479?transport=tcp", IceServerScheme.Turn, "turn.example.org", 3479, IceServerTransport.Tcp)]
    [InlineData("turns:turn.example.org", IceServerScheme.Turns, "turn.example.org", 5349, IceServerTransport.Tcp)]
    [InlineData("turn:[2001:db8::1]:3478", IceServerScheme.Turn, "2001:db8::1", 3478, IceServerTransport.Udp)]
    [InlineData("TURN:127.0.0.1?transport=UDP", IceServerScheme.Turn, "127.0.0.1", 3478, IceServerTransport.Udp)]
    public void ValidUris_Parse(string text, IceServerScheme scheme, string host, int port, IceServerTransport transport)
    {
        IceServerUri uri = IceServerUri.Parse(text);
        Assert.Equal(new IceServerUri(scheme, host, port, transport), uri);
        Assert.Equal(uri, IceServerUri.Parse(uri.ToString()));
    }

    [Theory]
    [InlineData("stun.example.org", "missing scheme")]
    [InlineData("http:example.org", "unknown scheme")]
    [InlineData("stun://example.org", "authority")]
    [InlineData("stun:example.org?transport=udp", "no query")]
    [InlineData("turns:example.org?transport=udp", "transport=udp")]
    [InlineData("turn:example.org?foo=bar", "unsupported query")]
    [InlineData("turn:example.org:0", "invalid port")]
    [InlineData("turn:example.org:99999", "invalid port")]
    [InlineData("turn:[2001:db8::1", "unterminated")]
    [InlineData("turn::3478", "invalid host")]
    public void InvalidUris_GiveAClearError(string text, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => IceServerUri.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TurnServer_WithoutCredentials_IsRejected()
    {
        var server = new IceServer("stun:127.0.0.1:3478", "turn:127.0.0.1:3478");
        ArgumentException e = Assert.Throws<ArgumentException>(() => server.Validate());
        Assert.Contains("needs a username and a credential", e.Message, StringComparison.Ordinal);

        IReadOnlyList<IceServerUri> uris = (server with { Username = "u", Credential = "p" }).Validate();
        Assert.Equal(2, uris.Count);
        Assert.True(uris[1].IsTurn);
    }

    [Fact]
    public void ToString_NeverShowsTheCredential()
    {
        var server = new IceServer("turn:127.0.0.1") { Username = "alice", Credential = "s3cret" };
        Assert.DoesNotContain("s3cret", server.ToString(), StringComparison.Ordinal);
    }
}
