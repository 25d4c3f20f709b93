using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Jingle.Net.Rtp.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) with state kept across packets: the key is absorbed once into the inner (K ⊕ ipad) and
/// outer (K ⊕ opad) SHA-1 states, and each <see cref="Compute"/> starts from copies of them — HMAC = H(opad-state,
/// H(ipad-state, m)). SHA-1's block function comes from libcrypto (SHA extensions) through
/// <see cref="LibCryptoSha1"/>; where that library is missing, .NET's <see cref="IncrementalHash"/> (which resets to
/// its own keyed state) does the same job. Nothing is allocated per call. Not thread-safe.
/// </summary>
internal sealed unsafe class HmacSha1 : IDisposable
{
    public const int OutputLength = 20;
    private const int BlockSize = 64;

    private readonly IncrementalHash? _fallback;
    private byte* _states; // inner state, outer state, work state: 3 × SHA_CTX

    public HmacSha1(ReadOnlySpan<byte> key)
        : this(key, forceFallback: false)
    {
    }

    internal HmacSha1(ReadOnlySpan<byte> key, bool forceFallback)
    {
        if (forceFallback || !LibCryptoSha1.IsAvailable)
        {
            _fallback = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
            return;
        }

        _states = (byte*)NativeMemory.AllocZeroed(3 * LibCryptoSha1.ContextSize);
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize)
        {
            SHA1.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        Span<byte> pad = stackalloc byte[BlockSize];
        for (int i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(block[i] ^ 0x36);
        }

        fixed (byte* p = pad)
        {
            LibCryptoSha1.Init(Inner);
            LibCryptoSha1.Update(Inner, p, BlockSize);
            for (int i = 0; i < BlockSize; i++)
            {
                p[i] = (byte)(block[i] ^ 0x5C);
            }

            LibCryptoSha1.Init(Outer);
            LibCryptoSha1.Update(Outer, p, BlockSize);
        }

        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>True when SHA-1 runs in libcrypto with our precomputed pad states.</summary>
    public bool UsesLibCrypto => _fallback is null;

    private byte* Inner => _states;

    private byte* Outer => _states + LibCryptoSha1.ContextSize;

    private byte* Work => _states + (2 * LibCryptoSha1.ContextSize);

    /// <summary>HMAC(key, <paramref name="message"/> || <paramref name="suffix"/>) into 20 bytes of <paramref name="output"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, ReadOnlySpan<byte> suffix, Span<byte> output)
    {
        if (_fallback is not null)
        {
            _fallback.AppendData(message);
            if (!suffix.IsEmpty)
            {
                _fallback.AppendData(suffix);
            }

            _fallback.GetHashAndReset(output);
            return;
        }

        ObjectDisposedException.ThrowIf(_states is null, this);
        if (output.Length < OutputLength)
        {
            throw new ArgumentException("HMAC-SHA1 output is 20 bytes.", nameof(output));
        }

        byte* inner = stackalloc byte[OutputLength];
        fixed (byte* m = message)
        fixed (byte* s = suffix)
        fixed (byte* o = output)
        {
            LibCryptoSha1.CopyContext(Work, Inner);
            LibCryptoSha1.Update(Work, m, (nuint)message.Length);
            if (suffix.Length > 0)
            {
                LibCryptoSha1.UpdateShort(Work, s, (nuint)suffix.Length);
            }

            LibCryptoSha1.Final(inner, Work);
            LibCryptoSha1.CopyContext(Work, Outer);
            LibCryptoSha1.UpdateShort(Work, inner, OutputLength);
            LibCryptoSha1.Final(o, Work);
        }
    }

    ~HmacSha1() => FreeStates();

    public void Dispose()
    {
        _fallback?.Dispose();
        FreeStates();
        GC.SuppressFinalize(this);
    }

    private void FreeStates()
    {
        if (_states is not null)
        {
            NativeMemory.Clear(_states, 3 * LibCryptoSha1.ContextSize);
            NativeMemory.Free(_states);
            _states = null;
        }
    }
}
