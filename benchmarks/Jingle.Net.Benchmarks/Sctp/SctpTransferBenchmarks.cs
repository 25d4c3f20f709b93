using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Sctp;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Benchmarks.Sctp;

/// <summary>
/// An association pair over an in-memory link (no delay, no crypto): the cost of the SCTP core per message, both ends
/// plus the link's packet copy. One operation = one message, so Mean is the time per message and Allocated the bytes
/// allocated per message; MB/s = message size / Mean.
/// </summary>
[MemoryDiagnoser]
public class SctpTransferBenchmarks
{
    private const int SmallMessages = 8192;
    private const int LargeMessages = 128;
    private SctpPairSimulation _sim = null!;
    private CountingHandler _receiver = null!;
    private readonly byte[] _small = new byte[1024];
    private readonly byte[] _large = new byte[64 * 1024];

    [GlobalSetup]
    public void Setup()
    {
        var options = new SctpOptions { MaxReceiverWindow = 4 * 1024 * 1024 };
        var link = new SimulatedLinkOptions();
        var sender = new CountingHandler();
        _receiver = new CountingHandler();
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { Random = RandomSource.CreateSeeded(1) };
        _sim = new SctpPairSimulation(env, options, sender, options, _receiver, link, link, 1);
        _sim.A.Connect(_sim.Now);
        if (!_sim.RunUntil(() => sender.Connected && _receiver.Connected, TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException("handshake failed");
        }

        Transfer(_large, LargeMessages); // warm the pools and check delivery
        Transfer(_small, SmallMessages);
        if (_receiver.OutOfOrder || _receiver.Messages != LargeMessages + SmallMessages)
        {
            throw new InvalidOperationException("transfer check failed");
        }
    }

    private void Transfer(byte[] payload, int count)
    {
        long target = _receiver.Messages + count;
        int sent = 0;
        while (_receiver.Messages < target)
        {
            while (sent < count && _sim.A.TotalBufferedAmount < 1024 * 1024)
            {
                payload[0] = (byte)(target - count + sent);
                _sim.A.Send(0, 53, payload, default, _sim.Now);
                sent++;
            }

            if (!_sim.Step(TimeSpan.MaxValue - TimeSpan.FromDays(1)))
            {
                throw new InvalidOperationException("stalled");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = LargeMessages, Description = "64 KiB messages (per message)")]
    public void Messages64KiB() => Transfer(_large, LargeMessages);

    [Benchmark(OperationsPerInvoke = SmallMessages, Description = "1 KiB messages (per message)")]
    public void Messages1KiB() => Transfer(_small, SmallMessages);
}
