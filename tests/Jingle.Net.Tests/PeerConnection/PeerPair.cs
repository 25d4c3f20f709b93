using Jingle.Net.Base.Networking;
using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>Two PeerConnections of one factory, trickling candidates to each other, over real loopback UDP.</summary>
internal sealed class PeerPair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public PeerPair(PeerConnectionFactory? factory = null, RtcConfiguration? configuration = null)
        : this(factory ?? new PeerConnectionFactory(), null, configuration)
    {
    }

    /// <summary>Offerer from <paramref name="factory"/>, answerer from <paramref name="answererFactory"/> (or the same).</summary>
    public PeerPair(PeerConnectionFactory factory, PeerConnectionFactory? answererFactory, RtcConfiguration? configuration)
    {
        Factory = factory;
        AnswererFactory = answererFactory;
        configuration ??= new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback };
        Offerer = Factory.CreatePeerConnection(configuration);
        Answerer = (answererFactory ?? Factory).CreatePeerConnection(configuration);
        Offerer.IceCandidate += (_, e) => Forward(Answerer, e.Candidate);
        Answerer.IceCandidate += (_, e) => Forward(Offerer, e.Candidate);
        Answerer.DataChannel += (_, channel) => RemoteChannel.TrySetResult(channel);
    }

    public PeerConnectionFactory Factory { get; }

    public PeerConnectionFactory? AnswererFactory { get; }

    public Net.PeerConnection Offerer { get; }

    public Net.PeerConnection Answerer { get; }

    public TaskCompletionSource<RtcDataChannel> RemoteChannel { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<Exception> TrickleErrors { get; } = [];

    private readonly Dictionary<Net.PeerConnection, List<RtcIceCandidateInit>?> _pending = [];

    /// <summary>Trickle as applications do it: candidates wait until the receiver has the remote description.</summary>
    private void Forward(Net.PeerConnection to, RtcIceCandidateInit candidate)
    {
        lock (_pending)
        {
            if (!_pending.TryGetValue(to, out List<RtcIceCandidateInit>? waiting))
            {
                _pending[to] = waiting = [];
            }

            if (waiting is not null)
            {
                waiting.Add(candidate);
                return;
            }
        }

        Add(to, candidate);
    }

    private void RemoteDescriptionSet(Net.PeerConnection pc)
    {
        List<RtcIceCandidateInit>? waiting;
        lock (_pending)
        {
            _pending.TryGetValue(pc, out waiting);
            _pending[pc] = null;
        }

        foreach (RtcIceCandidateInit candidate in waiting ?? [])
        {
            Add(pc, candidate);
        }
    }

    private void Add(Net.PeerConnection to, RtcIceCandidateInit candidate) =>
        _ = to.AddIceCandidateAsync(candidate).ContinueWith(t =>
        {
            if (t.Exception is { } e)
            {
                lock (TrickleErrors)
                {
                    TrickleErrors.Add(e);
                }
            }
        }, TaskScheduler.Default);

    public async Task NegotiateAsync()
    {
        RtcSessionDescription offer = await Offerer.CreateOfferAsync();
        await Offerer.SetLocalDescriptionAsync(offer);
        await Answerer.SetRemoteDescriptionAsync(offer);
        RemoteDescriptionSet(Answerer);
        RtcSessionDescription answer = await Answerer.CreateAnswerAsync();
        await Answerer.SetLocalDescriptionAsync(answer);
        await Offerer.SetRemoteDescriptionAsync(answer);
        RemoteDescriptionSet(Offerer);
    }

    /// <summary>Creates a channel on the offerer, negotiates, and waits until both ends are open.</summary>
    public async Task<(RtcDataChannel Local, RtcDataChannel Remote)> ConnectWithChannelAsync(string label = "chat")
    {
        RtcDataChannel local = Offerer.CreateDataChannel(label);
        Task opened = WhenOpen(local);
        await NegotiateAsync();
        RtcDataChannel remote;
        try
        {
            remote = await RemoteChannel.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("No remote channel. " + await DescribeAsync());
        }

        await opened.WaitAsync(Timeout);
        await WhenOpen(remote).WaitAsync(Timeout);
        return (local, remote);
    }

    public async Task<string> DescribeAsync()
    {
        string Describe(Net.PeerConnection pc) =>
            $"ice={pc.IceConnectionState} gathering={pc.IceGatheringState} pc={pc.ConnectionState} dtls={pc.Transport.Dtls?.State} {pc.Transport.Dtls?.Error} sctp={pc.Transport.Sctp?.Association.State} pair={pc.Transport.Ice?.SelectedPair?.Description}";
        return await Factory.WorkerThread.InvokeAsync(() => "offerer: " + Describe(Offerer)) + " | answerer: "
            + await (AnswererFactory ?? Factory).WorkerThread.InvokeAsync(() => Describe(Answerer));
    }

    public static Task WhenOpen(RtcDataChannel channel)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += (_, _) => tcs.TrySetResult();
        if (channel.ReadyState == Sctp.DataChannels.DataChannelState.Open)
        {
            tcs.TrySetResult();
        }

        return tcs.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await Offerer.DisposeAsync();
        await Answerer.DisposeAsync();
        await Factory.DisposeAsync();
        if (AnswererFactory is not null)
        {
            await AnswererFactory.DisposeAsync();
        }
    }
}
