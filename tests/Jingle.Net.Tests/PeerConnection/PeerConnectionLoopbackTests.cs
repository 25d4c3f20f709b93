using Jingle.Net.Ice;
using Jingle.Net.Jsep;
using Jingle.Net.Sctp.DataChannels;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>Two PeerConnections in one process over real loopback UDP: ICE + DTLS + SCTP + data channels.</summary>
public sealed class PeerConnectionLoopbackTests
{
    [Fact]
    public async Task Connects_AndReportsStates()
    {
        await using var pair = new PeerPair();
        var offererStates = new List<PeerConnectionState>();
        var signaling = new List<SignalingState>();
        var gathering = new List<IceGatheringState>();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int negotiationNeeded = 0;
        pair.Offerer.NegotiationNeeded += (_, _) => negotiationNeeded++;
        pair.Offerer.ConnectionStateChanged += (_, s) =>
        {
            Assert.True(pair.Factory.SignalingThread.IsCurrent);
            offererStates.Add(s);
            if (s == PeerConnectionState.Connected)
            {
                connected.TrySetResult();
            }
        };
        pair.Offerer.SignalingStateChanged += (_, s) => signaling.Add(s);
        pair.Offerer.IceGatheringStateChanged += (_, s) => gathering.Add(s);

        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync("chat");
        await connected.Task.WaitAsync(PeerPair.Timeout);

        Assert.Equal("chat", remote.Label);
        Assert.Equal(local.Id, remote.Id);
        Assert.Equal(1, negotiationNeeded);
        Assert.Equal([SignalingState.HaveLocalOffer, SignalingState.Stable], signaling);
        Assert.Contains(IceGatheringState.Gathering, gathering);
        Assert.Equal(PeerConnectionState.Connecting, offererStates[0]);
        Assert.Equal(PeerConnectionState.Connected, offererStates[^1]);
        Assert.Equal(PeerConnectionState.Connected, pair.Answerer.ConnectionState);
        Assert.Empty(pair.TrickleErrors);
        Assert.Contains("a=candidate:", pair.Offerer.LocalDescription!.Sdp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(65536)]
    public async Task ExchangesBinaryAndText_BothWays(int size)
    {
        await using var pair = new PeerPair();
        (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync();
        byte[] payload = new byte[size];
        Random.Shared.NextBytes(payload);
        string text = new('é', size / 2);

        Task<List<DataChannelMessageEventArgs>> atB = Collect(b, 2);
        Task<List<DataChannelMessageEventArgs>> atA = Collect(a, 2);
        a.Send(payload);
        a.Send(text);
        b.Send(payload);
        b.Send(text);

        foreach (List<DataChannelMessageEventArgs> received in new[] { await atB.WaitAsync(PeerPair.Timeout), await atA.WaitAsync(PeerPair.Timeout) })
        {
            Assert.False(received[0].IsText);
            Assert.Equal(payload, received[0].Data);
            Assert.True(received[1].IsText);
            Assert.Equal(text, received[1].Text);
        }
    }

    [Fact]
    public async Task BufferedAmountLow_FiresAfterABurst()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync();
        a.BufferedAmountLowThreshold = 64 * 1024;
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.BufferedAmountLow += (_, _) => low.TrySetResult();
        Task<List<DataChannelMessageEventArgs>> all = Collect(b, 64);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 64; i++)
        {
            chunk[0] = (byte)i;
            a.Send(chunk);
        }

        Assert.True(a.BufferedAmount > a.BufferedAmountLowThreshold);
        await low.Task.WaitAsync(PeerPair.Timeout);
        List<DataChannelMessageEventArgs> received = await all.WaitAsync(PeerPair.Timeout);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i), received.Select(m => m.Data[0]));
    }

    [Fact]
    public async Task SlowMessageHandler_ClosesTheReceiveWindow_ThenEverythingArrivesInOrder()
    {
        // Two factories: the receiver's handler blocks its own signaling thread, not the sender's.
        await using var pair = new PeerPair(new PeerConnectionFactory(), new PeerConnectionFactory(), null);
        (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync();
        const int count = 160;   // 10 MiB in 64 KiB messages: 2.5 times the 4 MiB receive window
        const int window = 4 * 1024 * 1024 / (64 * 1024);
        using var gate = new ManualResetEventSlim(false);
        var received = new List<byte>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += (_, m) =>
        {
            gate.Wait(PeerPair.Timeout);
            received.Add(m.Data[0]);
            if (received.Count == count)
            {
                all.TrySetResult();
            }
        };
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < count; i++)
        {
            chunk[0] = (byte)i;
            a.Send(chunk);
        }

        // While the handler sits on its first message, the receiver's worker takes messages only as long as the
        // advertised window lasts: wait until it stops taking more.
        long taken = -1;
        for (var quiet = System.Diagnostics.Stopwatch.StartNew(); quiet.Elapsed < TimeSpan.FromMilliseconds(500);)
        {
            await Task.Delay(50);
            long now = b.MessagesReceived;
            if (now != taken)
            {
                taken = now;
                quiet.Restart();
            }
        }

        Assert.InRange(taken, 1, window + 2);
        Assert.True(a.BufferedAmount >= (count - window - 2) * 64L * 1024, $"sender still holds {a.BufferedAmount} B");
        gate.Set();
        await all.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (byte)i), received);
        Assert.Equal(count, b.MessagesReceived);
    }

    [Fact]
    public async Task BufferedAmount_ReachesZero_WhenThresholdLoweredToZero()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync();
        Task<List<DataChannelMessageEventArgs>> all = Collect(b, 32);
        for (int i = 0; i < 32; i++)
        {
            a.Send(new byte[64 * 1024]);
        }

        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.BufferedAmountLow += (_, _) => low.TrySetResult();
        a.BufferedAmountLowThreshold = 0;
        await low.Task.WaitAsync(PeerPair.Timeout);
        await all.WaitAsync(PeerPair.Timeout);

        Assert.Equal(0, a.BufferedAmount);
    }

    [Fact]
    public async Task Send_BeforeOpen_ThrowsInvalidState()
    {
        await using var pair = new PeerPair();
        RtcDataChannel channel = pair.Offerer.CreateDataChannel("early");
        Assert.Equal(DataChannelState.Connecting, channel.ReadyState);
        Assert.Throws<InvalidStateException>(() => channel.Send("too early"));
    }

    [Fact]
    public async Task Send_LargerThanRemoteMaxMessageSize_Throws()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel a, _) = await pair.ConnectWithChannelAsync();
        Assert.Throws<ArgumentException>(() => a.Send(new byte[(256 * 1024) + 1]));
    }

    [Fact]
    public async Task SignalingErrors_AreW3cErrors()
    {
        await using var pair = new PeerPair();
        await Assert.ThrowsAsync<InvalidStateException>(() => pair.Offerer.CreateAnswerAsync());
        await Assert.ThrowsAsync<InvalidStateException>(() => pair.Offerer.AddIceCandidateAsync(new RtcIceCandidateInit("", "0", 0)));
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        await Assert.ThrowsAsync<InvalidModificationException>(() => pair.Offerer.SetLocalDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer.Sdp + "a=x-edited\r\n")));
        await Assert.ThrowsAsync<InvalidStateException>(() => pair.Answerer.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, offer.Sdp)));
        Assert.Equal(SignalingState.HaveLocalOffer, pair.Offerer.SignalingState);
        RtcSessionDescription noFingerprint = new(SdpType.Offer, offer.Sdp.Replace("a=fingerprint:", "a=x-fingerprint:", StringComparison.Ordinal));
        await Assert.ThrowsAsync<RtcOperationException>(() => pair.Answerer.SetRemoteDescriptionAsync(noFingerprint));
        Assert.Equal(SignalingState.Stable, pair.Answerer.SignalingState);
    }

    [Fact]
    public async Task Rollback_ReturnsToStable()
    {
        await using var pair = new PeerPair();
        await pair.Offerer.SetLocalDescriptionAsync();
        Assert.Equal(SignalingState.HaveLocalOffer, pair.Offerer.SignalingState);
        await pair.Offerer.SetLocalDescriptionAsync(new RtcSessionDescription(SdpType.Rollback, ""));
        Assert.Equal(SignalingState.Stable, pair.Offerer.SignalingState);
        Assert.Null(pair.Offerer.LocalDescription);
    }

    [Fact]
    public async Task Close_ReleasesEverything_AndClosesChannels()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync();
        var remoteClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Closed += (_, _) => remoteClosed.TrySetResult();
        Ice.Dtls.DtlsTransport dtls = await pair.Factory.WorkerThread.InvokeAsync(() => pair.Offerer.Transport.Dtls!);

        await pair.Offerer.CloseAsync();

        Assert.Equal(SignalingState.Closed, pair.Offerer.SignalingState);
        Assert.Equal(PeerConnectionState.Closed, pair.Offerer.ConnectionState);
        Assert.Equal(IceTransportState.Closed, pair.Offerer.IceConnectionState);
        Assert.Equal(Ice.Dtls.DtlsTransportState.Closed, dtls.State);
        Assert.Equal(IceTransportState.Closed, await pair.Factory.WorkerThread.InvokeAsync(() => pair.Offerer.Transport.Ice!.State));
        await pair.Factory.SignalingThread.InvokeAsync(() => { });
        Assert.Equal(DataChannelState.Closed, a.ReadyState);
        Assert.Throws<InvalidStateException>(() => pair.Offerer.CreateDataChannel("after"));
        await Assert.ThrowsAsync<InvalidStateException>(() => pair.Offerer.CreateOfferAsync());
        await remoteClosed.Task.WaitAsync(PeerPair.Timeout);   // the peer sees close_notify and closes its channel
    }

    [Fact]
    public async Task FactoryDispose_StopsItsThreads()
    {
        var pair = new PeerPair();
        await pair.ConnectWithChannelAsync();
        await pair.DisposeAsync();
        Assert.True(pair.Factory.SignalingThread.IsStopping);
        Assert.True(pair.Factory.WorkerThread.IsStopping);
    }

    [Fact]
    public async Task GetStats_HasTheW3cObjects_WithCounters()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync("stats");
        Task<List<DataChannelMessageEventArgs>> received = Collect(b, 3);
        for (int i = 0; i < 3; i++)
        {
            a.Send(new byte[1000]);
        }

        await received.WaitAsync(PeerPair.Timeout);
        RtcStatsReport report = await pair.Offerer.GetStatsAsync();

        RtcStats transport = Assert.Single(report.OfType("transport"));
        Assert.Equal("connected", transport["dtlsState"]);
        Assert.Equal("controlling", transport["iceRole"]);
        Assert.True(transport.GetInt64("bytesSent") > 3000);
        RtcStats selected = report[(string)transport["selectedCandidatePairId"]!];
        Assert.Equal("candidate-pair", selected.Type);
        Assert.Equal("succeeded", selected["state"]);
        Assert.Equal("local-candidate", report[(string)selected["localCandidateId"]!].Type);
        Assert.Equal("remote-candidate", report[(string)selected["remoteCandidateId"]!].Type);
        Assert.Equal("certificate", report[(string)transport["localCertificateId"]!].Type);
        Assert.Equal("sha-256", report[(string)transport["remoteCertificateId"]!]["fingerprintAlgorithm"]);
        RtcStats channel = Assert.Single(report.OfType("data-channel"));
        Assert.Equal("stats", channel["label"]);
        Assert.Equal(3L, channel.GetInt64("messagesSent"));
        Assert.Equal(3000L, channel.GetInt64("bytesSent"));
    }

    internal static Task<List<DataChannelMessageEventArgs>> Collect(RtcDataChannel channel, int count)
    {
        var list = new List<DataChannelMessageEventArgs>();
        var tcs = new TaskCompletionSource<List<DataChannelMessageEventArgs>>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.MessageReceived += (_, m) =>
        {
            list.Add(m);
            if (list.Count == count)
            {
                tcs.TrySetResult(list);
            }
        };
        return tcs.Task;
    }
}
