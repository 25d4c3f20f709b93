using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Jingle.Net.Sctp.DataChannels;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// The data-channel half shared by <c>jingle peer</c> and <c>jingle pcclient</c>, independent of the signaling:
/// watches a PeerConnection for its channel (the one this side created with <see cref="Attach"/>, or the peer's
/// through <see cref="PeerConnection.DataChannel"/>), then sends, echoes or sinks as <see cref="TransferOptions"/>
/// says and returns a <see cref="TransferResult"/>. A receiving side runs until the peer closes the channel or the
/// connection, or the signaling reports the peer gone (<see cref="PeerGone"/>: BYE, sign-out, WHIP DELETE).
/// A sink answers the text message <c>stats</c> with its counters as JSON, as the interop harness's sink does.
/// </summary>
internal sealed class DataChannelTransfer
{
    private readonly PeerConnection _pc;
    private readonly TransferOptions _options;
    private readonly string _signaling;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource<RtcDataChannel> _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _echoed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _received;
    private long _messages;
    private long _sent;
    private long _expected = -1;
    private long _firstReceive = -1;
    private long _lastReceive;

    public DataChannelTransfer(PeerConnection pc, TransferOptions options, string signaling)
    {
        _pc = pc;
        _options = options;
        _signaling = signaling;
        pc.DataChannel += (_, channel) => Attach(channel);
        pc.ConnectionStateChanged += (_, state) =>
        {
            if (state is PeerConnectionState.Failed or PeerConnectionState.Closed or PeerConnectionState.Disconnected)
            {
                _closed.TrySetResult();
            }
        };
    }

    /// <summary>Restarts the open-time clock (an answerer calls it when the offer arrives).</summary>
    public void RestartClock() => _clock.Restart();

    /// <summary>The signaling says the peer has gone: a receiving side finishes.</summary>
    public void PeerGone() => _closed.TrySetResult();

    /// <summary>True once the channel is open.</summary>
    public bool IsOpen => _open.Task.IsCompletedSuccessfully;

    public void Attach(RtcDataChannel channel)
    {
        channel.MessageReceived += (_, m) => OnMessage(channel, m);
        channel.Opened += (_, _) => _open.TrySetResult(channel);
        channel.Closed += (_, _) => _closed.TrySetResult();
        if (channel.ReadyState == DataChannelState.Open)
        {
            _open.TrySetResult(channel);
        }
    }

    private void OnMessage(RtcDataChannel channel, DataChannelMessageEventArgs m)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstReceive, now, -1);
        Volatile.Write(ref _lastReceive, now);
        Interlocked.Increment(ref _messages);
        long received = Interlocked.Add(ref _received, m.Data.Length);
        if (_options.Echo)
        {
            if (m.IsText)
            {
                channel.Send(m.Text);
            }
            else
            {
                channel.Send(m.Data);
            }

            Interlocked.Add(ref _sent, m.Data.Length);
        }
        else if (m.IsText && m.Text == "stats" && _options.Send is null)
        {
            channel.Send(new JsonObject { ["bytes"] = received, ["messages"] = Interlocked.Read(ref _messages) }.ToJsonString());
        }

        long expected = Interlocked.Read(ref _expected);
        if (expected >= 0 && received >= expected)
        {
            _echoed.TrySetResult();
        }
    }

    /// <summary>Waits for the open channel, runs the transfer and returns the figures.</summary>
    /// <exception cref="TimeoutException">The channel did not open, or a send or its echo did not finish, in time.</exception>
    public async Task<TransferResult> RunAsync(CancellationToken token)
    {
        RtcDataChannel channel = await _open.Task.WaitAsync(_options.Timeout, token);
        double openMs = _clock.Elapsed.TotalMilliseconds;
        string pair = SelectedPair(await _pc.GetStatsAsync());
        double seconds;
        bool ok = true;
        if (_options.Send is not null)
        {
            byte[] file = await File.ReadAllBytesAsync(_options.Send.FullName, token);
            var transfer = Stopwatch.StartNew();
            await SendAsync(channel, file, token).WaitAsync(_options.Timeout, token);
            if (_options.ExpectEcho)
            {
                Interlocked.Exchange(ref _expected, file.Length);
                if (Interlocked.Read(ref _received) >= file.Length)
                {
                    _echoed.TrySetResult();
                }

                try
                {
                    await _echoed.Task.WaitAsync(_options.Timeout, token);
                }
                catch (TimeoutException)
                {
                    ok = false;
                }
            }

            seconds = transfer.Elapsed.TotalSeconds;
        }
        else
        {
            await _closed.Task.WaitAsync(token);
            long first = Interlocked.Read(ref _firstReceive);
            seconds = first < 0 ? 0 : Stopwatch.GetElapsedTime(first, Volatile.Read(ref _lastReceive)).TotalSeconds;
        }

        return new TransferResult(_signaling, openMs, pair, Interlocked.Read(ref _sent), Interlocked.Read(ref _received),
            Interlocked.Read(ref _messages), seconds, ok);
    }

    private async Task SendAsync(RtcDataChannel channel, byte[] file, CancellationToken token)
    {
        channel.BufferedAmountLowThreshold = 1024 * 1024;
        using var low = new SemaphoreSlim(0);
        channel.BufferedAmountLow += (_, _) => low.Release();
        for (int offset = 0; offset < file.Length; offset += TransferOptions.MessageSize)
        {
            while (channel.BufferedAmount > 4 * 1024 * 1024)
            {
                await low.WaitAsync(TimeSpan.FromMilliseconds(50), token);
            }

            int length = Math.Min(TransferOptions.MessageSize, file.Length - offset);
            channel.Send(file.AsSpan(offset, length));
            Interlocked.Add(ref _sent, length);
        }

        channel.BufferedAmountLowThreshold = 0;   // BufferedAmount is exact when it reaches the threshold
        while (channel.BufferedAmount > 0)
        {
            await low.WaitAsync(TimeSpan.FromMilliseconds(20), token);
        }
    }

    /// <summary>"host 127.0.0.1:50000 &lt;-&gt; host 127.0.0.1:50001" from the transport's selected pair.</summary>
    public static string SelectedPair(RtcStatsReport report)
    {
        RtcStats? transport = report.OfType("transport").FirstOrDefault();
        if (transport?["selectedCandidatePairId"] is not string id || !report.TryGetValue(id, out RtcStats? pair))
        {
            return "(none)";
        }

        RtcStats local = report[(string)pair["localCandidateId"]!];
        RtcStats remote = report[(string)pair["remoteCandidateId"]!];
        return new StringBuilder().Append(local["candidateType"]).Append(' ').Append(local["address"]).Append(':').Append(local["port"])
            .Append(" <-> ").Append(remote["candidateType"]).Append(' ').Append(remote["address"]).Append(':').Append(remote["port"]).ToString();
    }
}
