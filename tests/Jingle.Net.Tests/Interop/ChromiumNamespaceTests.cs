using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Testing;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// What our PeerConnection needs from the Chromium harness: a socket created on a thread inside Chromium's
/// loopback-only namespace reaches Chromium, and Chromium's main peer connection survives an ICE restart
/// mid-transfer (two browsers sharing one namespace).
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class ChromiumNamespaceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SocketCreatedInNamespace_ReceivesChromiumIceChecks()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        using Socket udp = await ns.RunAsync(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return s;
        });
        int port = ((IPEndPoint)udp.LocalEndPoint!).Port;

        string offer = await chromium.CreateOfferAsync();
        await chromium.SetAnswerAsync(FakeAnswer(port));

        byte[] buffer = new byte[1500];
        using var cts = new CancellationTokenSource(Timeout);
        int received = await udp.ReceiveAsync(buffer, SocketFlags.None, cts.Token);

        Assert.True(received >= 20, $"{received} bytes");
        Assert.Equal(0x0001, BinaryPrimitives.ReadUInt16BigEndian(buffer));            // Binding request
        Assert.Equal(0x2112A442u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4))); // magic cookie
        Assert.Contains("jnts:", Encoding.ASCII.GetString(buffer, 20, received - 20), StringComparison.Ordinal);
        Assert.Contains("a=candidate:", offer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamespacedEnvironment_SeesOnlyLoopback_AndItsSocketsReachChromium()
    {
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        JingleEnvironment env = ns.CreateEnvironment();

        IReadOnlyList<NetworkInfo> networks = env.NetworkManager.GetNetworks(NetworkFilter.WithLoopback);
        var request = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using IUdpSocket socket = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Start((_, packet, _, _) => request.TrySetResult(packet.ToArray()));
        await chromium.CreateOfferAsync();
        await chromium.SetAnswerAsync(FakeAnswer(socket.LocalEndPoint.Port));
        byte[] packet = await request.Task.WaitAsync(Timeout);

        Assert.NotEmpty(networks);
        Assert.All(networks, n => Assert.True(n.IsLoopback, n.Name));
        Assert.Empty(env.NetworkManager.GetNetworks(NetworkFilter.Default));
        Assert.Equal(0x0001, BinaryPrimitives.ReadUInt16BigEndian(packet));
        Assert.Equal(0x2112A442u, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)));
    }

    [Fact]
    public async Task ChromiumToChromium_IceRestartMidTransfer_CompletesTransfer()
    {
        const long total = 16L * 1024 * 1024;
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer sender = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Echo, ns);
        await using ChromiumPeer sink = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Sink, ns);
        await sender.SetAnswerAsync(await sink.AnswerAsync(await sender.CreateOfferAsync("bulk")));
        await sender.WaitOpenAsync(Timeout);
        string? senderUfrag = await sender.GetLocalIceUfragAsync();
        string? sinkUfrag = await sink.GetLocalIceUfragAsync();

        await sender.StartBulkAsync(total, 64 * 1024, Timeout);
        for (int i = 0; i < 500 && (await sink.GetStatsAsync()).Bytes < 1024 * 1024; i++)
        {
            await Task.Delay(10);
        }

        InteropPeerStats before = await sink.GetStatsAsync();
        await sender.SetAnswerAsync(await sink.ReanswerAsync(await sender.RestartIceAsync()));
        BulkTransferResult result = await sender.BulkResultAsync();

        Assert.True(before.Bytes < total, $"the restart happened after the transfer ({before.Bytes} bytes)");
        Assert.Equal(total + "stats".Length, result.Sink.Bytes);
        Assert.NotEqual(senderUfrag, await sender.GetLocalIceUfragAsync());
        Assert.NotEqual(sinkUfrag, await sink.GetLocalIceUfragAsync());
        Assert.Equal("connected", (await sink.GetStatsAsync()).State);
    }

    /// <summary>An answer that points Chromium's ICE checks at <paramref name="port"/> on 127.0.0.1 (ufrag "jnts").</summary>
    private static string FakeAnswer(int port)
    {
        string fingerprint = string.Join(':', Enumerable.Range(0, 32).Select(i => (i * 5).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
            + $"m=application {port} UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 127.0.0.1\r\na=mid:0\r\n"
            + "a=ice-ufrag:jnts\r\na=ice-pwd:jingleNetTestPassword22\r\n"
            + $"a=fingerprint:sha-256 {fingerprint}\r\na=setup:active\r\na=sctp-port:5000\r\n"
            + $"a=candidate:1 1 udp 2130706431 127.0.0.1 {port} typ host\r\n";
    }
}
