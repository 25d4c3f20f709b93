using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Sctp;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Benchmarks.Sctp;

/// <summary>
/// 64 MiB in 64 KiB messages over a simulated 100 Mbit/s link with 0.1% loss at 20/50/100 ms RTT. Mean is the real CPU
/// cost of simulating the transfer; the throughput as a share of the link rate (simulated time) is printed at the end
/// of each case ("// SCTP share ...").
/// </summary>
[MemoryDiagnoser]
public class SctpLossyLinkBenchmarks
{
    [Params(20, 50, 100)]
    public int RttMs { get; set; }

    private double _lastShare;

    [Benchmark]
    public double Transfer64MiB()
    {
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(RttMs / 2.0), Loss = 0.001, BitsPerSecond = 100e6 };
        var options = new SctpOptions { MaxReceiverWindow = 8 * 1024 * 1024 };
        var sender = new CountingHandler();
        var receiver = new CountingHandler();
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { Random = RandomSource.CreateSeeded(RttMs) };
        var sim = new SctpPairSimulation(env, options, sender, options, receiver, link, link, RttMs);
        sim.A.Connect(sim.Now);
        sim.RunUntil(() => sender.Connected && receiver.Connected, TimeSpan.FromSeconds(10));
        byte[] payload = new byte[64 * 1024];
        const int count = 1024;
        int sent = 0;
        TimeSpan start = sim.Now;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 4 * 1024 * 1024)
            {
                payload[0] = (byte)sent;
                sim.A.Send(0, 53, payload, default, sim.Now);
                sent++;
            }
        };
        if (!sim.RunUntil(() => receiver.Messages == count, TimeSpan.FromHours(1)) || receiver.OutOfOrder)
        {
            throw new InvalidOperationException("transfer failed");
        }

        double seconds = (sim.Now - start).TotalSeconds;
        _lastShare = count * 65536 * 8 / seconds / 100e6;
        return _lastShare;
    }

    [GlobalCleanup]
    public void Report() => Console.WriteLine($"// SCTP share of a 100 Mbit/s link at {RttMs} ms RTT, 0.1% loss: {_lastShare:P1}");
}
