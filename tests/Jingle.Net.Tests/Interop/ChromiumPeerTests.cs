using Jingle.Net.Testing;

namespace Jingle.Net.Tests.Interop;

/// <summary>The Chromium harness against itself (two peer connections in one page), inside a loopback-only namespace.</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class ChromiumPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly InteropMessage[] Messages =
    [
        InteropMessage.Text("hello"),
        InteropMessage.Text(string.Empty),
        InteropMessage.Binary([]),
        InteropMessage.Binary([0x42]),
        InteropMessage.Binary([.. Enumerable.Range(0, 1024).Select(i => (byte)i)]),
        InteropMessage.Binary([.. Enumerable.Range(0, 65536).Select(i => (byte)(i * 7))]),
    ];

    [Fact]
    public async Task ChromiumToChromium_EchoesTextBinaryAndEmpty_OverLoopbackOnly()
    {
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync();

        ChromiumLoopbackResult result = await chromium.LoopbackAsync(Messages, 1024 * 1024, 64 * 1024, Timeout);

        Assert.True(result.OpenMs > 0);
        Assert.Equal(Messages.Length, result.Echoed.Count);
        for (int i = 0; i < Messages.Length; i++)
        {
            Assert.True(Messages[i].SameAs(result.Echoed[i]), $"message {i}: sent {Messages[i]}, echoed {result.Echoed[i]}");
        }

        Assert.NotNull(result.Bulk);
        Assert.Equal(1024 * 1024 + "stats".Length, result.Bulk.Sink.Bytes);
        string[] candidates = [.. result.OfferSdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))];
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Matches(" (127\\.0\\.0\\.1|::1) ", c));
    }
}
