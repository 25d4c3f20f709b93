using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;
using Jingle.Net.Tests.Interop;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// The ours↔aiortc and ours↔Chromium rows of docs/benchmarks.md: CreateOffer → data channel open (we offer, the peer
/// answers; median of <see cref="OpenRuns"/>) and 64 MiB in 64 KiB binary messages, reliable and ordered, both ways
/// (the real peer sending to our sink, and us sending to the peer's sink). Skipped unless JINGLE_INTEROP_BENCH=1;
/// figures go to the test output and are appended to JINGLE_INTEROP_BENCH_OUT (default: a file next to the test
/// binary). Run with benchmarks/peers/run-ours.sh.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class InteropThroughputBenchmarks
{
    private const int OpenRuns = 10;
    private const long Total = 64L * 1024 * 1024;
    private const int Chunk = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task OursAndAiortc()
    {
        SkipUnlessEnabled();
        AiortcPeer.EnsurePrerequisites();
        await using AiortcPeer aiortc = await AiortcPeer.StartAsync(InteropPeerBehaviour.Sink);
        await using var factory = new PeerConnectionFactory();
        await MeasureAsync("ours<->aiortc", aiortc, factory, static file => File.ReadAllLines("/proc/net/" + file), aiortc.Process.Pid);
    }

    [Fact]
    public async Task OursAndChromium()
    {
        SkipUnlessEnabled();
        using LoopbackNetworkNamespace ns = LoopbackNetworkNamespace.Create();
        await using ChromiumPeer chromium = await ChromiumPeer.StartAsync(InteropPeerBehaviour.Sink, ns);
        await using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { Environment = ns.CreateEnvironment() });
        await MeasureAsync("ours<->Chromium", chromium, factory, file => ns.Invoke(() => File.ReadAllLines("/proc/thread-self/net/" + file)));
    }

    private static void SkipUnlessEnabled()
    {
        if (Environment.GetEnvironmentVariable("JINGLE_INTEROP_BENCH") != "1")
        {
            Assert.Skip("Interop benchmark: set JINGLE_INTEROP_BENCH=1 to run it (benchmarks/peers/run-ours.sh).");
        }
    }

    /// <summary>CPU time of process <paramref name="pid"/> (user + system), or zero when it cannot be read.</summary>
    private static TimeSpan ProcessCpu(int? pid, bool systemOnly = false)
    {
        try
        {
            if (pid is not { } id)
            {
                return TimeSpan.Zero;
            }

            // /proc/PID/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
            string stat = File.ReadAllText($"/proc/{id}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds((systemOnly ? system : long.Parse(fields[11], CultureInfo.InvariantCulture) + system) / 100.0);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    private static async Task MeasureAsync(string pair, IInteropPeer peer, PeerConnectionFactory factory, Func<string, string[]> readProcNet, int? peerPid = null)
    {
        Report(pair, $"start, load average {LoadAverage()}");
        var opens = new List<double>();
        var gathers = new List<double>();
        var answers = new List<double>();
        var iceConnected = new List<double>();
        var dtlsConnected = new List<double>();
        Net.PeerConnection? last = null;
        OurSink? sink = null;
        try
        {
            for (int run = 0; run < OpenRuns; run++)
            {
                if (last is not null)
                {
                    await last.DisposeAsync();
                    last = null;
                }

                (last, sink, double ms, double gatheredMs, double answeredMs, double iceMs, double dtlsMs) = await OpenAsync(peer, factory);
                opens.Add(ms);
                iceConnected.Add(iceMs);
                dtlsConnected.Add(dtlsMs);
                gathers.Add(gatheredMs);
                answers.Add(answeredMs);
            }

            double[] sorted = [.. opens.Order()];
            double median = (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
            Report(pair, $"open ms (CreateOffer -> open, we offer, non-trickle): median {F(median)}, min {F(sorted[0])}, max {F(sorted[^1])}, runs [{string.Join(", ", opens.Select(F))}]; " +
                $"of which our gathering (CreateOffer -> complete) median {F(Median(gathers))} ms, the peer's answer (HTTP round trip) median {F(Median(answers))} ms, " +
                $"ICE connected at {F(Median(iceConnected))} ms, DTLS connected at {F(Median(dtlsConnected))} ms (medians, from CreateOffer)");

            Report(pair, "selected pair: " + await SelectedPairAsync(last!));

            // The real peer sends to our sink (JINGLE_INTEROP_BENCH_REPEAT times, default once: the Chromium direction is bimodal).
            int repeat = int.TryParse(Environment.GetEnvironmentVariable("JINGLE_INTEROP_BENCH_REPEAT"), out int r) && r > 1 ? r : 1;
            for (int i = 0; i < repeat; i++)
            {
                Counters c0 = Counters.Read(last!, readProcNet);
                sink!.Reset();
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                TimeSpan peerCpu0 = ProcessCpu(peerPid);
                BulkTransferResult toUs = await peer.SendBulkAsync(Total, Chunk, Timeout);
                double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
                double peerCpuMs = (ProcessCpu(peerPid) - peerCpu0).TotalMilliseconds;
                Report(pair, $"peer -> ours: {toUs.Sent} B in {F(toUs.Seconds)} s = {F(toUs.MegabytesPerSecond)} MB/s (our sink: {toUs.Sink.Bytes} B, {toUs.Sink.Messages} messages); our process CPU {F(cpuMs)} ms ({F(cpuMs / (Total / 1e6))} ms per MB)" +
                    (peerPid is null ? string.Empty : $", the peer's {F(peerCpuMs)} ms") + $"; load average {LoadAverage()}");
                Report(pair, "peer -> ours counters: " + Counters.Read(last!, readProcNet).Since(c0));
                Assert.Equal(Total, toUs.Sent);
                Assert.Equal(Total + "stats".Length, toUs.Sink.Bytes);
            }

            // We send to the real peer's sink (its counters already hold our stats reply from the transfer above).
            InteropPeerStats before = await peer.GetStatsAsync();
            Counters c1 = Counters.Read(last!, readProcNet);
            TimeSpan ourCpu1 = Process.GetCurrentProcess().TotalProcessorTime;
            TimeSpan peerCpu1 = ProcessCpu(peerPid);
            TimeSpan peerSystem1 = ProcessCpu(peerPid, systemOnly: true);
            (double seconds, InteropPeerStats theirs) = await sink!.SendBulkAsync(Total, Chunk, Timeout);
            double mbps = Total / seconds / 1e6;
            Report(pair, $"ours -> peer CPU: ours {F((Process.GetCurrentProcess().TotalProcessorTime - ourCpu1).TotalMilliseconds)} ms" +
                (peerPid is null ? string.Empty : $", the peer's {F((ProcessCpu(peerPid) - peerCpu1).TotalMilliseconds)} ms ({F((ProcessCpu(peerPid) - peerCpu1).TotalMilliseconds / seconds / 10)}% of a core; system {F((ProcessCpu(peerPid, systemOnly: true) - peerSystem1).TotalMilliseconds)} ms)"));
            Report(pair, $"ours -> peer: {Total} B in {F(seconds)} s = {F(mbps)} MB/s (peer sink: {theirs.Bytes - before.Bytes} B, {theirs.Messages - before.Messages} messages); load average {LoadAverage()}");
            Report(pair, "ours -> peer counters: " + Counters.Read(last!, readProcNet).Since(c1));
            Assert.Equal(Total + "stats".Length, theirs.Bytes - before.Bytes);
            Assert.Equal((Total / Chunk) + 1, theirs.Messages - before.Messages);
            Assert.Equal(PeerConnectionState.Connected, last!.ConnectionState);
        }
        finally
        {
            if (last is not null)
            {
                await last.DisposeAsync();
            }
        }
    }

    /// <summary>We offer (after gathering, as the peers do not trickle), the peer answers; returns ms from CreateOffer to open.</summary>
    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<(Net.PeerConnection Pc, OurSink Sink, double OpenMs, double GatheredMs, double AnsweredMs, double IceMs, double DtlsMs)> OpenAsync(IInteropPeer peer, PeerConnectionFactory factory)
    {
        Net.PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        try
        {
            RtcDataChannel channel = pc.CreateDataChannel("bench");
            var sink = new OurSink(pc, channel);
            Task opened = PeerPair.WhenOpen(channel);
            var gathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pc.IceGatheringStateChanged += (_, s) =>
            {
                if (s == IceGatheringState.Complete)
                {
                    gathered.TrySetResult();
                }
            };

            var clock = Stopwatch.StartNew();
            double iceMs = 0, dtlsMs = 0;
            pc.IceConnectionStateChanged += (_, s) => iceMs = s is IceTransportState.Connected or IceTransportState.Completed && iceMs == 0 ? clock.Elapsed.TotalMilliseconds : iceMs;
            pc.ConnectionStateChanged += (_, s) => dtlsMs = s == PeerConnectionState.Connected && dtlsMs == 0 ? clock.Elapsed.TotalMilliseconds : dtlsMs;
            await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
            if (pc.IceGatheringState == IceGatheringState.Complete)
            {
                gathered.TrySetResult();
            }

            await gathered.Task.WaitAsync(Timeout);
            double gatheredMs = clock.Elapsed.TotalMilliseconds;
            string answer = await peer.AnswerAsync(pc.LocalDescription!.Sdp);
            double answeredMs = clock.Elapsed.TotalMilliseconds - gatheredMs;
            await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answer));
            await opened.WaitAsync(Timeout);
            double ms = clock.Elapsed.TotalMilliseconds;
            sink.OpenMs = ms;
            return (pc, sink, ms, gatheredMs, answeredMs, iceMs, dtlsMs);
        }
        catch
        {
            await pc.DisposeAsync();
            throw;
        }
    }

    /// <summary>Local and remote ports of the selected candidate pair (to read the per-port drop counters against).</summary>
    private static async Task<string> SelectedPairAsync(Net.PeerConnection pc)
    {
        RtcStatsReport report = await pc.GetStatsAsync();
        RtcStats? transport = report.Values.FirstOrDefault(s => s.Type == "transport");
        if (transport?["selectedCandidatePairId"] is not string pairId || !report.TryGetValue(pairId, out RtcStats? candidatePair))
        {
            return "none";
        }

        long Port(string member) => candidatePair[member] is string id && report.TryGetValue(id, out RtcStats? c) ? c.GetInt64("port") : 0;
        return $"our port {Port("localCandidateId")}, peer port {Port("remoteCandidateId")}";
    }

    private static void Report(string pair, string line)
    {
        string text = $"{pair}: {line}";
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        TestContext.Current.SendDiagnosticMessage(text);
        string path = Environment.GetEnvironmentVariable("JINGLE_INTEROP_BENCH_OUT") is { Length: > 0 } p
            ? p
            : Path.Combine(AppContext.BaseDirectory, "interop-bench-results.txt");
        File.AppendAllText(path, text + Environment.NewLine);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>
    /// What explains a transfer's rate: our SCTP association's counters and the kernel's UDP receive-buffer overflows
    /// (/proc/net/snmp RcvbufErrors of the peers' network namespace: datagrams dropped because a socket's buffer was
    /// full, whichever socket it was).
    /// </summary>
    private readonly record struct Counters(Sctp.SctpAssociationMetrics Sctp, long RcvbufErrors, Dictionary<int, long> DropsByPort)
    {
        public static Counters Read(Net.PeerConnection pc, Func<string, string[]> readProcNet) =>
            new(pc.Transport.Sctp?.Association.Metrics ?? default, UdpRcvbufErrors(() => readProcNet("snmp")), DropsPerLocalPort(readProcNet));

        public string Since(Counters before)
        {
            Sctp.SctpAssociationMetrics a = Sctp, b = before.Sctp;
            return $"ours: packets sent {a.PacketsSent - b.PacketsSent}, received {a.PacketsReceived - b.PacketsReceived}, " +
                $"DATA chunks sent {a.DataChunksSent - b.DataChunksSent}, received {a.DataChunksReceived - b.DataChunksReceived}, " +
                $"duplicate TSNs received {a.DuplicateTsnsReceived - b.DuplicateTsnsReceived}, out of order {a.OutOfOrderTsnsReceived - b.OutOfOrderTsnsReceived}, " +
                $"dropped (window full) {a.DataChunksDroppedWindowFull - b.DataChunksDroppedWindowFull}, SACKs with gaps sent {a.SacksWithGapsSent - b.SacksWithGapsSent}, retransmitted {a.RetransmittedChunks - b.RetransmittedChunks}, " +
                $"fast retransmits {a.FastRetransmits - b.FastRetransmits}, T3 expirations {a.T3Expirations - b.T3Expirations}, " +
                $"cwnd {a.Cwnd}, srtt {F(a.SmoothedRtt.TotalMilliseconds)} ms, peer rwnd {a.PeerReceiverWindow}, our receive window {a.ReceiveWindow} (grown {a.ReceiveWindowGrowths - b.ReceiveWindowGrowths} times); " +
                $"kernel UDP receive-buffer drops (the peers' namespace) {RcvbufErrors - before.RcvbufErrors}" +
                $" [by local port: {string.Join(", ", DropsByPort.Select(d => (d.Key, d.Value - before.DropsByPort.GetValueOrDefault(d.Key))).Where(d => d.Item2 > 0).Select(d => $"{d.Key}: {d.Item2}"))}]";
        }

        /// <summary>/proc/net/udp's per-socket drop counters, by local port (the last column).</summary>
        private static Dictionary<int, long> DropsPerLocalPort(Func<string, string[]> readProcNet)
        {
            var drops = new Dictionary<int, long>();
            try
            {
                foreach (string line in readProcNet("udp").Skip(1))
                {
                    string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f.Length > 12 && f[1].Split(':') is [_, string port])
                    {
                        int p = int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        drops[p] = drops.GetValueOrDefault(p) + long.Parse(f[^1], CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
            }

            return drops;
        }

        private static long UdpRcvbufErrors(Func<string[]> readSnmp)
        {
            try
            {
                string[] lines = readSnmp();
                for (int i = 0; i + 1 < lines.Length; i++)
                {
                    if (lines[i].StartsWith("Udp: ", StringComparison.Ordinal) && lines[i + 1].StartsWith("Udp: ", StringComparison.Ordinal))
                    {
                        int column = Array.IndexOf(lines[i].Split(' '), "RcvbufErrors");
                        return column < 0 ? -1 : long.Parse(lines[i + 1].Split(' ')[column], CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
            }

            return -1;
        }
    }

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Our end of the bench channel: a sink for the real peer's bulk send (counts what arrives and answers the text
    /// <c>stats</c> with the harness JSON), and a bulk sender to the real peer's sink.
    /// </summary>
    private sealed class OurSink
    {
        private readonly Net.PeerConnection _pc;
        private readonly RtcDataChannel _channel;
        private readonly Lock _gate = new();
        private long _bytes;
        private long _messages;
        private long _texts;
        private long _binaries;
        private long _empty;
        private long _first = -1;
        private long _last;
        private TaskCompletionSource<string>? _reply;

        public OurSink(Net.PeerConnection pc, RtcDataChannel channel)
        {
            _pc = pc;
            _channel = channel;
            channel.MessageReceived += OnMessage;
        }

        public double? OpenMs { get; set; }

        /// <summary>Forgets what arrived so far, so a repeated transfer is counted on its own.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                (_bytes, _messages, _texts, _binaries, _empty, _first, _last) = (0, 0, 0, 0, 0, -1, 0);
            }
        }

        private void OnMessage(object? sender, DataChannelMessageEventArgs m)
        {
            TaskCompletionSource<string>? reply;
            lock (_gate)
            {
                long now = Stopwatch.GetTimestamp();
                if (_first < 0)
                {
                    _first = now;
                }

                _last = now;
                _messages++;
                _bytes += m.Data.Length;
                _texts += m.IsText ? 1 : 0;
                _binaries += m.IsText ? 0 : 1;
                _empty += m.Data.Length == 0 ? 1 : 0;
                reply = _reply;
                if (m.IsText && reply is not null)
                {
                    _reply = null;
                }
            }

            if (!m.IsText)
            {
                return;
            }

            if (reply is not null)
            {
                reply.TrySetResult(m.Text);
            }
            else if (m.Text == "stats")
            {
                _channel.Send(StatsJson());
            }
        }

        private string StatsJson()
        {
            lock (_gate)
            {
                return new JsonObject
                {
                    ["bytes"] = _bytes,
                    ["messages"] = _messages,
                    ["texts"] = _texts,
                    ["binaries"] = _binaries,
                    ["empty"] = _empty,
                    ["seconds"] = _first < 0 ? 0 : Stopwatch.GetElapsedTime(_first, _last).TotalSeconds,
                    ["state"] = _pc.ConnectionState.ToString().ToLowerInvariant(),
                    ["open_ms"] = OpenMs,
                }.ToJsonString();
            }
        }

        /// <summary>Sends <paramref name="total"/> bytes with flow control, then <c>stats</c>; seconds until the peer's reply.</summary>
        public async Task<(double Seconds, InteropPeerStats Peer)> SendBulkAsync(long total, int chunk, TimeSpan timeout)
        {
            var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            long highWater = 16L * chunk;
            _channel.BufferedAmountLowThreshold = 4L * chunk;
            using var low = new SemaphoreSlim(0);
            EventHandler onLow = (_, _) => low.Release();
            _channel.BufferedAmountLow += onLow;
            byte[] payload = new byte[chunk];
            using var cts = new CancellationTokenSource(timeout);
            var clock = Stopwatch.StartNew();
            try
            {
                for (long sent = 0; sent < total; sent += chunk)
                {
                    while (_channel.BufferedAmount > highWater)
                    {
                        await low.WaitAsync(TimeSpan.FromMilliseconds(50), cts.Token);
                    }

                    _channel.Send(payload.AsSpan(0, (int)Math.Min(chunk, total - sent)));
                }

                lock (_gate)
                {
                    _reply = reply;
                }

                _channel.Send("stats");
                string text = await reply.Task.WaitAsync(cts.Token);
                double seconds = clock.Elapsed.TotalSeconds;
                return (seconds, InteropPeerStats.FromJson(JsonNode.Parse(text)!));
            }
            finally
            {
                _channel.BufferedAmountLow -= onLow;
            }
        }
    }
}
