using System.Globalization;
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
    public async Task AnswerOn_RefusesWhatIsNotAJsonOffer_AndKeepsListening()
    {
        int port = FreePort.Get();
        await using var answerer = JingleCli.Start("peer", "--answer-on", port.ToString(CultureInfo.InvariantCulture), "--json", "--timeout", "5");
        await answerer.WaitForOutputAsync("answering offers POSTed to", Timeout);
        using var http = new HttpClient();
        using HttpResponseMessage bad = await http.PostAsync(new Uri($"http://127.0.0.1:{port}/"), new StringContent("{\"type\":\"answer\",\"sdp\":\"\"}"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        using HttpResponseMessage garbage = await http.PostAsync(new Uri($"http://127.0.0.1:{port}/"), new StringContent("not json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.False(answerer.HasExited);
    }

    [Fact]
    public async Task Peer_WithoutASignalingChoice_ExitsWithUsageError()
    {
        await using var peer = JingleCli.Start("peer", "--echo");
        Assert.Equal(2, await peer.WaitForExitAsync(Timeout));
        Assert.Contains("exactly one of", peer.Output, StringComparison.Ordinal);
    }
}
