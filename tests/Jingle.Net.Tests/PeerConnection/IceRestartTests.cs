using System.Globalization;
using System.Net;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>ICE restart between two of our PeerConnections over loopback: W3C restartIce and the iceRestart option.</summary>
public sealed class IceRestartTests
{
    [Fact]
    public async Task RestartIce_RaisesNegotiationNeeded_AndNextOfferHasNewCredentials()
    {
        await using var pair = new PeerPair();
        await pair.ConnectWithChannelAsync();
        string ufrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        string pwd = Pwd(pair.Offerer.LocalDescription!.Sdp);

        RtcSessionDescription plain = await pair.Offerer.CreateOfferAsync();
        Assert.Equal(ufrag, Ufrag(plain.Sdp));   // no restart asked: same credentials

        var needed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Offerer.NegotiationNeeded += (_, _) => needed.TrySetResult();
        pair.Offerer.RestartIce();
        await needed.Task.WaitAsync(PeerPair.Timeout);

        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();
        Assert.NotEqual(ufrag, Ufrag(offer.Sdp));
        Assert.NotEqual(pwd, Pwd(offer.Sdp));
        Assert.DoesNotContain("a=candidate:", offer.Sdp, StringComparison.Ordinal);   // the new generation has none yet
        RtcSessionDescription again = await pair.Offerer.CreateOfferAsync();
        Assert.Equal(Ufrag(offer.Sdp), Ufrag(again.Sdp));   // stable until applied
    }

    [Fact]
    public async Task OfferOption_IceRestart_GeneratesNewCredentials()
    {
        await using var pair = new PeerPair();
        await pair.ConnectWithChannelAsync();
        string ufrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);

        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync(new RtcOfferOptions { IceRestart = true });

