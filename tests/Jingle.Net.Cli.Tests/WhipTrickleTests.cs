using System.Net;
using System.Text.Json.Nodes;
using Jingle.Net.Base;
using Jingle.Net.Stun.Turn.Server;
using Jingle.Net.Testing;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// <c>jingle peer --whip</c> against <see cref="TestWhipEndpoint"/>: trickle PATCHes (RFC 9725 §4.3.1, RFC 8840
/// sdpfrag), a server without trickle, ICE restart by PATCH (§4.3.2), Link ice-server fields (§4.6) and a
/// malformed answer.
/// </summary>
public sealed class WhipTrickleTests
{
    private const int Size = 300_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Trickle_PostsAtOnce_ThenPatchesValidSdpfragsInOrder_WithTheETag_ThenDeletes()
    {
        await using TurnServer turn = StartTurn();   // a relay candidate comes a few round trips late: trickled for sure
        await using var endpoint = new TestWhipEndpoint("t");
        (int exit, JsonObject result, string output) = await RunAsync(endpoint, ["--whip-trickle", .. TurnArguments(turn)]);

        Assert.True(exit == 0, output);
        Assert.Equal(Size, await endpoint.ReceivedAsync());
        Assert.Empty(endpoint.Errors);
        Assert.DoesNotContain("a=end-of-candidates", endpoint.Offer, StringComparison.Ordinal);   // POSTed before gathering completed
        (string ufrag, string pwd, string mid) = IceOf(endpoint.Offer!);
        IReadOnlyList<RecordedPatch> patches = endpoint.Patches;
        Assert.NotEmpty(patches);
        var seen = new HashSet<string>(Lines(endpoint.Offer!).Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)));
        for (int i = 0; i < patches.Count; i++)
        {
            RecordedPatch patch = patches[i];
            Assert.Equal(204, patch.Status);
            Assert.Equal("application/trickle-ice-sdpfrag", patch.ContentType);
            Assert.Equal("\"gen-1\"", patch.IfMatch);
            string[] lines = Lines(patch.Body);
            Assert.StartsWith("m=application 9 ", lines.Single(l => l.StartsWith("m=", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.Equal(["a=mid:" + mid], lines.Where(l => l.StartsWith("a=mid:", StringComparison.Ordinal)));
            Assert.Equal(["a=ice-ufrag:" + ufrag], lines.Where(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal)));
            Assert.Equal(["a=ice-pwd:" + pwd], lines.Where(l => l.StartsWith("a=ice-pwd:", StringComparison.Ordinal)));
            Assert.All(lines, l => Assert.Matches("^(a=group:BUNDLE .*|m=.*|a=mid:.*|a=ice-ufrag:.*|a=ice-pwd:.*|a=candidate:.* typ .*|a=end-of-candidates)$", l));
            foreach (string candidate in lines.Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)))
            {
                Assert.True(seen.Add(candidate), $"sent twice: {candidate}");
            }

            // end-of-candidates closes the last PATCH and only it: the PATCHes arrived in order.
            Assert.Equal(i == patches.Count - 1, lines[^1] == "a=end-of-candidates");
            Assert.Equal(i == patches.Count - 1, lines.Contains("a=end-of-candidates"));
        }

        Assert.Contains(patches, p => p.Body.Contains(" typ relay ", StringComparison.Ordinal));
        Assert.DoesNotContain(" typ relay ", endpoint.Offer, StringComparison.Ordinal);
        Assert.Contains($"WHIP trickle: {patches.Count} PATCHes", output, StringComparison.Ordinal);
        Assert.Equal("Bearer t", await endpoint.Deleted.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Size, result.Long("bytesSent"));
    }

    [Theory]
    [InlineData(405)]
    [InlineData(501)]
    public async Task Trickle_RefusedByTheSession_StopsAfterOnePatch_AndTheSessionStillConnects(int status)
    {
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions { TrickleStatus = status });
        (int exit, _, string output) = await RunAsync(endpoint, "--whip-trickle");

        Assert.True(exit == 0, output);
        Assert.Equal(status, Assert.Single(endpoint.Patches).Status);
        Assert.Contains($"WHIP trickle stopped ({status} no trickle there)", output, StringComparison.Ordinal);
        Assert.Equal(Size, await endpoint.ReceivedAsync());   // through the offer's candidates and the peer-reflexive ones learnt from our checks
        Assert.True(endpoint.Deleted.Task.IsCompleted);
    }

    [Fact]
    public async Task Trickle_201WithoutLocation_NothingToPatch_StillConnects()
    {
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions { OmitLocation = true });
        (int exit, _, string output) = await RunAsync(endpoint, "--whip-trickle", "--whip-ice-restart");

        Assert.True(exit == 0, output);
        Assert.Contains("WHIP session (no Location)", output, StringComparison.Ordinal);
        Assert.Contains("WHIP trickle stopped (no Location in the 201)", output, StringComparison.Ordinal);
        Assert.Contains("WHIP ICE restart skipped: the session takes no PATCH (no Location in the 201)", output, StringComparison.Ordinal);
        Assert.Empty(endpoint.Patches);
        Assert.Equal(Size, await endpoint.ReceivedAsync());
    }

    [Fact]
    public async Task WithoutTrickle_OfferCarriesEveryCandidate_AndNothingIsPatched()
    {
        await using var endpoint = new TestWhipEndpoint("t");
        (int exit, _, string output) = await RunAsync(endpoint);

        Assert.True(exit == 0, output);
        Assert.Contains("a=end-of-candidates", endpoint.Offer, StringComparison.Ordinal);
        Assert.Empty(endpoint.Patches);
        Assert.Equal(Size, await endpoint.ReceivedAsync());
    }

    [Fact]
    public async Task IceRestart_PatchesIfMatchStar_WithTheNewGenerationGathered_AndAppliesTheServersFragment()
    {
        await using TurnServer turn = StartTurn();
        await using var endpoint = new TestWhipEndpoint("t");
        (int exit, _, string output) = await RunAsync(endpoint, ["--whip-ice-restart", .. TurnArguments(turn)]);

        Assert.True(exit == 0, output);
        Assert.Empty(endpoint.Errors);
        RecordedPatch restart = Assert.Single(endpoint.Patches);   // without trickle the restart PATCH is the only one
        Assert.Equal(("*", 200), (restart.IfMatch, restart.Status));
        (string ufrag, string pwd, _) = IceOf(endpoint.Offer!);
        (string newUfrag, string newPwd, _) = IceOf(restart.Body);
        Assert.NotEqual(ufrag, newUfrag);
        Assert.NotEqual(pwd, newPwd);
        Assert.Contains(" typ relay ", restart.Body, StringComparison.Ordinal);
        Assert.EndsWith("a=end-of-candidates\r\n", restart.Body, StringComparison.Ordinal);   // gathered first: nothing follows
        Assert.Contains($"WHIP ICE restart: ufrag {Assert.Single(endpoint.RestartAnswerUfrags)}, ", output, StringComparison.Ordinal);
        Assert.Contains("ETag \"gen-2\"", output, StringComparison.Ordinal);
        Assert.Matches("WHIP ICE restart: selected pair host 127.0.0.1:\\d+ <-> host 127.0.0.1:\\d+ -> ", output);
        Assert.Equal(Size, await endpoint.ReceivedAsync());   // sent after the restart, over the new generation's pair
    }

    [Fact]
    public async Task IceRestart_WithTrickle_LaterCandidatesArePatchedWithTheNewETag_NoneOfTheOldGeneration()
    {
        // STUN answers are held until the restart PATCH reached the endpoint: the new generation's srflx candidate and
        // end-of-candidates must follow in trickle PATCHes, and the old generation's (answered then too) must not.
        await using var stun = new GatedStunServer();
        await using var endpoint = new TestWhipEndpoint("t");
        _ = endpoint.RestartReceived.Task.ContinueWith(_ => stun.Open(), TaskScheduler.Default);
        (int exit, _, string output) = await RunAsync(endpoint, "--whip-ice-restart", "--whip-trickle", "--ice-server", $"stun:127.0.0.1:{stun.Port}");

        Assert.True(exit == 0, output);
        Assert.Empty(endpoint.Errors);
        IReadOnlyList<RecordedPatch> patches = endpoint.Patches;
        int restartAt = patches.ToList().FindIndex(p => p.IfMatch == "*");
        Assert.True(restartAt >= 0, output);
        Assert.Single(patches, p => p.IfMatch == "*");
        (string newUfrag, _, _) = IceOf(patches[restartAt].Body);
        Assert.DoesNotContain("203.0.113.7", patches[restartAt].Body, StringComparison.Ordinal);
        RecordedPatch[] after = [.. patches.Skip(restartAt + 1)];
        Assert.NotEmpty(after);
        Assert.All(patches.Take(restartAt), p => Assert.Equal("\"gen-1\"", p.IfMatch));
        Assert.All(after, p => Assert.Equal(("\"gen-2\"", 204), (p.IfMatch, p.Status)));
        Assert.All(after, p => Assert.Contains("a=ice-ufrag:" + newUfrag + "\r\n", p.Body, StringComparison.Ordinal));
        string[] srflx = [.. patches.SelectMany(p => Lines(p.Body)).Where(l => l.Contains(" typ srflx ", StringComparison.Ordinal))];
        Assert.NotEmpty(srflx);
        Assert.All(srflx, l => Assert.Contains(" 203.0.113.7 ", l, StringComparison.Ordinal));
        Assert.All(srflx, l => Assert.Contains(after, p => p.Body.Contains(l, StringComparison.Ordinal)));   // new generation only
        // The transfer may end (DELETE) before the new generation finishes gathering; end-of-candidates, when it was
        // trickled, comes once and last.
        Assert.All(after[..^1], p => Assert.DoesNotContain("a=end-of-candidates", p.Body, StringComparison.Ordinal));
        Assert.Equal(Size, await endpoint.ReceivedAsync());
    }

    [Fact]
    public async Task IceRestart_Trickling_RefusedWith422_LeavesTheConnectionAsItWas()
    {
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions { RestartStatus = 422 });
        (int exit, _, string output) = await RunAsync(endpoint, "--whip-ice-restart", "--whip-trickle");

        Assert.True(exit == 0, output);
        RecordedPatch restart = Assert.Single(endpoint.Patches, p => p.IfMatch == "*");
        Assert.Equal(422, restart.Status);
        (string ufrag, _, _) = IceOf(endpoint.Offer!);
        Assert.DoesNotContain("a=ice-ufrag:" + ufrag, restart.Body, StringComparison.Ordinal);   // new credentials, not yet applied
        Assert.DoesNotContain("a=candidate:", restart.Body, StringComparison.Ordinal);
        Assert.All(endpoint.Patches.Where(p => p.IfMatch != "*"), p => Assert.Contains("a=ice-ufrag:" + ufrag, p.Body, StringComparison.Ordinal));
        Assert.Contains("WHIP ICE restart refused (422)", output, StringComparison.Ordinal);
        Assert.Contains("ICE restarts 0", output, StringComparison.Ordinal);
        Assert.Equal(Size, await endpoint.ReceivedAsync());
    }

    /// <summary>
    /// Without trickle the restart offer is applied and gathered before its PATCH; the 422 rolls it back, and the
    /// connection carries on over the pair it had (PeerConnection's rollback restores the earlier ICE generation).
    /// </summary>
    [Fact]
    public async Task IceRestart_NotTrickling_RefusedWith422_RollsBack_TheTransferCompletesOnTheEarlierPair()
    {
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions { RestartStatus = 422 });
        (int exit, _, string output) = await RunAsync(endpoint, "--whip-ice-restart");

        Assert.True(exit == 0, output);
        RecordedPatch restart = Assert.Single(endpoint.Patches, p => p.IfMatch == "*");
        Assert.Equal(422, restart.Status);
        (string ufrag, _, _) = IceOf(endpoint.Offer!);
        Assert.DoesNotContain("a=ice-ufrag:" + ufrag, restart.Body, StringComparison.Ordinal);   // the restart's credentials,
        Assert.Contains("a=candidate:", restart.Body, StringComparison.Ordinal);                // applied and gathered first
        Assert.Contains("WHIP ICE restart refused (422): rolled back", output, StringComparison.Ordinal);
        Assert.Contains("ICE restarts 0", output, StringComparison.Ordinal);
        Assert.Equal(Size, await endpoint.ReceivedAsync());
    }

    [Fact]
    public async Task IceRestart_AfterA405ToTrickle_IsNotTried()
    {
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions { TrickleStatus = 405 });
        (int exit, _, string output) = await RunAsync(endpoint, "--whip-ice-restart", "--whip-trickle");

        Assert.True(exit == 0, output);
        Assert.Equal(405, Assert.Single(endpoint.Patches).Status);
        Assert.False(endpoint.RestartReceived.Task.IsCompleted);
        Assert.Contains("WHIP ICE restart skipped: the session takes no PATCH (405)", output, StringComparison.Ordinal);
        Assert.Equal(Size, await endpoint.ReceivedAsync());
    }

    [Fact]
    public async Task LinkIceServers_FromOptions_ConfigureThePeerConnection_TurnCredentialsAreUsed()
    {
        await using TurnServer turn = StartTurn();
        int port = turn.LocalEndPoint.Port;
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions
        {
            OptionsLinks =
            [
                $"<turn:127.0.0.1:{port}?transport=udp>; rel=\"ice-server\"; username=\"alice\"; credential=\"s3cret-pass\"; credential-type=\"password\"",
                "<https://example.net/docs>; rel=\"help\"",
            ],
        });

        (int exit, _, string output) = await RunAsync(endpoint);

        Assert.True(exit == 0, output);
        Assert.Equal(1, endpoint.OptionsRequests);
        Assert.Contains($"ICE servers from the WHIP endpoint: IceServer(turn:127.0.0.1:{port}?transport=udp, user alice)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", output, StringComparison.Ordinal);
        Assert.True(turn.Statistics.AllocationsCreated >= 1, "no allocation: the Link's credentials were not used");
        Assert.Contains(" typ relay ", endpoint.Offer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkIceServers_OwnIceServerGiven_NoOptionsAsked_And201LinksAreNotApplied()
    {
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions
        {
            OptionsLinks = ["<stun:127.0.0.1:9>; rel=\"ice-server\""],
            CreatedLinks = ["<stun:127.0.0.1:7>; rel=\"ice-server\""],
        });
        (int exit, _, string output) = await RunAsync(endpoint, "--ice-server", "stun:127.0.0.1:5");

        Assert.True(exit == 0, output);
        Assert.Equal(0, endpoint.OptionsRequests);
        Assert.DoesNotContain("ICE servers from the WHIP endpoint", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ICE servers of the WHIP 201", output, StringComparison.Ordinal);   // ours were given: they stay
    }

    /// <summary>
    /// RFC 9725 §4.6: a TURN server that only the 201 names is applied with SetConfiguration: the first offer has no
    /// relay candidate (the PeerConnection was created without it), the ICE restart's PATCH has one, allocated with
    /// the Link's credentials.
    /// </summary>
    [Fact]
    public async Task LinkIceServers_OnlyIn201_AreAppliedWithSetConfiguration_AndTheIceRestartGathersWithThem()
    {
        await using TurnServer turn = StartTurn();
        int port = turn.LocalEndPoint.Port;
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions
        {
            CreatedLinks =
            [
                $"<turn:127.0.0.1:{port}?transport=udp>; rel=\"ice-server\"; username=\"alice\"; credential=\"s3cret-pass\"; credential-type=\"password\"",
            ],
        });

        (int exit, _, string output) = await RunAsync(endpoint, "--whip-ice-restart");

        Assert.True(exit == 0, output);
        Assert.Equal(1, endpoint.OptionsRequests);   // asked first: the OPTIONS named none
        Assert.DoesNotContain(" typ relay ", endpoint.Offer, StringComparison.Ordinal);
        Assert.Contains($"ICE servers of the WHIP 201 applied with SetConfiguration (IceServer(turn:127.0.0.1:{port}?transport=udp, user alice)): "
                        + "used from the next ICE restart (--whip-ice-restart)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", output, StringComparison.Ordinal);
        RecordedPatch restart = Assert.Single(endpoint.Patches, p => p.IfMatch == "*");
        Assert.Contains(" typ relay ", restart.Body, StringComparison.Ordinal);
        Assert.True(turn.Statistics.AllocationsCreated >= 1, "no allocation: the 201's server was not used");
        Assert.Equal(Size, await endpoint.ReceivedAsync());
    }

    [Theory]
    [InlineData("v=0\r\nthis is no SDP\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")]
    public async Task MalformedAnswer_ClearErrorAndExit1_AndTheSessionIsStillDeleted(string answer)
    {
        await using var endpoint = new TestWhipEndpoint("t", new TestWhipOptions { AnswerOverride = answer });
        await using var peer = JingleCli.Start("peer", "--whip", endpoint.Endpoint.ToString(), "--bearer", "t", "--json", "--timeout", "20");

        int exit = await peer.WaitForExitAsync(Timeout);

        Assert.Equal(1, exit);
        Assert.Contains("peer failed: ", peer.Output, StringComparison.Ordinal);
        Assert.Equal("Bearer t", await endpoint.Deleted.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<(int Exit, JsonObject Result, string Output)> RunAsync(TestWhipEndpoint endpoint, params string[] extra)
    {
        string file = JingleCli.RandomFile(Size);
        try
        {
            await using var peer = JingleCli.Start(["peer", "--whip", endpoint.Endpoint.ToString(), "--bearer", "t", "--send", file, "--json", .. extra]);
            (int exit, JsonObject result) = await JingleCli.ResultAsync(peer, Timeout);
            return (exit, result, peer.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static TurnServer StartTurn() => TurnServer.Start(JingleEnvironment.CreateDefault(), new TurnServerOptions
    {
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        Users = new Dictionary<string, string> { ["alice"] = "s3cret-pass" },
        EnableTcp = false,
    });

    private static string[] TurnArguments(TurnServer turn) =>
        ["--ice-server", $"turn:127.0.0.1:{turn.LocalEndPoint.Port}?transport=udp", "--ice-username", "alice", "--ice-credential", "s3cret-pass"];

    private static string[] Lines(string body) => body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    /// <summary>ice-ufrag, ice-pwd and mid of a description or fragment, read with no help from the code under test.</summary>
    private static (string Ufrag, string Pwd, string Mid) IceOf(string sdp)
    {
        string[] lines = Lines(sdp);
        string Value(string prefix) => lines.First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
        return (Value("a=ice-ufrag:"), Value("a=ice-pwd:"), Value("a=mid:"));
    }
}
