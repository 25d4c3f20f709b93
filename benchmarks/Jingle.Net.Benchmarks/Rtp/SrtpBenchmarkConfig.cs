using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Jingle.Net.Benchmarks.Rtp;

/// <summary>
/// Short runs, in process: no rebuild of the boilerplate project (which times out on a loaded 2-core machine), and
/// the OpenSSL reference of <see cref="OpenSslReferenceBenchmarks"/> runs in the same process and session as ours.
/// </summary>
public sealed class SrtpBenchmarkConfig : ManualConfig
{
    public SrtpBenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
