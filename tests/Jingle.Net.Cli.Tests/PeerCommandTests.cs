using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Jingle.Net.Testing;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// <c>jingle peer --answer-on</c> and <c>jingle peer --offer-to</c> as two child processes on 127.0.0.1 (aiortc's
/// JSON convention), with their <c>--json</c> results parsed.
/// </summary>
public sealed class PeerCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OfferTo_AnswerOnEcho_FileComesBack_BothJsonResultsAgree()
    {
        const int size = 1_000_000;
        string file = JingleCli.RandomFile(size);
        try
        {
            int port = FreePort.Get();
            await using var answerer = JingleCli.Start("peer", "--answer-on", port.ToString(CultureInfo.InvariantCulture), "--echo", "--json");
            await answerer.WaitForOutputAsync("answering offers POSTed to", Timeout);
            await using var offerer = JingleCli.Start("peer", "--offer-to", $"http://127.0.0.1:{port}/offer", "--send", file, "--expect-echo", "--json");

            (int offerExit, JsonObject offer) = await JingleCli.ResultAsync(offerer, Timeout);
            (int answerExit, JsonObject answer) = await JingleCli.ResultAsync(answerer, Timeout);

            Assert.True(offerExit == 0, offerer.Output);
            Assert.True(answerExit == 0, answerer.Output);
            Assert.Equal("json-offer", offer.Text("signaling"));
            Assert.Equal("json-answer", answer.Text("signaling"));
            Assert.Equal(size, offer.Long("bytesSent"));
            Assert.Equal(size, offer.Long("bytesReceived"));   // every byte came back
            Assert.Equal(size, answer.Long("bytesReceived"));
            Assert.Equal(size, answer.Long("bytesSent"));      // the echo counts as sent
            Assert.True(offer["ok"]!.GetValue<bool>());
            Assert.StartsWith("host ", offer.Text("selectedPair"), StringComparison.Ordinal);
            Assert.StartsWith("host ", answer.Text("selectedPair"), StringComparison.Ordinal);
            Assert.InRange(offer["openMs"]!.GetValue<double>(), 0.1, Timeout.TotalMilliseconds);
            Assert.True(offer["megabytesPerSecond"]!.GetValue<double>() > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task OfferTo_AnswerOnSink_CountsEveryByte_AndSendsNothing()
    {
        const int size = 2_000_000;
        string file = JingleCli.RandomFile(size);
        try
        {
            int port = FreePort.Get();
            await using var answerer = JingleCli.Start("peer", "--answer-on", port.ToString(CultureInfo.InvariantCulture), "--sink", "--json");
            await answerer.WaitForOutputAsync("answering offers POSTed to", Timeout);
            await using var offerer = JingleCli.Start("peer", "--offer-to", $"http://127.0.0.1:{port}/", "--send", file, "--json");

            (int offerExit, JsonObject offer) = await JingleCli.ResultAsync(offerer, Timeout);
            (int answerExit, JsonObject answer) = await JingleCli.ResultAsync(answerer, Timeout);

            Assert.True(offerExit == 0 && answerExit == 0, offerer.Output + answerer.Output);
            Assert.Equal(size, offer.Long("bytesSent"));
            Assert.Equal(0, offer.Long("bytesReceived"));
            Assert.Equal(size, answer.Long("bytesReceived"));
            Assert.Equal(0, answer.Long("bytesSent"));
            Assert.Equal((size + 65535) / 65536, answer.Long("messagesReceived"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnswerOn_RefusesWhatIsNotAnOffer_WithClear4xx_AndKeepsListening()
    {
        int port = FreePort.Get();
        await using var answerer = JingleCli.Start("peer", "--answer-on", port.ToString(CultureInfo.InvariantCulture), "--json", "--timeout", "5");
        await answerer.WaitForOutputAsync("answering offers POSTed to", Timeout);
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/");

        await AssertRefusedAsync(http, url, "{\"type\":\"answer\",\"sdp\":\"\"}", "application/json", 400, "expected a description of type offer, got answer");
        await AssertRefusedAsync(http, url, "not json", "text/plain", 400, "malformed JSON");
        await AssertRefusedAsync(http, url, "v=0\r\nnot sdp at all\r\n", "application/sdp", 400, "malformed SDP");
        await AssertRefusedAsync(http, url, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "application/sdp", 400, "no m= section");
        await AssertRefusedAsync(http, url, "<offer/>", "application/xml", 415, "content type 'application/xml' is not an offer");
        using HttpResponseMessage get = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
        Assert.False(answerer.HasExited);
    }

    [Fact]
    public async Task AnswerOn_TakesAWhipOffer_201WithLocation_TrickleAndDelete()
    {
        const int size = 500_000;
        string file = JingleCli.RandomFile(size);
        try
        {
            int port = FreePort.Get();
            await using var answerer = JingleCli.Start("peer", "--answer-on", port.ToString(CultureInfo.InvariantCulture), "--sink", "--json");
            await answerer.WaitForOutputAsync("answering offers POSTed to", Timeout);
            await using var offerer = JingleCli.Start("peer", "--whip", $"http://127.0.0.1:{port}/whip", "--whip-trickle", "--send", file, "--json");

            (int offerExit, JsonObject offer) = await JingleCli.ResultAsync(offerer, Timeout);
            (int answerExit, JsonObject answer) = await JingleCli.ResultAsync(answerer, Timeout);   // the DELETE ends the sink

            Assert.True(offerExit == 0 && answerExit == 0, offerer.Output + answerer.Output);
            Assert.Matches($"WHIP session http://127.0.0.1:{port}/session/[0-9a-f]{{32}}", offerer.Output);
            Assert.Matches("WHIP trickle: [1-9][0-9]* PATCHes, [0-9]+ candidates; ICE restarts 0", offerer.Output);   // 204s
            Assert.Contains("WHIP session deleted (200)", offerer.Output, StringComparison.Ordinal);
            Assert.Equal(size, answer.Long("bytesReceived"));
            Assert.Equal(size, offer.Long("bytesSent"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertRefusedAsync(HttpClient http, Uri url, string body, string contentType, int status, string reason)
    {
        using var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using HttpResponseMessage response = await http.PostAsync(url, content);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_WithoutASignalingChoice_ExitsWithUsageError()
    {
        await using var peer = JingleCli.Start("peer", "--echo");
        Assert.Equal(2, await peer.WaitForExitAsync(Timeout));
        Assert.Contains("exactly one of", peer.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--offer-to", "http://127.0.0.1:9/", "--whip-trickle")]
    [InlineData("--answer-on", "9", "--bearer")]
    public async Task Peer_WhipOptionsWithoutWhip_ExitsWithUsageError(string signaling, string target, string whipOption)
    {
        string[] arguments = whipOption == "--bearer" ? ["peer", signaling, target, whipOption, "t"] : ["peer", signaling, target, whipOption];
        await using var peer = JingleCli.Start(arguments);
        Assert.Equal(2, await peer.WaitForExitAsync(Timeout));
        Assert.Contains("need --whip URL", peer.Output, StringComparison.Ordinal);
    }
}
