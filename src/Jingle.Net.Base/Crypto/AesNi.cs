using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// AES-NI building blocks shared by <see cref="AesCounterMode"/> and <see cref="AesGcmIntrinsics"/>: round keys as
/// <see cref="Vector128{T}"/>, one-block encryption, and counter-mode keystream XORed from a source into a
/// destination eight or four blocks at a time. AESENC has a latency of several cycles but a throughput of one (or
/// two) per cycle, so encrypting independent counter blocks interleaved keeps the unit busy; that is where counter
/// mode's speed comes from. Source and destination may be the same memory (in place) but must not otherwise overlap.
/// <para>
/// Counters travel in a "working" form: the counter block with its last 32-bit word byte-swapped, so that the
/// big-endian inc32 of NIST SP 800-38D §6.2 (and RFC 3711's AES-CM, which only uses the low 16 bits) is a plain
/// vector add on lane 3, wrapping modulo 2^32 as inc32 does; one byte shuffle per block turns it back.
/// </para>
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Ice and Jingle.Net.Rtp (STYLE.md).
/// </summary>
internal static class AesNi
{
    /// <summary>True when AES-NI and SSSE3 (for the counter shuffle) are available.</summary>
    public static bool IsSupported => Aes.IsSupported && Ssse3.IsSupported;

