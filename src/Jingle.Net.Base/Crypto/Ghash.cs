using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) on PCLMULQDQ. Blocks are byte-reversed on load so that GF(2^128)'s bit-reflected
/// element order becomes a plain 128-bit integer (the approach of Gueron and Kounavis, "Intel Carry-Less
/// Multiplication Instruction and its Usage for Computing the GCM Mode"): a product is four 64×64 carry-less
/// multiplications, shifted left by one bit and reduced modulo x^128 + x^7 + x^2 + x + 1 in two shift-and-XOR
/// phases. Because reduction is linear, n blocks are folded with one reduction: Y' = (Y ⊕ X1)·H^n ⊕ X2·H^(n-1) ⊕
/// … ⊕ Xn·H, so the hash key's powers H^1 … H^8 are precomputed per key and the unreduced products of four or
/// eight blocks are summed before a single reduction.
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Ice and Jingle.Net.Rtp (STYLE.md).
/// </summary>
internal static class Ghash
{
    /// <summary>How many powers of H <see cref="ComputePowers"/> fills in (and <see cref="Absorb8"/> uses).</summary>
    public const int PowerCount = 8;

    /// <summary>True when PCLMULQDQ, SSE2 and SSSE3 are available.</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Sse2.IsSupported && Ssse3.IsSupported;

    /// <summary>Fills <paramref name="powers"/>[i] with H^(i+1) in the reflected domain; <paramref name="h"/> is E(K, 0^128).</summary>
    public static void ComputePowers(Vector128<byte> h, Span<Vector128<byte>> powers)
    {
        Vector128<byte> h1 = Reflect(h);
        powers[0] = h1;
        for (int i = 1; i < powers.Length; i++)
        {
            Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
            MultiplyAdd(powers[i - 1], h1, ref low, ref middle, ref high);
            powers[i] = Reduce(low, middle, high);
        }
    }

