#:project ../../../src/Jingle.Net.Rtp/Jingle.Net.Rtp.csproj
#:property OutputType=Exe
#:property IsPackable=false
#:property PublishAot=false
#:property NoWarn=$(NoWarn);CA1303;CA5394;CA1515;CA2000;CA1305;CA1852;CA1812

// SRTP protect / unprotect of a 1200-byte payload per profile, timed in thread CPU time — the same clock
// `openssl speed` uses — so the ratios against benchmarks/reference/srtp-openssl.sh hold on a loaded machine,
// where BenchmarkDotNet's wall-clock figures swing with the other processes. Also reports bytes allocated per packet.
// Run: benchmarks/reference/srtp-cputime.sh
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;

const int PayloadLength = 1200;
const int HeaderLength = 12;
double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2.0;

foreach (SrtpProtectionProfile profile in new[] { SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.Aes128CmHmacSha1_32,
             SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AeadAes256Gcm })
{
    byte[] key = new byte[SrtpContext.GetMasterKeyLength(profile)];
    byte[] salt = new byte[SrtpContext.GetMasterSaltLength(profile)];
    new Random(1).NextBytes(key);
    new Random(2).NextBytes(salt);
    using SrtpContext sender = SrtpContext.Create(profile, key, salt);
    using SrtpContext roundTripSender = SrtpContext.Create(profile, key, salt);
    using SrtpContext receiver = SrtpContext.Create(profile, key, salt);
    byte[] packet = new byte[HeaderLength + PayloadLength + 64];
    packet[0] = 0x80;
    packet[1] = 111;
    BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x12345678);
    ushort seq = 0;

    int Protect() => ProtectWith(sender);

    int ProtectWith(SrtpContext context)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq++);
        context.ProtectRtp(packet, HeaderLength + PayloadLength, out int length);
        return length;
    }

    void RoundTrip()
    {
        int length = ProtectWith(roundTripSender);
        if (receiver.UnprotectRtp(packet, length, out _) != SrtpStatus.Ok)
        {
            throw new InvalidOperationException("unprotect failed");
        }
    }

    (double protectNs, double protectBytes) = Measure(() => Protect(), seconds);
    seq = 0; // the round-trip pair starts its own stream (the receiver learns ROC 0 from the first packet)
    (double roundTripNs, double roundTripBytes) = Measure(RoundTrip, seconds);
    double unprotectNs = roundTripNs - protectNs;
    Console.WriteLine($"{profile,-22} protect {protectNs,8:F1} ns ({1e9 / protectNs,10:F0} packets/s, {protectBytes:F1} B/op)   " +
        $"unprotect {unprotectNs,8:F1} ns ({1e9 / unprotectNs,10:F0} packets/s, {roundTripBytes:F1} B/round trip)");
}

static (double NsPerOp, double BytesPerOp) Measure(Action op, double seconds)
{
    for (int i = 0; i < 100_000; i++)
    {
        op(); // warm up, let tiered compilation finish
    }

    double best = double.MaxValue;
    long bytes = GC.GetAllocatedBytesForCurrentThread();
    long total = 0;
    double start = ThreadCpu.Seconds();
    while (ThreadCpu.Seconds() - start < seconds)
    {
        const int Batch = 20_000;
        double t0 = ThreadCpu.Seconds();
        for (int i = 0; i < Batch; i++)
        {
            op();
        }

        best = Math.Min(best, (ThreadCpu.Seconds() - t0) * 1e9 / Batch);
        total += Batch;
    }

    return (best, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)total);
}

static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Seconds()
    {
        clock_gettime(ClockThreadCpuTimeId, out Timespec ts);
        return ts.Seconds + (ts.Nanoseconds / 1e9);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
