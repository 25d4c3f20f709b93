using Jingle.Net.Testing;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// The two real peers against each other inside one loopback-only namespace: proves both harnesses speak to a
/// foreign stack (the same checks our PeerConnection will face), both ways round.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class ChromiumAiortcTests
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
    public async Task ChromiumOffers_AiortcAnswers_EchoesEveryMessage()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using AiortcPeer aiortc = await AiortcPeer.StartAsync(InteropPeerBehaviour.Echo, ns);

        await chromium.SetAnswerAsync(await aiortc.AnswerAsync(await chromium.CreateOfferAsync()));
        await chromium.WaitOpenAsync(Timeout);
        IReadOnlyList<InteropMessage> echoed = await chromium.ExchangeAsync(Messages, Timeout);

        AssertEchoed(echoed);
        Assert.Equal(2, (await aiortc.GetStatsAsync()).Empty);
    }

    [Fact]
    public async Task AiortcOffers_ChromiumAnswers_EchoesEveryMessage()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using AiortcPeer aiortc = await AiortcPeer.StartAsync(InteropPeerBehaviour.Echo, ns);

        await aiortc.SetAnswerAsync(await chromium.AnswerAsync(await aiortc.CreateOfferAsync()));
        await aiortc.WaitOpenAsync(Timeout);
        IReadOnlyList<InteropMessage> echoed = await aiortc.ExchangeAsync(Messages, Timeout);

        AssertEchoed(echoed);
        Assert.Equal(2, (await chromium.GetStatsAsync()).Empty);
    }

    private static void AssertEchoed(IReadOnlyList<InteropMessage> echoed)
    {
        Assert.Equal(Messages.Length, echoed.Count);
        for (int i = 0; i < Messages.Length; i++)
        {
            Assert.True(Messages[i].SameAs(echoed[i]), $"message {i}: sent {Messages[i]}, echoed {echoed[i]}");
        }
    }
}
