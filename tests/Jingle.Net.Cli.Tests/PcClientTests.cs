using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Jingle.Net.Cli.Commands;
using Jingle.Net.Testing;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// <c>jingle pcserver</c> with two <c>jingle pcclient</c>s, all child processes: sign in, call by name, offer/answer
/// and trickled candidates through the server, a data-channel transfer, hang-up and sign-out.
/// </summary>
public sealed class PcClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoPcClients_ThroughPcServer_CallByName_TransferAFile_EchoedBack_BothSignOut()
    {
        const int size = 1_000_000;
        string file = JingleCli.RandomFile(size);
        try
        {
            int port = FreePort.Get();
            string url = $"http://127.0.0.1:{port}";
            await using var server = JingleCli.Start("pcserver", "--port", port.ToString(CultureInfo.InvariantCulture));
            await server.WaitForOutputAsync("Server listening on", Timeout);
            await using var bob = JingleCli.Start("pcclient", "--server", url, "--name", "bob", "--echo", "--json");
            await bob.WaitForOutputAsync("waiting for a call", Timeout);
            await using var alice = JingleCli.Start("pcclient", "--server", url, "--name", "alice", "--call", "bob", "--send", file, "--expect-echo", "--json");

            (int aliceExit, JsonObject a) = await JingleCli.ResultAsync(alice, Timeout);
            (int bobExit, JsonObject b) = await JingleCli.ResultAsync(bob, Timeout);

            Assert.True(aliceExit == 0, alice.Output);
            Assert.True(bobExit == 0, bob.Output);
            Assert.Equal("pcserver", a.Text("signaling"));
            Assert.Equal(size, a.Long("bytesSent"));
            Assert.Equal(size, a.Long("bytesReceived"));
            Assert.Equal(size, b.Long("bytesReceived"));
            Assert.Equal(size, b.Long("bytesSent"));
            Assert.StartsWith("host ", a.Text("selectedPair"), StringComparison.Ordinal);
            Assert.Contains("signed in as alice (id 2); peers: bob (1)", alice.Output, StringComparison.Ordinal);
            await server.WaitForOutputAsync("Member signed out: alice (2)", TimeSpan.FromSeconds(10));
            await server.WaitForOutputAsync("Member signed out: bob (1)", TimeSpan.FromSeconds(10));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task PcClientSink_AnsweringACallerThatSignedInFirst_CountsTheFile()
    {
        const int size = 2_000_000;
        string file = JingleCli.RandomFile(size);
        var log = new StringWriter();
        try
        {
            await using var server = new PcServer(new IPEndPoint(IPAddress.Loopback, 0), log);   // in process: the peer list is visible
            server.Start();
            string url = $"http://127.0.0.1:{server.LocalEndPoint.Port}";
            // The caller signs in first and waits for its callee to appear (the peer-list notification path).
            await using var alice = JingleCli.Start("pcclient", "--server", url, "--name", "alice", "--call", "bob", "--send", file, "--json");
            await alice.WaitForOutputAsync("signed in as alice", Timeout);
            await using var bob = JingleCli.Start("pcclient", "--server", url, "--name", "bob", "--sink", "--json");

            (int aliceExit, JsonObject a) = await JingleCli.ResultAsync(alice, Timeout);
            (int bobExit, JsonObject b) = await JingleCli.ResultAsync(bob, Timeout);

            Assert.True(aliceExit == 0 && bobExit == 0, alice.Output + bob.Output);
            Assert.Equal(size, a.Long("bytesSent"));
            Assert.Equal(size, b.Long("bytesReceived"));
            Assert.Equal(0, b.Long("bytesSent"));
            Assert.Empty(server.Peers);   // both signed out
            Assert.True(server.BadRequests == 0, log.ToString());   // a message crossing a sign-out counts in GonePeerRequests
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("bob,3,1", "bob", 3, true)]
    [InlineData("bob,3,0", "bob", 3, false)]
    [InlineData("bob,3", "bob", 3, false)]
    public void TryParseEntry_ReadsNameIdConnected(string entry, string name, int id, bool connected)
    {
        Assert.True(PcSignalingClient.TryParseEntry(entry, out string n, out int i, out bool c));
        Assert.Equal((name, id, connected), (n, i, c));
    }

    [Theory]
    [InlineData("")]
    [InlineData(",3,1")]
    [InlineData("bob")]
    [InlineData("bob,x,1")]
    public void TryParseEntry_RejectsMalformedLines(string entry) =>
        Assert.False(PcSignalingClient.TryParseEntry(entry, out _, out _, out _));

    [Fact]
    public void CandidateJson_HasExactlyTheSamplesThreeKeys()
    {
        JsonObject o = JsonNode.Parse(PcClientCommand.CandidateJson(new Jsep.RtcIceCandidateInit("candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host", "0", 0, "abcd")))!.AsObject();
        Assert.Equal(["candidate", "sdpMLineIndex", "sdpMid"], o.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(0, o["sdpMLineIndex"]!.GetValue<int>());
    }
}
