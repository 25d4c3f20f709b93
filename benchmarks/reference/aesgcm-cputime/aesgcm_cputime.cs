#:project ../../../src/Jingle.Net.Base/Jingle.Net.Base.csproj
#:property OutputType=Exe
#:property IsPackable=false
#:property PublishAot=false
#:property NoWarn=$(NoWarn);CA1303;CA5394;CA1515;CA2000;CA1305;CA1852;CA1812
// Named like the benchmark project so that Jingle.Net.Base's InternalsVisibleTo lets it reach AesGcmCipher.
#:property AssemblyName=Jingle.Net.Benchmarks

// AES-GCM on one DTLS record (1200 B plaintext, 13 B TLS AAD): our AesGcmCipher against .NET's AesGcm (OpenSSL 3
// on Linux), timed in thread CPU time so that the ratio holds on a loaded machine, where BenchmarkDotNet's
// wall-clock figures swing with the other processes (benchmarks/Jingle.Net.Benchmarks/Base/AesGcmBenchmarks.cs is
// the BenchmarkDotNet version). Also reports bytes allocated per operation.
// Run: dotnet run -c Release --file benchmarks/reference/aesgcm-cputime/aesgcm_cputime.cs -- [seconds-per-measurement]
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;

const int PayloadLength = 1200;
double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2.0;

foreach (int keyLength in new[] { 16, 32 })
{
    byte[] key = new byte[keyLength];
    byte[] nonce = new byte[12];
    byte[] aad = new byte[13];
    byte[] plaintext = new byte[PayloadLength];
    byte[] ciphertext = new byte[PayloadLength];
    byte[] tag = new byte[16];
    new Random(3).NextBytes(key);
    using AesGcmCipher ours = AesGcmCipher.Create(key);
    using var dotnet = new AesGcm(key, 16);
    (double oursEncrypt, double oursEncryptBytes) = Measure(() => ours.Encrypt(nonce, plaintext, ciphertext, tag, aad), seconds);
    (double oursBoth, double oursBothBytes) = Measure(() =>
    {
        ours.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        ours.Decrypt(nonce, ciphertext, tag, plaintext, aad);
    }, seconds);
    (double dotnetEncrypt, _) = Measure(() => dotnet.Encrypt(nonce, plaintext, ciphertext, tag, aad), seconds);
    (double dotnetBoth, double dotnetBothBytes) = Measure(() =>
    {
        dotnet.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        dotnet.Decrypt(nonce, ciphertext, tag, plaintext, aad);
    }, seconds);
    Console.WriteLine($"AES-{keyLength * 8}-GCM 1200 B + 13 B AAD  ours ({(ours.UsesIntrinsics ? "intrinsics" : "AesGcm fallback")}): " +
        $"encrypt {oursEncrypt,7:F1} ns, encrypt+decrypt {oursBoth,7:F1} ns ({oursEncryptBytes + oursBothBytes:F1} B)   " +
        $"AesGcm: encrypt {dotnetEncrypt,7:F1} ns, encrypt+decrypt {dotnetBoth,7:F1} ns ({dotnetBothBytes:F1} B)   " +
        $"speed-up {dotnetBoth / oursBoth:F2}x");
}

static (double NsPerOp, double BytesPerOp) Measure(Action op, double seconds)
{
    for (int i = 0; i < 50_000; i++)
    {
        op(); // warm up, let tiered compilation finish
    }

    double best = double.MaxValue;
    long bytes = GC.GetAllocatedBytesForCurrentThread();
    long total = 0;
    double start = ThreadCpuTime();
    while (ThreadCpuTime() - start < seconds)
    {
        const int Batch = 10_000;
        double t0 = ThreadCpuTime();
        for (int i = 0; i < Batch; i++)
        {
            op();
        }

        best = Math.Min(best, (ThreadCpuTime() - t0) * 1e9 / Batch);
        total += Batch;
    }

    return (best, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)total);
}

static double ThreadCpuTime()
{
    const int ClockThreadCpuTimeId = 3;
    Span<long> timespec = stackalloc long[2];
    _ = Libc.ClockGetTime(ClockThreadCpuTimeId, ref MemoryMarshal.GetReference(timespec));
    return timespec[0] + (timespec[1] / 1e9);
}

static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    internal static partial int ClockGetTime(int clock, ref long timespec);
}
