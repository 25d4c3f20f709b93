using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using Jingle.Net.Base;
using Jingle.Net.Sctp;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle bench sctp</c>: two SCTP associations over a simulated link on a virtual clock. Sends numbered messages,
/// checks that every byte arrives intact and in order, and reports throughput in simulated time plus the real CPU
/// time the run took.
/// </summary>
internal sealed class BenchSctpCommand : BenchCommand.ISubcommand
{
    public Command Create()
    {
        var loss = new Option<double>("--loss") { Description = "Packet loss in percent, each direction", DefaultValueFactory = _ => 0 };
        var rtt = new Option<double>("--rtt") { Description = "Round-trip time in ms", DefaultValueFactory = _ => 0 };
        var bandwidth = new Option<double>("--bandwidth") { Description = "Link rate in Mbit/s (0 = unlimited)", DefaultValueFactory = _ => 0 };
        var bytes = new Option<long>("--bytes") { Description = "Bytes to transfer", DefaultValueFactory = _ => 64L * 1024 * 1024 };
        var messageSize = new Option<int>("--message-size") { Description = "Message size in bytes", DefaultValueFactory = _ => 64 * 1024 };
        var duplication = new Option<double>("--duplication") { Description = "Duplicated packets in percent", DefaultValueFactory = _ => 0 };
        var reordering = new Option<double>("--reordering") { Description = "Reordered packets in percent", DefaultValueFactory = _ => 0 };
        var window = new Option<int>("--window") { Description = "Receiver window in bytes", DefaultValueFactory = _ => 4 * 1024 * 1024 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the link", DefaultValueFactory = _ => 1 };
        var noTuning = new Option<bool>("--no-window-tuning") { Description = "Advertise the whole --window from the first SACK (no receive-window auto-tuning)" };
        var command = new Command("sctp", "Two SCTP associations over a simulated link: integrity, order, throughput")
        {
            loss, rtt, bandwidth, bytes, messageSize, duplication, reordering, window, seed, noTuning,
        };
        command.SetAction(result => Run(new Settings(
            result.GetValue(loss), result.GetValue(rtt), result.GetValue(bandwidth), result.GetValue(bytes), result.GetValue(messageSize),
            result.GetValue(duplication), result.GetValue(reordering), result.GetValue(window), result.GetValue(seed), !result.GetValue(noTuning))));
        return command;
    }

    internal sealed record Settings(double LossPercent, double RttMs, double BandwidthMbit, long Bytes, int MessageSize,
        double DuplicationPercent, double ReorderingPercent, int Window, int Seed, bool WindowTuning = true);

    internal static int Run(Settings s)
    {
        if (s.MessageSize < 8 || s.Bytes < s.MessageSize)
        {
            Console.Error.WriteLine("--message-size must be >= 8 and --bytes >= --message-size");
            return 2;
        }

        var link = new SimulatedLinkOptions
        {
            Delay = TimeSpan.FromMilliseconds(s.RttMs / 2),
            Loss = s.LossPercent / 100,
            Duplication = s.DuplicationPercent / 100,
            Reordering = s.ReorderingPercent / 100,
            BitsPerSecond = s.BandwidthMbit * 1e6,
        };
        var options = new SctpOptions
        {
            MaxReceiverWindow = s.Window,
            InitialReceiveWindow = Math.Min(s.Window, new SctpOptions().InitialReceiveWindow),
            ReceiveWindowAutoTuning = s.WindowTuning,
            MaxMessageSize = Math.Max(256 * 1024, s.MessageSize),
            MaxSendBufferSize = Math.Max(16L * 1024 * 1024, 4L * s.MessageSize),
        };
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { Random = RandomSource.CreateSeeded(s.Seed) };
        var sender = new Receiver();
        var receiver = new Receiver();
        var sim = new SctpPairSimulation(env, options, sender, options, receiver, link, link, s.Seed);

        int count = (int)(s.Bytes / s.MessageSize);
        long total = (long)count * s.MessageSize;
        byte[] payload = new byte[s.MessageSize];
        int sent = 0;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 2L * 1024 * 1024)
            {
                Fill(payload, sent);
                if (sim.A.Send(0, 53, payload, default, sim.Now) != SctpSendStatus.Success)
                {
                    break;
                }

                sent++;
            }
        };

