using System.Net;
using System.Net.Sockets;
using System.Text;
using Jingle.Net.Cli.Commands;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// <c>jingle pcserver</c> (<see cref="PcServer"/>, in process) against libwebrtc's peerconnection_server protocol,
/// spoken byte for byte as libwebrtc's peerconnection_client speaks it (HTTP/1.0, no Host header).
/// </summary>
public sealed class PcServerProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private readonly StringWriter _log = new();
    private PcServer _server = null!;

    private IPEndPoint Server => _server.LocalEndPoint;

    public ValueTask InitializeAsync()
    {
        _server = new PcServer(new IPEndPoint(IPAddress.Loopback, 0), _log);
        _server.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<RawHttp> Request(string request) => RawHttp.SendAsync(Server, request);

    [Fact]
    public async Task SignIn_Returns200Added_PragmaIsTheNewId_BodyListsItselfFirstThenTheOthers()
    {
        RawHttp alice = await Request(RawHttp.Get("/sign_in?alice"));
        RawHttp bob = await Request(RawHttp.Get("/sign_in?bob"));

        Assert.Equal("HTTP/1.1 200 Added", alice.StatusLine);
        Assert.Equal(1, alice.Pragma);
        Assert.Equal("alice,1,1\n", alice.Body);
        Assert.Equal(2, bob.Pragma);
        Assert.Equal("bob,2,1\nalice,1,1\n", bob.Body);
        Assert.Equal("close", bob.Headers["Connection"]);
        Assert.Equal("*", bob.Headers["Access-Control-Allow-Origin"]);
    }

    [Fact]
    public async Task SignIn_NameRules_CommaBecomesUnderscore_EmptyBecomesPeerId()
    {
        RawHttp comma = await Request(RawHttp.Get("/sign_in?a,b"));
        RawHttp empty = await Request(RawHttp.Get("/sign_in"));

        Assert.Equal("a_b,1,1\n", comma.Body);
        Assert.StartsWith("peer_2,2,1\n", empty.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_NotifiesTheOthers_OnTheirWait_WithTheirOwnIdAsPragma()
    {
        await Request(RawHttp.Get("/sign_in?alice"));
        Task<RawHttp> wait = Request(RawHttp.Get("/wait?peer_id=1"));
        await Task.Delay(Short);
        Assert.False(wait.IsCompleted);   // long poll: held while nothing is there

        await Request(RawHttp.Get("/sign_in?bob"));
        RawHttp notification = await wait;

        Assert.Equal(200, notification.Status);
        Assert.Equal(1, notification.Pragma);
        Assert.Equal("bob,2,1\n", notification.Body);
    }

    [Fact]
    public async Task Message_DeliveredToTheHeldWait_WithTheSendersIdAsPragma_AndThePosterGetsAnEmpty200()
    {
        await Request(RawHttp.Get("/sign_in?alice"));
        await Request(RawHttp.Get("/sign_in?bob"));
        await Request(RawHttp.Get("/wait?peer_id=1"));   // bob's sign-in notification
        Task<RawHttp> wait = Request(RawHttp.Get("/wait?peer_id=1"));
        await Task.Delay(Short);
        Assert.False(wait.IsCompleted);

        RawHttp posted = await Request(RawHttp.Post("/message?peer_id=2&to=1", "{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
        RawHttp message = await wait;

        Assert.Equal(200, posted.Status);
        Assert.Equal(string.Empty, posted.Body);
        Assert.Equal(2, message.Pragma);
        Assert.Equal("{\"type\":\"offer\",\"sdp\":\"v=0\"}", message.Body);
        Assert.Equal("text/plain", message.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Messages_WithNoWaitPending_AreQueued_AndDeliveredInOrder()
    {
        await Request(RawHttp.Get("/sign_in?alice"));
        await Request(RawHttp.Get("/sign_in?bob"));
        for (int i = 0; i < 3; i++)
        {
            await Request(RawHttp.Post("/message?peer_id=2&to=1", $"m{i}"));
        }

        Assert.Equal("bob,2,1\n", (await Request(RawHttp.Get("/wait?peer_id=1"))).Body);
        for (int i = 0; i < 3; i++)
        {
            RawHttp m = await Request(RawHttp.Get("/wait?peer_id=1"));
            Assert.Equal($"m{i}", m.Body);
            Assert.Equal(2, m.Pragma);
        }
    }

    [Fact]
    public async Task Message_ToOneself_IsEchoedBack()
    {
        await Request(RawHttp.Get("/sign_in?alice"));
        RawHttp echo = await Request(RawHttp.Post("/message?peer_id=1&to=1", "hello"));
        Assert.Equal("hello", echo.Body);
        Assert.Equal(1, echo.Pragma);
    }

    [Fact]
    public async Task SignOut_NotifiesTheOtherPeer_WithConnectedZero_AndForgetsThePeer()
    {
        await Request(RawHttp.Get("/sign_in?alice"));
        await Request(RawHttp.Get("/sign_in?bob"));
        await Request(RawHttp.Get("/wait?peer_id=1"));
        Task<RawHttp> wait = Request(RawHttp.Get("/wait?peer_id=1"));
        await Task.Delay(Short);

        RawHttp signOut = await Request(RawHttp.Get("/sign_out?peer_id=2"));
        RawHttp notification = await wait;

        Assert.Equal(200, signOut.Status);
        Assert.Equal(1, notification.Pragma);
        Assert.Equal("bob,2,0\n", notification.Body);
        Assert.Equal(404, (await Request(RawHttp.Get("/wait?peer_id=2"))).Status);
        Assert.Equal(404, (await Request(RawHttp.Post("/message?peer_id=1&to=2", "x"))).Status);
        Assert.Equal(new[] { (1, "alice") }, _server.Peers);
        // Crossing a sign-out is a race, not a malformed request: counted apart.
        Assert.Equal(2, _server.GonePeerRequests);
        Assert.Equal(0, _server.BadRequests);
    }

    [Fact]
    public async Task WaitConnectionClosedByTheClient_TheNextMessageIsQueuedNotLost()
    {
        await Request(RawHttp.Get("/sign_in?alice"));
        await Request(RawHttp.Get("/sign_in?bob"));
        await Request(RawHttp.Get("/wait?peer_id=1"));
        using (var abandoned = new TcpClient())
        {
            await abandoned.ConnectAsync(Server);
            await abandoned.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RawHttp.Get("/wait?peer_id=1")));
            await Task.Delay(Short);
        }

        await Task.Delay(Short);
        await Request(RawHttp.Post("/message?peer_id=2&to=1", "after"));
        RawHttp m = await Request(RawHttp.Get("/wait?peer_id=1"));

        Assert.Equal("after", m.Body);
        Assert.Equal(2, m.Pragma);
    }

    [Theory]
    [InlineData("garbage\r\n\r\n", 400)]
    [InlineData("GET nopath HTTP/1.0\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.0\r\nno colon here\r\n\r\n", 400)]
    [InlineData("GET /nowhere HTTP/1.0\r\n\r\n", 404)]
    [InlineData("GET /wait HTTP/1.0\r\n\r\n", 400)]
    [InlineData("GET /wait?peer_id=abc HTTP/1.0\r\n\r\n", 400)]
    [InlineData("GET /wait?peer_id=999 HTTP/1.0\r\n\r\n", 404)]
    [InlineData("GET /sign_out?peer_id=999 HTTP/1.0\r\n\r\n", 404)]
    [InlineData("GET /message?peer_id=1&to=1 HTTP/1.0\r\n\r\n", 405)]
    [InlineData("POST /sign_in?x HTTP/1.0\r\nContent-Length: 1\r\n\r\nx", 405)]
    [InlineData("POST /message?peer_id=1&to=1 HTTP/1.0\r\nContent-Length: 0\r\n\r\n", 400)]
    [InlineData("POST /message?peer_id=1 HTTP/1.0\r\nContent-Length: 1\r\n\r\nx", 400)]
    [InlineData("POST /message?peer_id=1&to=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", 411)]
    [InlineData("POST /message?peer_id=1&to=1 HTTP/1.0\r\nContent-Length: 99999999\r\n\r\n", 413)]
    [InlineData("POST /message?peer_id=1&to=1 HTTP/1.0\r\nContent-Length: -1\r\n\r\n", 400)]
    public async Task MalformedOrUnknownRequests_Get4xx_AndTheServerKeepsServing(string request, int status)
    {
        await Request(RawHttp.Get("/sign_in?alice"));

        RawHttp refused = await Request(request);

        Assert.Equal(status, refused.Status);
        RawHttp bob = await Request(RawHttp.Get("/sign_in?bob"));
        Assert.Equal(2, bob.Pragma);
        bool unknownPeer = request.Contains("peer_id=999", StringComparison.Ordinal);
        Assert.True((unknownPeer ? _server.GonePeerRequests : _server.BadRequests) >= 1);
        Assert.Equal(0, unknownPeer ? _server.BadRequests : _server.GonePeerRequests);
    }

    [Fact]
    public async Task OversizedHead_Gets431()
    {
        RawHttp refused = await Request("GET /sign_in?" + new string('a', 9000) + " HTTP/1.0\r\n\r\n");
        Assert.Equal(431, refused.Status);
    }

    [Fact]
    public async Task Options_Gets200WithCorsHeaders()
    {
        RawHttp options = await Request("OPTIONS /message HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, options.Status);
        Assert.Equal("POST, GET, OPTIONS", options.Headers["Access-Control-Allow-Methods"]);
    }

    [Fact]
    public async Task ManyPeers_EachSeesTheFullListAndEveryLaterSignIn()
    {
        const int count = 20;
        for (int i = 1; i <= count; i++)
        {
            RawHttp r = await Request(RawHttp.Get($"/sign_in?p{i}"));
            Assert.Equal(i, r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        Task<RawHttp>[] waits = [.. Enumerable.Range(1, count - 1).Select(i => Request(RawHttp.Get($"/wait?peer_id={i}")))];
        RawHttp[] first = await Task.WhenAll(waits);

        Assert.Equal("p2,2,1\n", first[0].Body);          // p1 learns of p2 first
        Assert.Equal($"p{count},{count},1\n", first[count - 2].Body);   // p19 learned only of p20
        Assert.Equal(count, _server.Peers.Count);
    }

    [Fact]
    public async Task PeerWithoutAWaitForThePeerTimeout_IsSignedOut_AndTheOthersAreTold()
    {
        await using var server = new PcServer(new IPEndPoint(IPAddress.Loopback, 0), _log) { PeerTimeout = TimeSpan.FromMilliseconds(400) };
        server.Start();
        await RawHttp.SendAsync(server.LocalEndPoint, RawHttp.Get("/sign_in?alice"));
        Task<RawHttp> aliceWait = RawHttp.SendAsync(server.LocalEndPoint, RawHttp.Get("/wait?peer_id=1"));
        await RawHttp.SendAsync(server.LocalEndPoint, RawHttp.Get("/sign_in?bob"));   // bob never waits
        Assert.Equal("bob,2,1\n", (await aliceWait).Body);
        Task<RawHttp> next = RawHttp.SendAsync(server.LocalEndPoint, RawHttp.Get("/wait?peer_id=1"));

        RawHttp gone = await next.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("bob,2,0\n", gone.Body);
        Assert.Equal(new[] { (1, "alice") }, server.Peers);   // alice kept: her /wait was pending all along
        Assert.Contains("Timeout: bob", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitTimeout_AnswersAHeldWaitWithAnEmptyKeepAlive()
    {
        await using var server = new PcServer(new IPEndPoint(IPAddress.Loopback, 0), _log) { WaitTimeout = TimeSpan.FromMilliseconds(200) };
        server.Start();
        await RawHttp.SendAsync(server.LocalEndPoint, RawHttp.Get("/sign_in?alice"));

        RawHttp keepAlive = await RawHttp.SendAsync(server.LocalEndPoint, RawHttp.Get("/wait?peer_id=1"));

        Assert.Equal(200, keepAlive.Status);
        Assert.Equal(1, keepAlive.Pragma);
        Assert.Equal(string.Empty, keepAlive.Body);
    }
}
