using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;
using Jingle.Net.Testing;
using Jingle.Net.Tests.Interop;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// Our PeerConnection against Debian's aiortc (the <c>peers</c> harness): ICE + DTLS + SCTP + DCEP with us as
/// offerer and as answerer, echoing text and binary messages (empty, 1 B, 1 KiB, 64 KiB) both ways. aiortc does not
/// trickle, so each side sends its description after gathering completes, candidates included.
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed class AiortcPeerConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static InteropMessage[] Messages() =>
    [
        InteropMessage.Text("hello aiortc"),
        InteropMessage.Text(string.Empty),
        InteropMessage.Binary([]),
        InteropMessage.Binary([0x42]),
        InteropMessage.Binary([.. Enumerable.Range(0, 1024).Select(i => (byte)i)]),
        InteropMessage.Binary([.. Enumerable.Range(0, 65536).Select(i => (byte)(i * 7))]),
        InteropMessage.Text(new string('x', 1024)),
    ];

    [Fact]
    public async Task OursOffers_AiortcAnswers_EchoesEveryMessage()
    {
        AiortcPeer.EnsurePrerequisites();
        await using AiortcPeer aiortc = await AiortcPeer.StartAsync(InteropPeerBehaviour.Echo);
        await using var factory = new PeerConnectionFactory();
        await OursOffersAsync(aiortc, factory, () => aiortc.Process.Output);
        InteropPeerStats stats = await aiortc.GetStatsAsync();
        Assert.Equal(Messages().Length, stats.Messages);
    }

    [Fact]
    public async Task AiortcOffers_OursAnswers_EchoesEveryMessage()
    {
        AiortcPeer.EnsurePrerequisites();
        await using AiortcPeer aiortc = await AiortcPeer.StartAsync(InteropPeerBehaviour.Echo);
        await using var factory = new PeerConnectionFactory();
        await OursAnswersAsync(aiortc, factory);
    }

    /// <summary>We offer (non-trickle, after gathering), the peer answers and echoes; we check every echo.</summary>
    internal static async Task OursOffersAsync(IInteropPeer peer, PeerConnectionFactory factory, Func<string> diagnostics)
    {
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        RtcDataChannel channel = pc.CreateDataChannel("echo");
        Task opened = PeerPair.WhenOpen(channel);

        await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
        await WhenGatheredAsync(pc);
        string answer = await peer.AnswerAsync(pc.LocalDescription!.Sdp);
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answer));
        try
        {
            await opened.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            string state = await factory.WorkerThread.InvokeAsync(() =>
                $"ice={pc.IceConnectionState} pc={pc.ConnectionState} dtls={pc.Transport.Dtls?.State} {pc.Transport.Dtls?.Error} role={pc.Transport.Dtls?.Role} sctp={pc.Transport.Sctp?.Association.State}");
            throw new TimeoutException($"channel not open: {state}\n--- answer ---\n{answer}\n--- peer ---\n{diagnostics()}");
        }

        InteropMessage[] sent = Messages();
        Task<List<DataChannelMessageEventArgs>> echoed = PeerConnectionLoopbackTests.Collect(channel, sent.Length);
        foreach (InteropMessage m in sent)
        {
            Send(channel, m);
        }

        List<DataChannelMessageEventArgs> received = await echoed.WaitAsync(Timeout);
        AssertSame(sent, received);
        Assert.Equal(PeerConnectionState.Connected, pc.ConnectionState);
    }

    /// <summary>The peer offers a channel, we answer and echo; the peer checks every echo.</summary>
    internal static async Task OursAnswersAsync(IInteropPeer peer, PeerConnectionFactory factory)
    {
        await using Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        pc.DataChannel += (_, channel) => channel.MessageReceived += (_, m) =>
        {
            if (m.IsText)
            {
                channel.Send(m.Text);
            }
            else
            {
                channel.Send(m.Data);
            }
        };

        string offer = await peer.CreateOfferAsync("echo");
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer));
        await pc.SetLocalDescriptionAsync(await pc.CreateAnswerAsync());
        await WhenGatheredAsync(pc);
        await peer.SetAnswerAsync(pc.LocalDescription!.Sdp);
        double openMs = await peer.WaitOpenAsync(Timeout);

        InteropMessage[] sent = Messages();
        IReadOnlyList<InteropMessage> echoed = await peer.ExchangeAsync(sent, Timeout);

        Assert.True(openMs > 0);
        Assert.Equal(sent.Length, echoed.Count);
        for (int i = 0; i < sent.Length; i++)
        {
            Assert.True(sent[i].SameAs(echoed[i]), $"message {i}: sent {sent[i]}, echoed {echoed[i]}");
        }

        Assert.Equal(PeerConnectionState.Connected, pc.ConnectionState);
        Assert.Contains(pc.IceConnectionState, new[] { IceTransportState.Connected, IceTransportState.Completed });
    }

    private static void Send(RtcDataChannel channel, InteropMessage m)
    {
        if (m.IsBinary)
        {
            channel.Send(m.Data);
        }
        else
        {
            channel.Send(m.AsText());
        }
    }

    private static void AssertSame(InteropMessage[] sent, List<DataChannelMessageEventArgs> received)
    {
        Assert.Equal(sent.Length, received.Count);
        for (int i = 0; i < sent.Length; i++)
        {
            var got = new InteropMessage(!received[i].IsText, received[i].Data);
            Assert.True(sent[i].SameAs(got), $"message {i}: sent {sent[i]}, echoed {got}");
        }
    }

    internal static async Task WhenGatheredAsync(Net.PeerConnection pc)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceGatheringStateChanged += (_, s) =>
        {
            if (s == IceGatheringState.Complete)
            {
                done.TrySetResult();
            }
        };
        if (pc.IceGatheringState == IceGatheringState.Complete)
        {
            done.TrySetResult();
        }

        await done.Task.WaitAsync(Timeout);
        await Task.Yield();
    }
}
