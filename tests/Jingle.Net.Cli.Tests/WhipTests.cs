using System.Text.Json.Nodes;

namespace Jingle.Net.Cli.Tests;

/// <summary><c>jingle peer --whip URL --bearer TOKEN</c> against <see cref="TestWhipEndpoint"/>.</summary>
public sealed class WhipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Whip_PostsApplicationSdpWithBearer_Transfers_ThenDeletesTheLocation()
    {
        const int size = 1_000_000;
        string file = JingleCli.RandomFile(size);
        try
        {
            await using var endpoint = new TestWhipEndpoint("s3cret");
            await using var peer = JingleCli.Start("peer", "--whip", endpoint.Endpoint.ToString(), "--bearer", "s3cret", "--send", file, "--json");

            (int exit, JsonObject result) = await JingleCli.ResultAsync(peer, Timeout);

            Assert.True(exit == 0, peer.Output);
            Assert.Equal("whip", result.Text("signaling"));
            Assert.Equal(size, result.Long("bytesSent"));
            Assert.StartsWith("application/sdp", endpoint.OfferContentType, StringComparison.Ordinal);
            Assert.Equal("Bearer s3cret", endpoint.OfferAuthorization);
            Assert.Equal(size, await endpoint.ReceivedAsync());   // acknowledged by SCTP before the sender reports done
            // The relative Location was resolved against the endpoint and DELETEd with the token when the session ended.
            Assert.Equal("Bearer s3cret", await endpoint.Deleted.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Contains($"WHIP session http://127.0.0.1:{endpoint.Port}{endpoint.SessionPath}", peer.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Whip_WrongBearer_401_ExitsWithFailure_AndDeletesNothing()
    {
        await using var endpoint = new TestWhipEndpoint("right");
        await using var peer = JingleCli.Start("peer", "--whip", endpoint.Endpoint.ToString(), "--bearer", "wrong", "--json");

        int exit = await peer.WaitForExitAsync(Timeout);

        Assert.Equal(1, exit);
        Assert.Contains("401", peer.Output, StringComparison.Ordinal);
        Assert.Equal(1, endpoint.RefusedPosts);
        Assert.False(endpoint.Deleted.Task.IsCompleted);
    }
}
