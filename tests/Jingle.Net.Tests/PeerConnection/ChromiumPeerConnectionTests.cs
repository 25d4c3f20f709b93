using Jingle.Net.Testing;
using Jingle.Net.Tests.Interop;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Our PeerConnection against headless Chromium (the <c>peers</c> harness: Playwright driving /usr/bin/chromium in a
/// loopback-only network namespace; our sockets are created in the same namespace). Same checks as with aiortc.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class ChromiumPeerConnectionTests
{
    [Fact]
    public async Task OursOffers_ChromiumAnswers_EchoesEveryMessage()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = ns.CreateEnvironment() });
        await AiortcPeerConnectionTests.OursOffersAsync(chromium, factory, () => string.Join('\n', chromium.Console));
    }

    [Fact]
    public async Task ChromiumOffers_OursAnswers_EchoesEveryMessage()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = ns.CreateEnvironment() });
        await AiortcPeerConnectionTests.OursAnswersAsync(chromium, factory);
    }
}