        Console.WriteLine($"link: rtt {s.RttMs} ms, loss {s.LossPercent}%, duplication {s.DuplicationPercent}%, reordering {s.ReorderingPercent}%, " +
            $"bandwidth {(s.BandwidthMbit > 0 ? $"{s.BandwidthMbit} Mbit/s" : "unlimited")}; {count} messages of {s.MessageSize} B");
        sim.A.Connect(sim.Now);
        if (!sim.RunUntil(() => sender.Connected && receiver.Connected, TimeSpan.FromMinutes(5)))
        {
            Console.WriteLine("handshake failed");
            return 1;
        }

        TimeSpan start = sim.Now;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int gcBefore = GC.CollectionCount(0);
        var wall = Stopwatch.StartNew();
        bool done = sim.RunUntil(() => receiver.Count == count || receiver.Error is not null, start + TimeSpan.FromHours(24));
        wall.Stop();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        int gcs = GC.CollectionCount(0) - gcBefore;
        TimeSpan simulated = sim.Now - start;

        bool intact = done && receiver.Error is null && receiver.Count == count && receiver.Bytes == total;
        double mb = total / 1e6;
        double simSeconds = Math.Max(simulated.TotalSeconds, 1e-9);
        SctpAssociationMetrics m = sim.A.Metrics;
        Console.WriteLine($"delivered: {receiver.Count}/{count} messages, {receiver.Bytes} B — {(intact ? "intact and in order" : "FAILED: " + (receiver.Error ?? "incomplete"))}");
        Console.WriteLine($"simulated time: {simulated.TotalSeconds:F3} s, throughput {mb / simSeconds:F2} MB/s ({total * 8 / simSeconds / 1e6:F2} Mbit/s)" +
            (s.BandwidthMbit > 0 ? $", {100 * total * 8 / simSeconds / (s.BandwidthMbit * 1e6):F1}% of the link" : string.Empty));
        Console.WriteLine($"wall clock: {wall.Elapsed.TotalMilliseconds:F0} ms ({mb / wall.Elapsed.TotalSeconds:F1} MB/s), CPU {cpu.TotalMilliseconds:F0} ms ({cpu.TotalMilliseconds / mb:F2} ms per MB, both ends and the link)");
        Console.WriteLine($"allocated: {allocated / Math.Max(1, count)} B per message, {allocated * 1.0 / Math.Max(1, m.DataChunksSent):F1} B per DATA chunk, {gcs} gen0 GCs");
        Console.WriteLine($"sender: {m.DataChunksSent} DATA chunks, {m.RetransmittedChunks} retransmitted ({m.FastRetransmits} fast, {m.T3Expirations} T3 timeouts), " +
            $"cwnd {m.Cwnd} B, srtt {m.SmoothedRtt.TotalMilliseconds:F1} ms; link dropped {sim.PacketsDropped}, duplicated {sim.PacketsDuplicated}");
        SctpAssociationMetrics r = sim.B.Metrics;
        Console.WriteLine($"receiver: window {r.ReceiveWindow} B ({(s.WindowTuning ? $"auto-tuned, grown {r.ReceiveWindowGrowths} times" : "not tuned")}), {r.DuplicateTsnsReceived} duplicate TSNs");
        return intact ? 0 : 1;
    }

    private static void Fill(byte[] payload, long index)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, index);
        byte b = (byte)(index * 31);
        for (int i = 8; i < payload.Length; i++)
        {
            payload[i] = (byte)(b + i);
        }
    }

    /// <summary>Counts and verifies numbered messages (index, then a pattern derived from it).</summary>
    private sealed class Receiver : ISctpAssociationHandler
    {
        public bool Connected { get; private set; }

        public int Count { get; private set; }

        public long Bytes { get; private set; }

        public string? Error { get; private set; }

        public void OnConnected() => Connected = true;

        public void OnMessageReceived(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
        {
            if (Error is null && (payload.Length < 8 || BinaryPrimitives.ReadInt64LittleEndian(payload) != Count || !PatternOk(payload, Count)))
            {
                Error = $"message {Count} corrupted or out of order";
            }

            Count++;
            Bytes += payload.Length;
        }

        private static bool PatternOk(ReadOnlySpan<byte> payload, long index)
        {
            byte b = (byte)(index * 31);
            for (int i = 8; i < payload.Length; i++)
            {
                if (payload[i] != (byte)(b + i))
                {
                    return false;
                }
            }

            return true;
        }

        public void OnClosed()
        {
        }

        public void OnAborted(string reason) => Error ??= "aborted: " + reason;

        public void OnConnectionRestarted()
        {
        }

        public void OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
        {
        }

        public void OnStreamsResetPerformed(ReadOnlySpan<ushort> streamIds)
        {
        }

        public void OnBufferedAmountLow(ushort streamId)
        {
        }

        public void OnError(string message)
        {
        }
    }
}
