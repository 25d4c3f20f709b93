using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;

namespace Jingle.Net.Benchmarks.Ice;

/// <summary>
/// Memory of one P2PTransportChannel with 10 local candidates (10 loopback addresses, one UDP socket each) and 10
/// remote candidates: 100 pairs. "Allocated" is the managed memory it took, sockets' receive buffers included.
/// </summary>
[MemoryDiagnoser]
public class IceChannelMemoryBenchmarks
{
    private RtcThread _worker = null!;
    private JingleEnvironment _env = null!;
    private IceCandidate[] _remote = null!;

    [GlobalSetup]
    public void Setup()
    {
        _worker = new RtcThread("bench-worker");
        _env = LoopbackAgents.Environment(addresses: 10);
        _remote = [.. Enumerable.Range(1, 10).Select(i => IceCandidate.Parse($"candidate:{i} 1 udp {2130706431 - i} 192.0.2.{i} {5000 + i} typ host"))];
        if (CreateChannelWith10x10() != 100)
        {
            throw new InvalidOperationException("expected 100 pairs");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _worker.Dispose();

    [Benchmark]
    public int CreateChannelWith10x10() => _worker.InvokeAsync(() =>
    {
        P2PTransportChannel channel = LoopbackAgents.Create(_env, _worker, IceRole.Controlling, "mem");
        channel.SetLocalParameters(IceParameters.Create(_env.Random));
        channel.StartGathering();
        foreach (IceCandidate c in _remote)
        {
            channel.AddRemoteCandidate(c);
        }

        int pairs = channel.GetStats().Pairs.Count;
        channel.Close();
        return pairs;
    }).Result;
}