    /// <summary>The shuffle between a counter block and its working form (it is its own inverse).</summary>
    public static Vector128<byte> SwapLastWord
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 14, 13, 12);
    }

    /// <summary>Expands a 16-, 24- or 32-byte key into (rounds + 1) round keys (FIPS-197 §5.2).</summary>
    public static Vector128<byte>[] ExpandKey(ReadOnlySpan<byte> key, out int rounds)
    {
        rounds = AesKeySchedule.RoundsFor(key.Length);
        byte[] expanded = AesKeySchedule.Expand(key);
        var roundKeys = new Vector128<byte>[rounds + 1];
        for (int i = 0; i <= rounds; i++)
        {
            roundKeys[i] = Vector128.Create(expanded, i * 16);
        }

        Array.Clear(expanded);
        return roundKeys;
    }

    /// <summary>The counter block <paramref name="block"/> (16 bytes) in working form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ToWorkingCounter(ReadOnlySpan<byte> block)
        => Ssse3.Shuffle(Vector128.Create(block), SwapLastWord).AsUInt32();

    /// <summary>Encrypts one block with the round keys starting at <paramref name="rk"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Encrypt1(Vector128<byte> block, ref Vector128<byte> rk, int rounds)
    {
        block ^= rk;
        for (int r = 1; r < rounds; r++)
        {
            block = Aes.Encrypt(block, Unsafe.Add(ref rk, r));
        }

        return Aes.EncryptLast(block, Unsafe.Add(ref rk, rounds));
    }

    /// <summary>Encrypts the counter (in working form) into one keystream block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> EncryptCounter(Vector128<uint> counter, ref Vector128<byte> rk, int rounds)
        => Encrypt1(Ssse3.Shuffle(counter.AsByte(), SwapLastWord), ref rk, rounds);

    /// <summary>
    /// destination[0..128) = source[0..128) XOR the keystream of counters <paramref name="counter"/> …
    /// <paramref name="counter"/> + 7.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Xor8(ref Vector128<byte> rk, int rounds, Vector128<uint> counter, ref byte source, ref byte destination)
    {
        Vector128<byte> swap = SwapLastWord;
        Vector128<byte> k0 = rk;
        Vector128<uint> one = Vector128.Create(0u, 0u, 0u, 1u);
        Vector128<uint> c4 = counter + Vector128.Create(0u, 0u, 0u, 4u);
        Vector128<byte> b0 = Ssse3.Shuffle(counter.AsByte(), swap) ^ k0;
        Vector128<byte> b1 = Ssse3.Shuffle((counter + one).AsByte(), swap) ^ k0;
        Vector128<byte> b2 = Ssse3.Shuffle((counter + one + one).AsByte(), swap) ^ k0;
        Vector128<byte> b3 = Ssse3.Shuffle((c4 - one).AsByte(), swap) ^ k0;
        Vector128<byte> b4 = Ssse3.Shuffle(c4.AsByte(), swap) ^ k0;
        Vector128<byte> b5 = Ssse3.Shuffle((c4 + one).AsByte(), swap) ^ k0;
        Vector128<byte> b6 = Ssse3.Shuffle((c4 + one + one).AsByte(), swap) ^ k0;
        Vector128<byte> b7 = Ssse3.Shuffle((c4 + Vector128.Create(0u, 0u, 0u, 3u)).AsByte(), swap) ^ k0;
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
        (Aes.EncryptLast(b0, kl) ^ Vector128.LoadUnsafe(ref source)).StoreUnsafe(ref destination);
        (Aes.EncryptLast(b1, kl) ^ Vector128.LoadUnsafe(ref source, 16)).StoreUnsafe(ref destination, 16);
        (Aes.EncryptLast(b2, kl) ^ Vector128.LoadUnsafe(ref source, 32)).StoreUnsafe(ref destination, 32);
        (Aes.EncryptLast(b3, kl) ^ Vector128.LoadUnsafe(ref source, 48)).StoreUnsafe(ref destination, 48);
        (Aes.EncryptLast(b4, kl) ^ Vector128.LoadUnsafe(ref source, 64)).StoreUnsafe(ref destination, 64);
        (Aes.EncryptLast(b5, kl) ^ Vector128.LoadUnsafe(ref source, 80)).StoreUnsafe(ref destination, 80);
        (Aes.EncryptLast(b6, kl) ^ Vector128.LoadUnsafe(ref source, 96)).StoreUnsafe(ref destination, 96);
        (Aes.EncryptLast(b7, kl) ^ Vector128.LoadUnsafe(ref source, 112)).StoreUnsafe(ref destination, 112);
    }

    /// <summary>destination[0..64) = source[0..64) XOR the keystream of counters <paramref name="counter"/> … + 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Xor4(ref Vector128<byte> rk, int rounds, Vector128<uint> counter, ref byte source, ref byte destination)
    {
        Vector128<byte> swap = SwapLastWord;
        Vector128<byte> k0 = rk;
        Vector128<uint> one = Vector128.Create(0u, 0u, 0u, 1u);
        Vector128<byte> b0 = Ssse3.Shuffle(counter.AsByte(), swap) ^ k0;
        Vector128<byte> b1 = Ssse3.Shuffle((counter + one).AsByte(), swap) ^ k0;
        Vector128<byte> b2 = Ssse3.Shuffle((counter + one + one).AsByte(), swap) ^ k0;
        Vector128<byte> b3 = Ssse3.Shuffle((counter + Vector128.Create(0u, 0u, 0u, 3u)).AsByte(), swap) ^ k0;
        for (int r = 1; r < rounds; r++)
        {
            Vector128<byte> k = Unsafe.Add(ref rk, r);
            b0 = Aes.Encrypt(b0, k);
            b1 = Aes.Encrypt(b1, k);
            b2 = Aes.Encrypt(b2, k);
            b3 = Aes.Encrypt(b3, k);
        }

        Vector128<byte> kl = Unsafe.Add(ref rk, rounds);
        (Aes.EncryptLast(b0, kl) ^ Vector128.LoadUnsafe(ref source)).StoreUnsafe(ref destination);
        (Aes.EncryptLast(b1, kl) ^ Vector128.LoadUnsafe(ref source, 16)).StoreUnsafe(ref destination, 16);
        (Aes.EncryptLast(b2, kl) ^ Vector128.LoadUnsafe(ref source, 32)).StoreUnsafe(ref destination, 32);
        (Aes.EncryptLast(b3, kl) ^ Vector128.LoadUnsafe(ref source, 48)).StoreUnsafe(ref destination, 48);
    }

    /// <summary>
    /// XORs the keystream starting at <paramref name="counter"/> into <paramref name="length"/> bytes (any length)
    /// from <paramref name="source"/> to <paramref name="destination"/>.
    /// </summary>
    public static void Xor(ref Vector128<byte> rk, int rounds, Vector128<uint> counter, ref byte source, ref byte destination, nuint length)
    {
        Vector128<uint> eight = Vector128.Create(0u, 0u, 0u, 8u);
        nuint offset = 0;
        while (length - offset >= 128)
        {
            Xor8(ref rk, rounds, counter, ref Unsafe.Add(ref source, offset), ref Unsafe.Add(ref destination, offset));
            counter += eight;
            offset += 128;
        }

        if (offset < length)
        {
            XorTail(ref rk, rounds, counter, ref Unsafe.Add(ref source, offset), ref Unsafe.Add(ref destination, offset), length - offset);
        }
    }

    /// <summary>As <see cref="Xor"/> for the fewer than 128 bytes that remain after the eight-block steps.</summary>
    [SkipLocalsInit]
    public static void XorTail(ref Vector128<byte> rk, int rounds, Vector128<uint> counter, ref byte source, ref byte destination, nuint length)
    {
        Vector128<uint> one = Vector128.Create(0u, 0u, 0u, 1u);
        nuint offset = 0;
        if (length >= 64)
        {
            Xor4(ref rk, rounds, counter, ref source, ref destination);
            counter += Vector128.Create(0u, 0u, 0u, 4u);
            offset = 64;
        }

        while (length - offset >= 16)
        {
            (EncryptCounter(counter, ref rk, rounds) ^ Vector128.LoadUnsafe(ref source, offset)).StoreUnsafe(ref destination, offset);
            counter += one;
            offset += 16;
        }

        int rest = (int)(length - offset);
        if (rest > 0)
        {
            Span<byte> block = stackalloc byte[16];
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, offset), rest).CopyTo(block);
            (EncryptCounter(counter, ref rk, rounds) ^ Vector128.Create((ReadOnlySpan<byte>)block)).CopyTo(block);
            block[..rest].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, offset), rest));
        }
    }
}
