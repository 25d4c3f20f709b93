namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class JidTests
{
    [Theory]
    [InlineData("alice@localhost/res", "alice", "localhost", "res")]
    [InlineData("Alice@LocalHost/Res/x", "alice", "localhost", "Res/x")]
    [InlineData("localhost", null, "localhost", null)]
    [InlineData("localhost/r", null, "localhost", "r")]
    public void Parses(string text, string? local, string domain, string? resource)
    {
        Jid jid = Jid.Parse(text);
        Assert.Equal(local, jid.Local);
        Assert.Equal(domain, jid.Domain);
        Assert.Equal(resource, jid.Resource);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@localhost")]
    [InlineData("a@")]
    [InlineData("a@b/")]
    [InlineData("a b@c")]
    [InlineData("a@b@c")]
    public void RejectsInvalid(string text) => Assert.False(Jid.TryParse(text, out _));

    [Fact]
    public void BareAndEquality()
    {
        Jid full = Jid.Parse("a@b/r");
        Assert.Equal(Jid.Parse("A@B"), full.Bare);
        Assert.NotEqual(Jid.Parse("a@b/R"), full);
        Assert.Equal("a@b/x", full.WithResource("x").ToString());
    }
}
