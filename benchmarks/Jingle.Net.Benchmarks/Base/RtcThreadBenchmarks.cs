using BenchmarkDotNet.Attributes;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Benchmarks.Base;

/// <summary>
/// RtcThread post throughput: how many work items per second one producer can hand to the thread and have run, and
/// what each post allocates. <c>Post&lt;TState&gt;</c> with a static lambda is the packet-path form and should be 0 B.
/// </summary>
[MemoryDiagnoser]
public class RtcThreadBenchmarks
{
    private const int Posts = 100_000;
    private readonly Counter _counter = new();
    private RtcThread _thread = null!;

    [GlobalSetup]
    public void Setup()
    {
        _thread = new RtcThread("bench");
        PostStatic();
        if (_counter.Count != Posts)
        {
            throw new InvalidOperationException($"Expected {Posts} runs, saw {_counter.Count}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _thread.Dispose();

    [Benchmark(OperationsPerInvoke = Posts)]
    public void PostStatic()
    {
        _counter.Count = 0;
        for (int i = 0; i < Posts; i++)
        {
            _thread.Post(static c => c.Count++, _counter);
        }

        WaitForDrain();
    }

    [Benchmark(OperationsPerInvoke = Posts)]
    public void PostClosure()
    {
        Counter counter = _counter;
        counter.Count = 0;
        for (int i = 0; i < Posts; i++)
        {
            int n = i;
            _thread.Post(() => counter.Count += n > -1 ? 1 : 0); // a closure per post: what the static form avoids
        }

        WaitForDrain();
    }

    private void WaitForDrain()
    {
        _counter.Done.Reset();
        _thread.Post(static c => c.Done.Set(), _counter);
        _counter.Done.Wait();
    }

    private sealed class Counter
    {
        public int Count;
        public readonly ManualResetEventSlim Done = new();
    }
}