    /// <summary>Byte-reverses a block (between wire order and the reflected domain).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Reflect(Vector128<byte> block)
        => Ssse3.Shuffle(block, Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));

    /// <summary>Absorbs the eight blocks at <paramref name="data"/> into <paramref name="y"/> with one reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Absorb8(Vector128<byte> y, ref byte data, ref Vector128<byte> powers)
    {
        Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data)) ^ y, Unsafe.Add(ref powers, 7), ref low, ref middle, ref high);
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data, 16)), Unsafe.Add(ref powers, 6), ref low, ref middle, ref high);
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data, 32)), Unsafe.Add(ref powers, 5), ref low, ref middle, ref high);
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data, 48)), Unsafe.Add(ref powers, 4), ref low, ref middle, ref high);
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data, 64)), Unsafe.Add(ref powers, 3), ref low, ref middle, ref high);
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data, 80)), Unsafe.Add(ref powers, 2), ref low, ref middle, ref high);
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data, 96)), Unsafe.Add(ref powers, 1), ref low, ref middle, ref high);
        MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref data, 112)), powers, ref low, ref middle, ref high);
        return Reduce(low, middle, high);
    }

    /// <summary>Absorbs <paramref name="data"/>, zero-padded to whole blocks, into <paramref name="y"/>.</summary>
    [SkipLocalsInit]
    public static Vector128<byte> Absorb(Vector128<byte> y, ReadOnlySpan<byte> data, ref Vector128<byte> powers)
    {
        ref byte d = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;
        Vector128<ulong> low, middle, high;
        while (length - offset >= 128)
        {
            y = Absorb8(y, ref Unsafe.Add(ref d, offset), ref powers);
            offset += 128;
        }

        if (length - offset >= 64)
        {
            low = middle = high = Vector128<ulong>.Zero;
            MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref d, offset)) ^ y, Unsafe.Add(ref powers, 3), ref low, ref middle, ref high);
            MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref d, offset + 16)), Unsafe.Add(ref powers, 2), ref low, ref middle, ref high);
            MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref d, offset + 32)), Unsafe.Add(ref powers, 1), ref low, ref middle, ref high);
            MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref d, offset + 48)), powers, ref low, ref middle, ref high);
            y = Reduce(low, middle, high);
            offset += 64;
        }

        if (offset == length)
        {
            return y;
        }

        // The last one to four blocks (the final one possibly partial, zero-padded), folded with one reduction.
        int blocks = (int)((length - offset + 15) / 16);
        low = middle = high = Vector128<ulong>.Zero;
        Vector128<byte> x = y;
        Span<byte> last = stackalloc byte[16];
        for (int i = blocks - 1; i >= 0; i--)
        {
            Vector128<byte> block;
            if (length - offset >= 16)
            {
                block = Vector128.LoadUnsafe(ref d, offset);
                offset += 16;
            }
            else
            {
                last.Clear();
                data[(int)offset..].CopyTo(last);
                block = Vector128.Create((ReadOnlySpan<byte>)last);
                offset = length;
            }

            MultiplyAdd(Reflect(block) ^ x, Unsafe.Add(ref powers, i), ref low, ref middle, ref high);
            x = Vector128<byte>.Zero;
        }

        return Reduce(low, middle, high);
    }

    /// <summary>Absorbs the lengths block [len(A) || len(C)] (in bits, SP 800-38D §7.1 step 5) and returns S, in wire order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Finish(Vector128<byte> y, int associatedDataLength, int textLength, ref Vector128<byte> powers)
    {
        // Reflected, the big-endian pair (len(A), len(C)) reads as the little-endian pair (len(C), len(A)).
        Vector128<byte> lengths = Vector128.Create((ulong)textLength * 8, (ulong)associatedDataLength * 8).AsByte();
        Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
        MultiplyAdd(y ^ lengths, powers, ref low, ref middle, ref high);
        return Reflect(Reduce(low, middle, high));
    }

    /// <summary>Adds the unreduced 256-bit carry-less product a·b to (low, middle, high), the middle term unsplit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(Vector128<byte> a, Vector128<byte> b, ref Vector128<ulong> low, ref Vector128<ulong> middle, ref Vector128<ulong> high)
    {
        Vector128<ulong> x = a.AsUInt64();
        Vector128<ulong> h = b.AsUInt64();
        low ^= Pclmulqdq.CarrylessMultiply(x, h, 0x00);
        high ^= Pclmulqdq.CarrylessMultiply(x, h, 0x11);
        middle ^= Pclmulqdq.CarrylessMultiply(x, h, 0x10) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x01);
    }

    /// <summary>
    /// Splits the middle term into the 256-bit product, shifts it left by one bit (the reflected domain's product is
    /// one bit short) and reduces it modulo x^128 + x^7 + x^2 + x + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Reduce(Vector128<ulong> low, Vector128<ulong> middle, Vector128<ulong> high)
    {
        Vector128<uint> lo = (low ^ Sse2.ShiftLeftLogical128BitLane(middle.AsByte(), 8).AsUInt64()).AsUInt32();
        Vector128<uint> hi = (high ^ Sse2.ShiftRightLogical128BitLane(middle.AsByte(), 8).AsUInt64()).AsUInt32();

        // 256-bit shift left by one: each dword's top bit moves into the next dword up.
        Vector128<uint> carryLo = Sse2.ShiftRightLogical(lo, 31);
        Vector128<uint> carryHi = Sse2.ShiftRightLogical(hi, 31);
        lo = Sse2.ShiftLeftLogical(lo, 1);
        hi = Sse2.ShiftLeftLogical(hi, 1);
        Vector128<uint> crossing = Sse2.ShiftRightLogical128BitLane(carryLo.AsByte(), 12).AsUInt32();
        lo |= Sse2.ShiftLeftLogical128BitLane(carryLo.AsByte(), 4).AsUInt32();
        hi |= Sse2.ShiftLeftLogical128BitLane(carryHi.AsByte(), 4).AsUInt32() | crossing;

        // First phase: fold the low 128 bits by x^127 + x^126 + x^121 (the reflected x^7, x^2, x terms).
        Vector128<uint> a = Sse2.ShiftLeftLogical(lo, 31) ^ Sse2.ShiftLeftLogical(lo, 30) ^ Sse2.ShiftLeftLogical(lo, 25);
        Vector128<uint> spill = Sse2.ShiftRightLogical128BitLane(a.AsByte(), 4).AsUInt32();
        lo ^= Sse2.ShiftLeftLogical128BitLane(a.AsByte(), 12).AsUInt32();

        // Second phase.
        Vector128<uint> b = Sse2.ShiftRightLogical(lo, 1) ^ Sse2.ShiftRightLogical(lo, 2) ^ Sse2.ShiftRightLogical(lo, 7) ^ spill;
        return (hi ^ lo ^ b).AsByte();
    }
}
