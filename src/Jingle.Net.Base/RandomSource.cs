using System.Security.Cryptography;

namespace Jingle.Net.Base;

/// <summary>
/// Where protocol randomness comes from (transaction ids, ICE credentials, tie-breakers, jitter). Production uses a
/// cryptographic generator; tests pass a seeded one for repeatable traces.
/// </summary>
public abstract class RandomSource
{
    /// <summary>The cryptographically secure source (the default).</summary>
    public static RandomSource Secure { get; } = new SecureRandomSource();

    /// <summary>A deterministic source for tests and simulations. Never use it for credentials in production.</summary>
    public static RandomSource CreateSeeded(int seed) => new SeededRandomSource(seed);

    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    public abstract void NextBytes(Span<byte> destination);

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public abstract int Next(int maxExclusive);

    /// <summary>A uniform double in [0, 1).</summary>
    public abstract double NextDouble();

    /// <summary>A uniform 64-bit value.</summary>
    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        NextBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>A string of <paramref name="length"/> characters from the ICE alphabet (RFC 8839 ice-char).</summary>
    public string NextIceString(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return string.Create(length, this, static (span, random) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[random.Next(alphabet.Length)];
            }
        });
    }

    private sealed class SecureRandomSource : RandomSource
    {
        public override void NextBytes(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

        public override int Next(int maxExclusive) => RandomNumberGenerator.GetInt32(maxExclusive);

        public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }

    private sealed class SeededRandomSource(int seed) : RandomSource
    {
#pragma warning disable CA5394 // Deterministic by design: for tests and simulations only.
        private readonly Random _random = new(seed);
        private readonly Lock _lock = new();

        public override void NextBytes(Span<byte> destination)
        {
            lock (_lock)
            {
                _random.NextBytes(destination);
            }
        }

        public override int Next(int maxExclusive)
        {
            lock (_lock)
            {
                return _random.Next(maxExclusive);
            }
        }

        public override double NextDouble()
        {
            lock (_lock)
            {
                return _random.NextDouble();
            }
        }
#pragma warning restore CA5394
    }
}
