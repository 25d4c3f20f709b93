using Jingle.Net.Testing;

namespace Jingle.Net.Tests.Interop;

/// <summary>The aiortc harness against itself: proves the harness before our PeerConnection uses it.</summary>
[Trait("Category", TestCategories.Interop)]
public sealed class AiortcPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AiortcToAiortc_EchoesTextBinaryAndEmptyMessages()
    {
        await using AiortcPeer offerer = await AiortcPeer.StartAsync();
        await using AiortcPeer answerer = await AiortcPeer.StartAsync();

        string offer = await offerer.CreateOfferAsync();
        string answer = await answerer.AnswerAsync(offer);
        await offerer.SetAnswerAsync(answer);
        double openMs = await offerer.WaitOpenAsync(Timeout);

        InteropMessage[] sent =
        [
            InteropMessage.Text("hello"),
            InteropMessage.Text(string.Empty),
            InteropMessage.Binary([]),
            InteropMessage.Binary([0x42]),
            InteropMessage.Binary([.. Enumerable.Range(0, 1024).Select(i => (byte)i)]),
            InteropMessage.Binary([.. Enumerable.Range(0, 65536).Select(i => (byte)(i * 7))]),
        ];
        IReadOnlyList<InteropMessage> echoed = await offerer.ExchangeAsync(sent, Timeout);

        Assert.True(openMs > 0);
        Assert.Equal(sent.Length, echoed.Count);
        for (int i = 0; i < sent.Length; i++)
        {
            Assert.True(sent[i].SameAs(echoed[i]), $"message {i}: sent {sent[i]}, echoed {echoed[i]}");
        }

        InteropPeerStats answererStats = await answerer.GetStatsAsync();
        Assert.Equal(sent.Length, answererStats.Messages);
        Assert.Equal(2, answererStats.Empty);
        Assert.Equal("connected", answererStats.State);
    }

    [Fact]
    public async Task AiortcToAiortc_OnlyLoopbackCandidates()
    {
        await using AiortcPeer peer = await AiortcPeer.StartAsync();

        string offer = await peer.CreateOfferAsync();

        string[] candidates = [.. offer.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))];
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Contains(" 127.0.0.1 ", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AiortcToAiortc_SinkCountsBulkTransfer()
    {
        await using AiortcPeer sender = await AiortcPeer.StartAsync();
        await using AiortcPeer sink = await AiortcPeer.StartAsync(InteropPeerBehaviour.Sink);

        await sender.SetAnswerAsync(await sink.AnswerAsync(await sender.CreateOfferAsync("bulk")));
        await sender.WaitOpenAsync(Timeout);
        BulkTransferResult result = await sender.SendBulkAsync(1024 * 1024, 64 * 1024, Timeout);

        Assert.Equal(1024 * 1024, result.Sent);
        Assert.Equal(1024 * 1024, result.Sink.Bytes - "stats".Length);
        Assert.Equal(17, result.Sink.Messages);
        Assert.True(result.MegabytesPerSecond > 0);
    }
}
