using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Channel;

namespace Jingle.Net.Benchmarks.Ice;

/// <summary>
/// Time to connected: two agents in one process on real loopback sockets (host candidates), from StartGathering until
/// both are writable. Issue 4's goal: under 5 ms median.
/// </summary>
[MemoryDiagnoser]
public class IceConnectBenchmarks
{
    private RtcThread _worker = null!;
    private JingleEnvironment _env = null!;

    [GlobalSetup]
    public void Setup()
    {
        _worker = new RtcThread("bench-worker");
        _env = LoopbackAgents.Environment();
        if (!TimeToConnected().Wait(TimeSpan.FromSeconds(5)))
        {
            throw new InvalidOperationException("agents did not connect");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _worker.Dispose();

    [Benchmark]
    public async Task TimeToConnected()
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (P2PTransportChannel a, P2PTransportChannel b) = await _worker.InvokeAsync(() =>
        {
            P2PTransportChannel x = LoopbackAgents.Create(_env, _worker, IceRole.Controlling, "a");
            P2PTransportChannel y = LoopbackAgents.Create(_env, _worker, IceRole.Controlled, "b");
            LoopbackAgents.Wire(x, y, IceParameters.Create(_env.Random), IceParameters.Create(_env.Random));
            void OnWritable(Jingle.Net.Ice.Transport.IPacketTransport _)
            {
                if (x.IsWritable && y.IsWritable)
                {
                    connected.TrySetResult();
                }
            }

            x.WritableStateChanged += OnWritable;
            y.WritableStateChanged += OnWritable;
            x.StartGathering();
            y.StartGathering();
            return (x, y);
        });
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await _worker.InvokeAsync(() =>
        {
            a.Close();
            b.Close();
        });
    }
}
