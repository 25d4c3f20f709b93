using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Cli.Commands;

namespace Jingle.Net.Cli.Tests;

/// <summary>The pcserver's request reader: what it accepts, and that arbitrary bytes give a request, null or a refusal.</summary>
public sealed class PcServerRequestTests
{
    private static Task<PcServerRequest?> Read(string text) => PcServerRequest.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    [Fact]
    public async Task LibwebrtcClientMessage_Http10WithoutHost_Parses()
    {
        PcServerRequest? r = await Read("POST /message?peer_id=3&to=7 HTTP/1.0\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello");

        Assert.NotNull(r);
        Assert.Equal("POST", r.Method);
        Assert.Equal("/message", r.Path);
        Assert.Equal(3, r.QueryId("peer_id"));
        Assert.Equal(7, r.QueryId("to"));
        Assert.Equal("text/plain", r.ContentType);
        Assert.Equal("hello", Encoding.UTF8.GetString(r.Body));
    }

    [Fact]
    public async Task QueryId_IsNullForMissingZeroNegativeOrNonNumeric()
    {
        PcServerRequest r = (await Read("GET /wait?peer_id=0&to=-1&x=abc HTTP/1.1\r\nHost: h\r\n\r\n"))!;
        Assert.Null(r.QueryId("peer_id"));
        Assert.Null(r.QueryId("to"));
        Assert.Null(r.QueryId("x"));
        Assert.Null(r.QueryId("missing"));
    }

    [Fact]
    public async Task ClosedBeforeARequest_IsNull()
    {
        Assert.Null(await Read(string.Empty));
    }

    [Fact]
    public async Task BodyShorterThanContentLength_Is400()
    {
        PcServerHttpException e = await Assert.ThrowsAsync<PcServerHttpException>(() => Read("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Length: 10\r\n\r\nabc"));
        Assert.Equal(400, e.Status);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property ArbitraryBytes_GiveARequestNullOrARefusal_NeverAnotherException(byte[] input)
    {
        try
        {
            _ = PcServerRequest.ReadAsync(new MemoryStream(input), CancellationToken.None).GetAwaiter().GetResult();
            return true.ToProperty();
        }
        catch (PcServerHttpException e)
        {
            return (e.Status is >= 400 and < 500).ToProperty();
        }
    }
}
