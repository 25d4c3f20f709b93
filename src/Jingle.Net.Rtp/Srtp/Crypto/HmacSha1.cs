using System.Security.Cryptography;

namespace Jingle.Net.Rtp.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) with state kept across packets: the key is absorbed once into the inner and outer pads
/// and every <see cref="Compute"/> resets to those precomputed states, so per-packet authentication allocates
/// nothing. SHA-1 runs in the platform library (OpenSSL on Linux), which uses the CPU's SHA extensions; a managed
/// SHA-1 cannot reach that from C# because .NET exposes no SHA intrinsics.
/// </summary>
internal sealed class HmacSha1 : IDisposable
{
    public const int OutputLength = 20;

    private readonly IncrementalHash _hmac;

    public HmacSha1(ReadOnlySpan<byte> key)
    {
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
    }

    /// <summary>HMAC(key, <paramref name="message"/> || <paramref name="suffix"/>) into 20 bytes of <paramref name="output"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, ReadOnlySpan<byte> suffix, Span<byte> output)
    {
        _hmac.AppendData(message);
        if (!suffix.IsEmpty)
        {
            _hmac.AppendData(suffix);
        }

        _hmac.GetHashAndReset(output);
    }

    public void Dispose() => _hmac.Dispose();
}