        Assert.NotEqual(ufrag, Ufrag(offer.Sdp));
    }

    [Fact]
    public async Task DataChannel_KeepsDeliveringInOrder_AcrossIceRestart()
    {
        const int Count = 600;
        await using var pair = new PeerPair();
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        string offererUfrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        string answererUfrag = Ufrag(pair.Answerer.LocalDescription!.Sdp);
        IPEndPoint oldOffererLocal = (await SelectedAsync(pair, pair.Offerer))!.LocalCandidate.EndPoint!;

        var received = new List<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += (_, m) =>
        {
            lock (received)
            {
                if (!int.TryParse(m.Text, CultureInfo.InvariantCulture, out int n))
                {
                    return;   // the "after" probe below
                }

                received.Add(n);
                if (received.Count == Count)
                {
                    all.TrySetResult();
                }
            }
        };

        var gatheredAfterRestart = new List<string>();
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task sender = Task.Run(async () =>
        {
            for (int i = 0; i < Count; i++)
            {
                local.Send(i.ToString(CultureInfo.InvariantCulture));
                if (i == Count / 3)
                {
                    restarted.TrySetResult();   // the restart runs while the rest is sent
                }

                if (i % 20 == 0)
                {
                    await Task.Delay(5);
                }
            }
        });

        await restarted.Task.WaitAsync(PeerPair.Timeout);
        pair.Offerer.IceCandidate += (_, e) =>
        {
            lock (gatheredAfterRestart)
            {
                gatheredAfterRestart.Add(e.Candidate.UsernameFragment ?? string.Empty);
            }
        };
        pair.Offerer.RestartIce();
        RtcSessionDescription offer = await pair.Offerer.CreateOfferAsync();

        // The remote side applies each description before its sender starts gathering, so no new-generation
        // candidate reaches a peer that does not know the new ufrag yet.
        await pair.Answerer.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await pair.Answerer.CreateAnswerAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        await pair.Offerer.SetRemoteDescriptionAsync(answer);
        await pair.Answerer.SetLocalDescriptionAsync(answer);

        await sender.WaitAsync(PeerPair.Timeout);
        try
        {
            await all.Task.WaitAsync(PeerPair.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{received.Count} of {Count} received. " + await pair.DescribeAsync());
        }

        lock (received)
        {
            Assert.Equal(Enumerable.Range(0, Count), received);   // none lost, duplicated or reordered
        }

        string newOffererUfrag = Ufrag(pair.Offerer.LocalDescription!.Sdp);
        Assert.NotEqual(offererUfrag, newOffererUfrag);
        Assert.NotEqual(answererUfrag, Ufrag(pair.Answerer.LocalDescription!.Sdp));
        Assert.Equal(newOffererUfrag, Ufrag(pair.Answerer.RemoteDescription!.Sdp));

        // The new generation's pair takes over (new sockets), and ICE is connected again.
        bool switched = await PollAsync(async () =>
            (await SelectedAsync(pair, pair.Offerer))?.LocalCandidate.EndPoint is { } ep && !ep.Equals(oldOffererLocal)
            && pair.Offerer.IceConnectionState is IceTransportState.Connected or IceTransportState.Completed
            && pair.Answerer.IceConnectionState is IceTransportState.Connected or IceTransportState.Completed);
        Assert.True(switched, "no new-generation pair selected: " + await pair.DescribeAsync());
        lock (gatheredAfterRestart)
        {
            Assert.NotEmpty(gatheredAfterRestart);
            Assert.All(gatheredAfterRestart, u => Assert.Equal(newOffererUfrag, u));
        }

        // And the session still carries data over the new pair.
        Task<List<DataChannelMessageEventArgs>> after = PeerConnectionLoopbackTests.Collect(remote, 1);
        local.Send("after");
        try
        {
            Assert.Equal("after", (await after.WaitAsync(PeerPair.Timeout))[0].Text);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("nothing after the restart: " + await pair.DescribeAsync()
                + " answerer pair " + (await SelectedAsync(pair, pair.Answerer))?.LocalCandidate.EndPoint
                + " O:" + await pair.Factory.WorkerThread.InvokeAsync(() => Dump(pair.Offerer))
                + " A:" + await pair.Factory.WorkerThread.InvokeAsync(() => Dump(pair.Answerer)) + " buffered " + local.BufferedAmount);
        }
        Assert.Equal(PeerConnectionState.Connected, pair.Offerer.ConnectionState);
        Assert.Empty(pair.TrickleErrors);
    }

    [Fact]
    public async Task Answerer_CanRestartIce_AndTheSessionMovesToTheNewPair()
    {
        await using var pair = new PeerPair();
        (RtcDataChannel local, RtcDataChannel remote) = await pair.ConnectWithChannelAsync();
        string ufrag = Ufrag(pair.Answerer.LocalDescription!.Sdp);
        IPEndPoint old = (await SelectedAsync(pair, pair.Answerer))!.LocalCandidate.EndPoint!;

        pair.Answerer.RestartIce();
        RtcSessionDescription offer = await pair.Answerer.CreateOfferAsync();
        await pair.Offerer.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await pair.Offerer.CreateAnswerAsync();
        await pair.Answerer.SetLocalDescriptionAsync(offer);
        await pair.Answerer.SetRemoteDescriptionAsync(answer);
        await pair.Offerer.SetLocalDescriptionAsync(answer);

        Assert.NotEqual(ufrag, Ufrag(pair.Answerer.LocalDescription!.Sdp));
        Assert.Equal(SignalingState.Stable, pair.Answerer.SignalingState);
        bool switched = await PollAsync(async () =>
            (await SelectedAsync(pair, pair.Answerer))?.LocalCandidate.EndPoint is { } ep && !ep.Equals(old));
        Assert.True(switched, "no new-generation pair selected: " + await pair.DescribeAsync());

        Task<List<DataChannelMessageEventArgs>> atOfferer = PeerConnectionLoopbackTests.Collect(local, 1);
        remote.Send("back");
        Assert.Equal("back", (await atOfferer.WaitAsync(PeerPair.Timeout))[0].Text);
        Assert.Empty(pair.TrickleErrors);
    }

    [Fact]
    public async Task AnswerToPeersRestartOffer_KeepsTheEstablishedDtlsRole()
    {
        await using var pair = new PeerPair();
        await pair.ConnectWithChannelAsync();
        Assert.Contains("a=setup:active", pair.Answerer.LocalDescription!.Sdp, StringComparison.Ordinal);   // we are the DTLS server

        pair.Answerer.RestartIce();
        RtcSessionDescription offer = await pair.Answerer.CreateOfferAsync();
        await pair.Offerer.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await pair.Offerer.CreateAnswerAsync();

        // RFC 8842 §5.5: a later answer keeps the role (setup:active here would ask to become the client; Chromium
        // rejects that with "Failed to set SSL role for the transport").
        Assert.Contains("a=setup:passive", answer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=setup:active", answer.Sdp, StringComparison.Ordinal);
    }

    private static string Dump(Net.PeerConnection pc)
    {
        IceTransportStats s = pc.Transport.Ice!.GetStats();
        return $"sendFail={s.SendFailures} unknown={s.UnknownSourceDropped} pairs=" + string.Join(";", s.Pairs.Select(p => $"{p.LocalCandidate.Port}->{p.RemoteCandidate.Port} {p.State} {p.WriteState} sent={p.PacketsSent} recv={p.PacketsReceived} sel={p.Selected}"));
    }

    internal static Task<CandidatePairStats?> SelectedAsync(PeerPair pair, Net.PeerConnection pc) =>
        pair.Factory.WorkerThread.InvokeAsync(() => pc.Transport.Ice?.SelectedPair);

    internal static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        DateTime until = DateTime.UtcNow + PeerPair.Timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    internal static string Ufrag(string sdp) => Attribute(sdp, "a=ice-ufrag:");

    internal static string Pwd(string sdp) => Attribute(sdp, "a=ice-pwd:");

    internal static string Attribute(string sdp, string prefix) =>
        sdp.Split("\r\n").First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
