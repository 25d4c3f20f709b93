using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SystemAes = System.Security.Cryptography.Aes;

namespace Jingle.Net.Rtp.Srtp.Crypto;

/// <summary>
/// AES in counter mode (the keystream of RFC 3711 §4.1.1 and of GCM's GCTR). The counter is the last 32 bits of
/// the 16-byte block, big-endian, incremented per block; SRTP's AES-CM only ever uses its low 16 bits.
/// With AES-NI the round keys are expanded once and eight counter blocks are encrypted interleaved, so the AES
/// pipeline stays full; without it a reused .NET <see cref="SystemAes"/> encrypts batches of counter blocks in ECB.
/// Not thread-safe: one instance belongs to one SRTP context on one thread.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int FallbackBatchBlocks = 32;

    private readonly Vector128<byte>[] _roundKeys;
    private readonly int _rounds;
    private readonly SystemAes? _fallback;
    private readonly byte[]? _fallbackBuffer;

    public AesCounterMode(ReadOnlySpan<byte> key)
        : this(key, forcePortable: false)
    {
    }

    internal AesCounterMode(ReadOnlySpan<byte> key, bool forcePortable)
    {
        _rounds = AesKeySchedule.RoundsFor(key.Length);
        _roundKeys = new Vector128<byte>[_rounds + 1];
        UsesAesNi = !forcePortable && Aes.IsSupported && Ssse3.IsSupported;
        if (UsesAesNi)
        {
            byte[] expanded = AesKeySchedule.Expand(key);
            for (int i = 0; i <= _rounds; i++)
            {
                _roundKeys[i] = Vector128.Create(expanded, i * 16);
            }

            Array.Clear(expanded);
        }
        else
        {
            _fallback = SystemAes.Create();
            _fallback.Key = key.ToArray();
            _fallbackBuffer = new byte[FallbackBatchBlocks * 16 * 2];
        }
    }

    /// <summary>True when the AES-NI path is used.</summary>
    public bool UsesAesNi { get; }

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at counter block <paramref name="iv"/>.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != 16)
        {
            throw new ArgumentException("The counter block must be 16 bytes.", nameof(iv));
        }

        if (UsesAesNi)
        {
            TransformAesNi(Vector128.Create(iv), data);
        }
        else
        {
            TransformPortable(iv, data);
        }
    }

    /// <summary>Encrypts one block (used by GCM for H and E(K, J0)).</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (UsesAesNi)
        {
            ref Vector128<byte> rk = ref MemoryMarshal.GetArrayDataReference(_roundKeys);
            Encrypt1(Vector128.Create(input), ref rk, _rounds).CopyTo(output);
        }
        else
        {
            _fallback!.EncryptEcb(input[..16], output[..16], System.Security.Cryptography.PaddingMode.None);
        }
    }

    public void Dispose()
    {
        Array.Clear(_roundKeys);
        _fallback?.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Encrypt1(Vector128<byte> block, ref Vector128<byte> rk, int rounds)
    {
        block ^= rk;
        for (int r = 1; r < rounds; r++)
        {
            block = Aes.Encrypt(block, Unsafe.Add(ref rk, r));
        }

        return Aes.EncryptLast(block, Unsafe.Add(ref rk, rounds));
    }

    private void TransformAesNi(Vector128<byte> iv, Span<byte> data)
    {
        ref Vector128<byte> rk = ref MemoryMarshal.GetArrayDataReference(_roundKeys);
        int rounds = _rounds;

        // The counter lives in a copy of the block whose last dword is little-endian, so a vector add increments
        // it; one byte shuffle per block turns it back into the big-endian counter block.
        Vector128<byte> swapLast = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 14, 13, 12);
        Vector128<uint> counter = Ssse3.Shuffle(iv, swapLast).AsUInt32();
        Vector128<uint> one = Vector128.Create(0u, 0u, 0u, 1u);
        Vector128<uint> two = Vector128.Create(0u, 0u, 0u, 2u);
        Vector128<uint> three = Vector128.Create(0u, 0u, 0u, 3u);
        Vector128<uint> four = Vector128.Create(0u, 0u, 0u, 4u);
        Vector128<uint> eight = Vector128.Create(0u, 0u, 0u, 8u);

        ref byte d = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;

        while (length - offset >= 128)
        {
            Vector128<byte> k0 = rk;
            Vector128<uint> c4 = counter + four;
            Vector128<byte> b0 = Ssse3.Shuffle(counter.AsByte(), swapLast) ^ k0;
            Vector128<byte> b1 = Ssse3.Shuffle((counter + one).AsByte(), swapLast) ^ k0;
            Vector128<byte> b2 = Ssse3.Shuffle((counter + two).AsByte(), swapLast) ^ k0;
            Vector128<byte> b3 = Ssse3.Shuffle((counter + three).AsByte(), swapLast) ^ k0;
            Vector128<byte> b4 = Ssse3.Shuffle(c4.AsByte(), swapLast) ^ k0;
            Vector128<byte> b5 = Ssse3.Shuffle((c4 + one).AsByte(), swapLast) ^ k0;
            Vector128<byte> b6 = Ssse3.Shuffle((c4 + two).AsByte(), swapLast) ^ k0;
            Vector128<byte> b7 = Ssse3.Shuffle((c4 + three).AsByte(), swapLast) ^ k0;
            counter += eight;

            for (int r = 1; r < rounds; r++)
            {
                Vector128<byte> k = Unsafe.Add(ref rk, r);
                b0 = Aes.Encrypt(b0, k);
                b1 = Aes.Encrypt(b1, k);
                b2 = Aes.Encrypt(b2, k);
                b3 = Aes.Encrypt(b3, k);
                b4 = Aes.Encrypt(b4, k);
                b5 = Aes.Encrypt(b5, k);
                b6 = Aes.Encrypt(b6, k);
                b7 = Aes.Encrypt(b7, k);
            }

            Vector128<byte> kl = Unsafe.Add(ref rk, rounds);
            (Aes.EncryptLast(b0, kl) ^ Vector128.LoadUnsafe(ref d, offset)).StoreUnsafe(ref d, offset);
            (Aes.EncryptLast(b1, kl) ^ Vector128.LoadUnsafe(ref d, offset + 16)).StoreUnsafe(ref d, offset + 16);
            (Aes.EncryptLast(b2, kl) ^ Vector128.LoadUnsafe(ref d, offset + 32)).StoreUnsafe(ref d, offset + 32);
            (Aes.EncryptLast(b3, kl) ^ Vector128.LoadUnsafe(ref d, offset + 48)).StoreUnsafe(ref d, offset + 48);
            (Aes.EncryptLast(b4, kl) ^ Vector128.LoadUnsafe(ref d, offset + 64)).StoreUnsafe(ref d, offset + 64);
            (Aes.EncryptLast(b5, kl) ^ Vector128.LoadUnsafe(ref d, offset + 80)).StoreUnsafe(ref d, offset + 80);
            (Aes.EncryptLast(b6, kl) ^ Vector128.LoadUnsafe(ref d, offset + 96)).StoreUnsafe(ref d, offset + 96);
            (Aes.EncryptLast(b7, kl) ^ Vector128.LoadUnsafe(ref d, offset + 112)).StoreUnsafe(ref d, offset + 112);
            offset += 128;
        }

        if (length - offset >= 64)
        {
            Vector128<byte> k0 = rk;
            Vector128<byte> b0 = Ssse3.Shuffle(counter.AsByte(), swapLast) ^ k0;
            Vector128<byte> b1 = Ssse3.Shuffle((counter + one).AsByte(), swapLast) ^ k0;
            Vector128<byte> b2 = Ssse3.Shuffle((counter + two).AsByte(), swapLast) ^ k0;
            Vector128<byte> b3 = Ssse3.Shuffle((counter + three).AsByte(), swapLast) ^ k0;
            counter += four;
            for (int r = 1; r < rounds; r++)
            {
                Vector128<byte> k = Unsafe.Add(ref rk, r);
                b0 = Aes.Encrypt(b0, k);
                b1 = Aes.Encrypt(b1, k);
                b2 = Aes.Encrypt(b2, k);
                b3 = Aes.Encrypt(b3, k);
            }

            Vector128<byte> kl = Unsafe.Add(ref rk, rounds);
            (Aes.EncryptLast(b0, kl) ^ Vector128.LoadUnsafe(ref d, offset)).StoreUnsafe(ref d, offset);
            (Aes.EncryptLast(b1, kl) ^ Vector128.LoadUnsafe(ref d, offset + 16)).StoreUnsafe(ref d, offset + 16);
            (Aes.EncryptLast(b2, kl) ^ Vector128.LoadUnsafe(ref d, offset + 32)).StoreUnsafe(ref d, offset + 32);
            (Aes.EncryptLast(b3, kl) ^ Vector128.LoadUnsafe(ref d, offset + 48)).StoreUnsafe(ref d, offset + 48);
            offset += 64;
        }

        while (length - offset >= 16)
        {
            Vector128<byte> ks = Encrypt1(Ssse3.Shuffle(counter.AsByte(), swapLast), ref rk, rounds);
            counter += one;
            (ks ^ Vector128.LoadUnsafe(ref d, offset)).StoreUnsafe(ref d, offset);
            offset += 16;
        }

        if (offset < length)
        {
            Vector128<byte> ks = Encrypt1(Ssse3.Shuffle(counter.AsByte(), swapLast), ref rk, rounds);
            Span<byte> tail = stackalloc byte[16];
            ks.CopyTo(tail);
            Span<byte> rest = data[(int)offset..];
            for (int i = 0; i < rest.Length; i++)
            {
                rest[i] ^= tail[i];
            }
        }
    }

    private void TransformPortable(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        Span<byte> counters = _fallbackBuffer.AsSpan(0, FallbackBatchBlocks * 16);
        Span<byte> keystream = _fallbackBuffer.AsSpan(FallbackBatchBlocks * 16, FallbackBatchBlocks * 16);
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(iv[12..]);
        int offset = 0;
        while (offset < data.Length)
        {
            int blocks = Math.Min(FallbackBatchBlocks, (data.Length - offset + 15) / 16);
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> block = counters.Slice(b * 16, 16);
                iv[..12].CopyTo(block);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], counter++);
            }

            int bytes = blocks * 16;
            _fallback!.EncryptEcb(counters[..bytes], keystream[..bytes], System.Security.Cryptography.PaddingMode.None);
            int n = Math.Min(bytes, data.Length - offset);
            Span<byte> chunk = data.Slice(offset, n);
            for (int i = 0; i < n; i++)
            {
                chunk[i] ^= keystream[i];
            }

            offset += n;
        }
    }
}
