using System.Security.Cryptography;
using FsCheck.Xunit;
using Jingle.Net.Base.Crypto;

namespace Jingle.Net.Base.Tests.Crypto;

/// <summary>The shared HMAC-SHA1 against .NET's HMACSHA1, on both SHA-1 paths (libcrypto and managed).</summary>
public sealed class HmacSha1Properties
{
    [Property(MaxTest = 300)]
    public bool LibCryptoPath_MatchesPlatformHmacSha1(byte[] key, byte[] message, byte[] suffix) =>
        Matches(key, message, suffix, forceFallback: false);

    [Property(MaxTest = 300)]
    public bool ManagedPath_MatchesPlatformHmacSha1(byte[] key, byte[] message, byte[] suffix) =>
        Matches(key, message, suffix, forceFallback: true);

    [Property(MaxTest = 100)]
    public bool LongMessages_MatchPlatformHmacSha1(byte[] key, int seed, bool forceFallback)
    {
        // Arbitrary byte[] stays short; also cover SRTP-sized packets and the > 1536-byte libcrypto call.
        var random = new Random(seed);
        byte[] message = new byte[random.Next(0, 3000)];
        random.NextBytes(message);
        return Matches(key, message, message.AsSpan(0, Math.Min(4, message.Length)).ToArray(), forceFallback);
    }

    [Fact]
    public void LibCrypto_IsUsedWhereItLoads()
    {
        using var hmac = new HmacSha1([1, 2, 3]);
        using var managed = new HmacSha1([1, 2, 3], forceFallback: true);
        Assert.Equal(LibCryptoSha1.IsAvailable, hmac.UsesLibCrypto);
        Assert.False(managed.UsesLibCrypto);
        if (OperatingSystem.IsLinux() && File.Exists("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
        {
            Assert.True(LibCryptoSha1.IsAvailable || Environment.GetEnvironmentVariable("JINGLE_NET_NO_LIBCRYPTO") == "1");
        }
    }

    [Fact]
    public void Rfc2202_TestCase2_BothPaths()
    {
        byte[] expected = Convert.FromHexString("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        foreach (bool fallback in new[] { false, true })
        {
            using var hmac = new HmacSha1("Jefe"u8, fallback);
            byte[] mac = new byte[HmacSha1.OutputLength];
            hmac.Compute("what do ya want "u8, "for nothing?"u8, mac);
            Assert.Equal(expected, mac);
        }
    }

    [Fact]
    public void OneInstance_IsSafeAcrossThreads()
    {
        byte[] key = new byte[20];
        Random.Shared.NextBytes(key);
        using var hmac = new HmacSha1(key);
        int mismatches = 0;
        Parallel.For(0, 4, worker =>
        {
            var random = new Random(worker);
            byte[] mac = new byte[20];
            for (int i = 0; i < 2000; i++)
            {
                byte[] message = new byte[random.Next(0, 1300)];
                random.NextBytes(message);
                hmac.Compute(message, default, mac);
                if (!mac.AsSpan().SequenceEqual(HMACSHA1.HashData(key, message)))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        });
        Assert.Equal(0, mismatches);
    }

    private static bool Matches(byte[] key, byte[] message, byte[] suffix, bool forceFallback)
    {
        using var hmac = new HmacSha1(key, forceFallback);
        byte[] mine = new byte[HmacSha1.OutputLength];
        hmac.Compute(message, suffix, mine);
        return mine.AsSpan().SequenceEqual(HMACSHA1.HashData(key, message.Concat(suffix).ToArray()));
    }
}
